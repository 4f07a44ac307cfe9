"""Each platform fact and each stated need in survivors' words, in both languages."""

from django.utils.translation import gettext_lazy as _

from assessments.scoring.matching import (
    CHANNEL,
    NO,
    PARTLY,
    UNKNOWN,
    YES,
    Need,
    NeedResult,
    Outcome,
)
from platforms.models import Channel, Criterion

CHANNEL_OFFERED = {
    Channel.SMS: _("Survivors can reach you by text message (SMS)"),
    Channel.CHAT: _("Survivors can reach you by web chat"),
    Channel.VIDEO: _("Survivors can have one-to-one video calls"),
    Channel.AUDIO: _("Survivors can have audio-only calls"),
    Channel.GROUP_VIDEO: _("Survivors can join group video sessions"),
    Channel.IN_CALL_CHAT: _("Survivors can type messages during a call"),
}
CHANNEL_NOT_OFFERED = {
    Channel.SMS: _("It does not offer text messages (SMS)"),
    Channel.CHAT: _("It does not offer web chat"),
    Channel.VIDEO: _("It does not offer video calls"),
    Channel.AUDIO: _("It does not offer audio calls"),
    Channel.GROUP_VIDEO: _("It does not offer group video"),
    Channel.IN_CALL_CHAT: _("It does not offer text chat during a call"),
}

# Per criterion: what "yes", "no" and "partly" mean for survivors, and what to ask when unknown.
SAYS = {
    Criterion.SURVIVOR_ACCOUNT: (
        _("Survivors must create an account to start a conversation"),
        _("Survivors can reach you without creating an account"),
        _("Survivors need an account in some setups or for some features"),
        _("Ask the vendor whether survivors must create an account"),
    ),
    Criterion.SURVIVOR_DOWNLOAD: (
        _("Survivors must download an app to reach you"),
        _("Survivors can reach you without downloading an app"),
        _("Survivors need an app on some devices or for some features"),
        _("Ask the vendor whether survivors must download an app"),
    ),
    Criterion.E2E_ENCRYPTION: (
        _("Conversations are end-to-end encrypted"),
        _("Conversations are not end-to-end encrypted"),
        _("Only some conversations are end-to-end encrypted"),
        _("Ask the vendor whether conversations are end-to-end encrypted"),
    ),
    Criterion.VENDOR_READS_CONTENT: (
        _("The vendor can read, hear or see survivors' conversations"),
        _("The vendor cannot read, hear or see survivors' conversations"),
        _("The vendor can read, hear or see some conversations"),
        _("Ask the vendor whether it can read, hear or see survivors' conversations"),
    ),
    Criterion.DEVICE_HISTORY: (
        _("Conversation history or call logs stay on the survivor's device"),
        _("No conversation history or call log stays on the survivor's device"),
        _("Some history stays on the survivor's device"),
        _("Ask the vendor what history stays on the survivor's device"),
    ),
    Criterion.THIRD_PARTY_TRACKING: (
        _("Pages survivors open load third-party tracking or analytics"),
        _("Pages survivors open load no third-party tracking or analytics"),
        _("Some pages survivors open load third-party tracking or analytics"),
        _("Ask the vendor whether pages survivors open load third-party tracking or analytics"),
    ),
    Criterion.SESSION_RECORDING: (
        _("Conversations can be recorded in the platform"),
        _("Conversations cannot be recorded in the platform"),
        _("Conversations can be recorded only in some setups or by some people"),
        _("Ask the vendor whether conversations can be recorded, by whom, and where recordings go"),
    ),
    Criterion.RETENTION_CONTROLS: (
        _("Your program decides how long conversations are kept, and can delete them"),
        _("Your program cannot decide how long conversations are kept"),
        _("Your program decides how long only some conversations are kept"),
        _("Ask the vendor how long conversations are kept and how your program can delete them"),
    ),
    Criterion.SELF_HOSTABLE: (
        _("Your program can run it on its own servers"),
        _("Only the vendor can run it"),
        _("Your program can run only some parts of it on its own servers"),
        _("Ask the vendor whether your program can run it on its own servers"),
    ),
    Criterion.OPEN_SOURCE: (
        _("Its code is open source, so experts can check it"),
        _("Its code is not open source"),
        _("Only some of its code is open source"),
        _("Ask the vendor whether its code is open source"),
    ),
    Criterion.COST_MODEL: (
        _("It is free to use"),
        _("It has no free plan"),
        _("It has a free plan and paid plans"),
        _("Ask the vendor what it costs"),
    ),
    Criterion.SIGNS_BAA: (
        _("The vendor signs agreements such as BAAs"),
        _("The vendor does not sign agreements such as BAAs"),
        _("The vendor signs agreements such as BAAs on some plans only"),
        _("Ask the vendor whether it signs agreements such as BAAs"),
    ),
    Criterion.ACCESSIBILITY: (
        _("Survivors can use it with screen readers, captions and a keyboard alone"),
        _("Survivors who use screen readers, captions or a keyboard alone may be shut out"),
        _("It works only in part with screen readers, captions or a keyboard alone"),
        _("Ask the vendor whether survivors can use it with screen readers and a keyboard alone"),
    ),
    Criterion.LANGUAGES: (
        _("Survivors can see its screens and messages in several languages"),
        _("Survivors see its screens and messages in one language only"),
        _("Only some of its screens and messages are in several languages"),
        _("Ask the vendor which languages survivors can see its screens and messages in"),
    ),
}
FACT_VALUES = (YES, NO, PARTLY, UNKNOWN)


def need_text(need: Need) -> str:
    """A need in words: what the program wants, as survivors would see it."""
    if need.key == CHANNEL:
        return str(CHANNEL_OFFERED[Channel(need.value)])
    return str(SAYS[Criterion(need.key)][FACT_VALUES.index(need.value)])


def fact_says(criterion: str, value: str) -> str:
    return str(SAYS[Criterion(criterion)][FACT_VALUES.index(value)])


def result_says(result: NeedResult) -> str:
    """What the chart says about one need of one platform, from the survivor's side; channel by
    channel where the platform's facts differ on the program's channels."""
    need = result.need
    if need.key == CHANNEL:
        phrases = CHANNEL_OFFERED if result.outcome is Outcome.MEETS else CHANNEL_NOT_OFFERED
        return str(phrases[Channel(need.value)])
    if result.by_channel:
        return " ".join(
            _("%(channel)s: %(says)s.")
            % {"channel": Channel(each.channel).label, "says": fact_says(need.key, each.value)}
            for each in result.by_channel
        )
    return fact_says(need.key, result.value)
