"""Forms for asking a vendor, for the vendor's worksheet, and for reviewing its answers."""

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from assessments.answering.answers import base_token, parse_base_token
from assessments.answering.forms import (
    INPUT,
    NOTE_MAX_LENGTH,
    SectionForm,
    Textarea,
    refuse_control_characters,
)

from .links import default_days
from .review import ACCEPT, KEEP, LATER, Decision

MESSAGE_MAX_LENGTH = 1000


class AskForm(forms.Form):
    email = forms.EmailField(
        label=_("Vendor contact's e-mail"),
        max_length=254,
        help_text=_("The toolkit sends the private link to this address, and to no one else."),
    )
    language = forms.ChoiceField(
        label=_("Language of the e-mail and the worksheet"),
        choices=settings.LANGUAGES,
        help_text=_("The vendor can switch languages on the worksheet."),
    )
    message = forms.CharField(
        label=_("Message to the vendor (optional)"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, **INPUT}),
        validators=[refuse_control_characters],
        help_text=_(
            "The e-mail shows it as you write it. About your program and the product only: "
            "never anything about survivors."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        most = settings.TOOLKIT_VENDOR_LINK_MAX_DAYS
        self.fields["days"] = forms.IntegerField(
            label=_("Days to answer"),
            min_value=1,
            max_value=most,
            widget=forms.NumberInput(attrs={"min": 1, "max": most, **INPUT}),
            help_text=_("After this many days the link stops working. At most %(days)s.")
            % {"days": most},
        )
        self.order_fields(["email", "language", "days", "message"])
        self.fields["email"].widget.attrs.update({"autocomplete": "off", **INPUT})
        self.fields["language"].widget.attrs.update({"class": "form-select"})
        self.initial.setdefault("days", default_days())
        self.initial.setdefault("language", (get_language() or "en")[:2])

    def clean_message(self):
        return self.cleaned_data["message"].strip()


class VendorSectionForm(SectionForm):
    """The worksheet section as the vendor answers it: the note is the vendor's comment."""

    def _add_fields(self, question, answer) -> None:
        super()._add_fields(question, answer)
        note = self.fields[f"n-{question.key}"]
        note.label = _("Comment (optional)")
        note.help_text = _(
            "Anything the program should know about this answer. Never information about "
            "survivors or other clients."
        )


class ReviewForm(forms.Form):
    """One choice per answer the vendor gave: accept it, keep the program's, or decide later."""

    CHOICES = [
        (ACCEPT, _("Accept the vendor's answer")),
        (KEEP, _("Keep our answer")),
        (LATER, _("Decide later")),
    ]

    def __init__(self, *args, rows, **kwargs):
        self.rows = rows
        super().__init__(*args, **kwargs)
        for row in rows:
            key = row.question.key
            self.fields[f"r-{key}"] = forms.ChoiceField(
                label=_("Your decision"),
                choices=self.CHOICES,
                widget=forms.RadioSelect,
                initial=_initial_choice(row),
            )
            self.fields[f"rn-{key}"] = forms.CharField(
                label=_("Why you keep your answer"),
                required=False,
                max_length=NOTE_MAX_LENGTH,
                widget=Textarea(attrs={"rows": 2, **INPUT}),
                validators=[refuse_control_characters],
                initial=row.said.review_note,
                help_text=_("Required when you keep your answer. Never about survivors."),
            )
            self.fields[f"rb-{key}"] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=base_token(row.ours)
            )

    def clean(self):
        cleaned = super().clean()
        for row in self.rows:
            key = row.question.key
            if parse_base_token(cleaned.get(f"rb-{key}", "")) is None:
                self.add_error(f"r-{key}", _("This answer changed. Reload the page."))
            if cleaned.get(f"r-{key}") == KEEP and not (cleaned.get(f"rn-{key}") or "").strip():
                self.add_error(f"rn-{key}", _("Say in a few words why you keep your answer."))
        return cleaned

    def decisions(self) -> list[Decision]:
        return [
            Decision(
                row,
                self.cleaned_data[f"r-{row.question.key}"],
                (self.cleaned_data.get(f"rn-{row.question.key}") or "").strip(),
                parse_base_token(self.cleaned_data[f"rb-{row.question.key}"]),
            )
            for row in self.rows
        ]

    def items(self):
        """(row, choice field, note field) for the template, in order."""
        return [
            (
                row,
                self[f"r-{row.question.key}"],
                self[f"rn-{row.question.key}"],
                self[f"rb-{row.question.key}"],
            )
            for row in self.rows
        ]


def _initial_choice(row) -> str:
    return {"accepted": ACCEPT, "kept_own": KEEP}.get(row.said.review, LATER)
