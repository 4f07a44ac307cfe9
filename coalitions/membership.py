"""Programs joining and leaving coalitions, and their consent: each step in one named function,
each recorded in the change history (the admin's log)."""

from django.contrib.admin.models import ADDITION, CHANGE
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, OrganisationKind, PeerSharing
from assessments.exchange.deletion import history_note

from .models import OPEN_STATUSES, CoalitionMembership, MembershipStatus


def _history(membership: CoalitionMembership, *, by, message: str, flag: int = CHANGE) -> None:
    history_note(obj=membership, by=by, message=message, flag=flag)


def _start(*, coalition: Organisation, program: Organisation, status: str, by):
    if coalition.kind != OrganisationKind.COALITION or program.kind != OrganisationKind.PROGRAM:
        raise ValidationError(_("Only a program can join, and only a coalition."), code="kind")
    open_ = CoalitionMembership.objects.filter(
        coalition=coalition, program=program, status__in=OPEN_STATUSES
    )
    if open_.exists():
        raise ValidationError(
            _("This program is already a member of the coalition, or already asked or invited."),
            code="open",
        )
    membership = CoalitionMembership.objects.create(
        coalition=coalition, program=program, status=status
    )
    _history(membership, by=by, flag=ADDITION, message=f"Started: {status}")
    return membership


@transaction.atomic
def coalition_invite(*, coalition: Organisation, program: Organisation, by) -> CoalitionMembership:
    """The coalition invites a program; its director accepts or declines."""
    return _start(coalition=coalition, program=program, status=MembershipStatus.INVITED, by=by)


@transaction.atomic
def coalition_request(*, coalition: Organisation, program: Organisation, by) -> CoalitionMembership:
    """A program asks to join a coalition; the coalition accepts or declines."""
    return _start(coalition=coalition, program=program, status=MembershipStatus.REQUESTED, by=by)


@transaction.atomic
def membership_accept(*, membership: CoalitionMembership, by) -> bool:
    """The other side accepts: the program is a member, sharing nothing until it chooses to."""
    accepted = CoalitionMembership.objects.filter(
        pk=membership.pk, status__in=[MembershipStatus.INVITED, MembershipStatus.REQUESTED]
    ).update(status=MembershipStatus.ACTIVE, joined_at=timezone.now())
    if accepted:
        _history(membership, by=by, message="Accepted: member, sharing nothing")
    return bool(accepted)


@transaction.atomic
def membership_end(*, membership: CoalitionMembership, by) -> bool:
    """Leave, decline or withdraw: whatever was shared stops being shared at once."""
    ended = CoalitionMembership.objects.filter(pk=membership.pk, status__in=OPEN_STATUSES).update(
        status=MembershipStatus.ENDED, share_scores=False, share_name=False, ended_at=timezone.now()
    )
    if ended:
        _history(membership, by=by, message="Ended: nothing shared")
    return bool(ended)


@transaction.atomic
def consent_set(
    *, membership: CoalitionMembership, share_scores: bool, share_name: bool, by
) -> bool:
    """The program's director chooses what its coalition may see; False unless a member.

    The name is shared only beside the figures: sharing it without them is refused.
    """
    if share_name and not share_scores:
        raise ValidationError(_("Share your figures to share your name beside them."))
    changed = CoalitionMembership.objects.filter(
        pk=membership.pk, status=MembershipStatus.ACTIVE
    ).update(share_scores=share_scores, share_name=share_name)
    if changed:
        _history(
            membership,
            by=by,
            message=f"Consent: scores {'shared' if share_scores else 'not shared'}, "
            f"name {'shared' if share_name else 'not shared'}",
        )
    return bool(changed)


@transaction.atomic
def peer_sharing_set(*, program: Organisation, share: bool, by) -> None:
    """Count (or stop counting) the program, without its name, among the site-wide peers."""
    if share:
        consent, created = PeerSharing.objects.get_or_create(program=program)
        if created:
            history_note(obj=consent, by=by, message="Peer benchmark: counted, without the name")
    else:
        for consent in PeerSharing.objects.filter(program=program):
            history_note(obj=consent, by=by, message="Peer benchmark: no longer counted")
            consent.delete()
