"""Admin forms for worksheet content: a choice's platform needs and a question's criteria as
plain fields, never raw JSON.

A choice's needs say what an answer requires of a platform, in the chart's terms: a channel
({"channel": "sms"}) and up to two criteria with a value ({"survivor_account": "no"}), which
is what the shipped content uses. A question's criteria are the keys of the practices it
covers, written as a list separated by commas.
"""

from django import forms
from django.core.validators import validate_slug
from django.utils.translation import gettext_lazy as _

from assessments.answering.content_schema import NEED_VALUES
from assessments.models import Choice, Question
from platforms.models import Channel as ChartChannel
from platforms.models import Criterion, FactValue

NEEDS_SHOWN = 2  # criteria a choice can need; the shipped content needs at most two


def criterion_options() -> list[tuple[str, str]]:
    values = {value: label for value, label in FactValue.choices if value in NEED_VALUES}
    return [("", "—")] + [
        (f"{criterion}={value}", f"{criterion_label}: {values[value]}")
        for criterion, criterion_label in Criterion.choices
        for value in NEED_VALUES
    ]


class ChoiceForm(forms.ModelForm):
    need_channel = forms.ChoiceField(
        label=_("Needs this channel"),
        required=False,
        choices=[("", "—"), *ChartChannel.choices],
    )
    need_1 = forms.ChoiceField(
        label=_("Needs of a platform"), required=False, choices=criterion_options
    )
    need_2 = forms.ChoiceField(
        label=_("Another need of a platform"), required=False, choices=criterion_options
    )

    class Meta:
        model = Choice
        # The admin's inline lists the fields it shows; the form only swaps the JSON for choices.
        exclude = ["needs"]  # noqa: DJ006

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        needs = dict(self.instance.needs or {})
        self.initial.setdefault("need_channel", needs.pop("channel", ""))
        pairs = [f"{key}={value}" for key, value in needs.items()]
        for index, pair in enumerate(pairs[:NEEDS_SHOWN], start=1):
            self.initial.setdefault(f"need_{index}", pair)

    def clean(self):
        cleaned = super().clean()
        needs = {}
        if cleaned.get("need_channel"):
            needs["channel"] = cleaned["need_channel"]
        for name in ("need_1", "need_2"):
            if pair := cleaned.get(name):
                criterion, value = pair.split("=", 1)
                if criterion in needs:
                    self.add_error(name, _("This need is already chosen above."))
                needs[criterion] = value
        self.instance.needs = needs
        return cleaned


class QuestionForm(forms.ModelForm):
    criteria = forms.CharField(
        label=_("Criteria covered"),
        required=False,
        help_text=_("The keys of the practices this question covers, separated by commas."),
        widget=forms.TextInput(attrs={"size": 60}),
    )

    class Meta:
        model = Question
        # Every field, as the admin would show without this form (it lists no fields itself).
        fields = "__all__"  # noqa: DJ007

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["criteria"] = ", ".join(self.instance.criteria or [])

    def clean_criteria(self) -> list[str]:
        keys = [key.strip() for key in self.cleaned_data["criteria"].split(",") if key.strip()]
        for key in keys:
            validate_slug(key)
        return list(dict.fromkeys(keys))
