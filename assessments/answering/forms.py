"""One form class for every worksheet section: its fields are built from the content."""

import re
from dataclasses import dataclass

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from assessments.answering.answers import AnswerInput, AnswerValue, base_token, parse_base_token
from assessments.answering.pii import personal_information_warnings
from assessments.models import UNSURE, Assessment, Channel, QuestionKind

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NOTE_MAX_LENGTH = 2000
CHECK = {"class": "form-check-input"}
INPUT = {"class": "form-control"}


def refuse_control_characters(value: str) -> None:
    if CONTROL_CHARACTERS.search(value or ""):
        raise forms.ValidationError(
            _(
                "This text contains invisible control characters that cannot be saved. Retype it "
                "or paste it as plain text."
            ),
            code="control_characters",
        )


class AssessmentForm(forms.ModelForm):
    channels = forms.MultipleChoiceField(
        label=_("Channels you are considering"),
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose at least one. You can assess several channels together."),
        error_messages={"required": _("Choose at least one channel.")},
    )

    class Meta:
        model = Assessment
        fields = ["name", "report_language"]
        labels = {"name": _("Name of this assessment")}
        help_texts = {
            "name": _(
                "For example: Text and chat services, spring review. Describe the "
                "program's plan, never a survivor."
            ),
            "report_language": _("The readiness report will be written in this language."),
        }

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        refuse_control_characters(name)
        return name


class VendorForm(forms.Form):
    name = forms.CharField(
        label=_("Vendor or product name"),
        max_length=200,
        help_text=_("Add each vendor you are considering; you will evaluate them side by side."),
    )

    def __init__(self, *args, assessment, **kwargs):
        self.assessment = assessment
        super().__init__(*args, **kwargs)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        refuse_control_characters(name)
        if self.assessment.vendors.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("This assessment already has a vendor with that name."))
        return name


# The section form's inputs, written as Django's widget templates (django/forms/widgets/*.html)
# write them, without a template render for each: a section page has dozens of inputs, and these
# renders were a third of its time. Django still builds every input's context (name, value, id,
# checked, aria-describedby...); only turning that context into HTML is done here, for the
# templates below. Any other template is rendered as usual. test_section_inputs_are_written_as_
# djangos_templates_write_them (tests/assessments/test_queries.py) compares the two, byte for byte.
def _attributes(attrs: dict) -> str:  # attrs.html
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:  # input.html
    value = "" if widget["value"] is None else f' value="{conditional_escape(widget["value"])}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{value}{_attributes(widget["attrs"])}>'
    )


def _option(widget: dict) -> str:  # radio_option.html and checkbox_option.html (input_option.html)
    if not widget.get("wrap_label"):
        return _input(widget)
    label_for = widget["attrs"].get("id")
    label_for = f' for="{conditional_escape(label_for)}"' if label_for else ""
    return f"<label{label_for}>{_input(widget)}\n {conditional_escape(widget['label'])}</label>"


def _textarea(widget: dict) -> str:  # textarea.html
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"'
        f"{_attributes(widget['attrs'])}>\n{value}</textarea>"
    )


# Template name -> what it writes (Django's renderer strips the surrounding white space).
DIRECT = {
    "django/forms/widgets/text.html": _input,
    "django/forms/widgets/number.html": _input,
    "django/forms/widgets/hidden.html": _input,
    "django/forms/widgets/radio_option.html": _option,
    "django/forms/widgets/checkbox_option.html": _option,
    "django/forms/widgets/textarea.html": _textarea,
}


class DirectRender:
    """A widget whose inputs are written directly (see DIRECT) when the form uses Django's own
    widget templates; any other template, or a project-wide form renderer, renders as usual."""

    def _render(self, template_name, context, renderer=None):
        write = DIRECT.get(template_name)
        if write is None or not isinstance(
            renderer or forms.renderers.get_default_renderer(), forms.renderers.DjangoTemplates
        ):
            return super()._render(template_name, context, renderer)
        return mark_safe(write(context["widget"]))


class RadioSelect(DirectRender, forms.RadioSelect):
    pass


class CheckboxSelectMultiple(DirectRender, forms.CheckboxSelectMultiple):
    pass


class NumberInput(DirectRender, forms.NumberInput):
    pass


class TextInput(DirectRender, forms.TextInput):
    pass


class Textarea(DirectRender, forms.Textarea):
    pass


class HiddenInput(DirectRender, forms.HiddenInput):
    pass


def _value_field(question) -> forms.Field:
    common = {"label": question.text, "required": False, "help_text": question.help}
    choices = [(c.key, c.label) for c in question.choices.all()]
    invalid = {"invalid_choice": _("Choose one of the answers listed.")}
    if question.kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=choices,
            widget=CheckboxSelectMultiple(attrs=CHECK),
            error_messages=invalid,
            **common,
        )
    if question.has_choices:
        return forms.ChoiceField(
            choices=choices, widget=RadioSelect(attrs=CHECK), error_messages=invalid, **common
        )
    if question.kind == QuestionKind.NUMBER:
        validators = [
            v
            for v in (
                question.min_value is not None and MinValueValidator(question.min_value),
                question.max_value is not None and MaxValueValidator(question.max_value),
            )
            if v
        ]
        return forms.DecimalField(
            max_digits=12,
            decimal_places=2,
            validators=validators,
            widget=NumberInput(
                attrs={"inputmode": "decimal", **INPUT, "class": "form-control w-auto"}
            ),
            **common,
        )
    widget = (
        Textarea(attrs={"rows": 5, **INPUT})
        if question.kind == QuestionKind.LONG_TEXT
        else TextInput(attrs=INPUT)
    )
    max_length = (
        question.max_length
        if question.kind == QuestionKind.LONG_TEXT
        else min(question.max_length, 300)
    )
    return forms.CharField(
        max_length=max_length, widget=widget, validators=[refuse_control_characters], **common
    )


@dataclass
class QuestionRow:
    question: object
    field: forms.BoundField
    note: forms.BoundField
    base: forms.BoundField
    answer: object
    warnings: list
    in_conflict: bool
    other: object
    guide: object = None  # the published guide the question links to, if any
    vendor_said: object = None  # what the vendor submitted through its private link, if anything

    @property
    def needs_review(self) -> bool:
        """The question's wording or choices changed after this answer was given."""
        return bool(self.answer and self.answer.question_revision < self.question.revision)

    @property
    def carried_over(self) -> bool:
        """The answer comes from the earlier assessment and nobody has saved it here yet."""
        return bool(self.answer and self.answer.carried_over)


def initial_value(question, value: AnswerValue):
    if question.kind == QuestionKind.MULTIPLE:
        return list(value.selected)
    if question.has_choices:
        return value.selected[0] if value.selected else None
    return value.number if question.kind == QuestionKind.NUMBER else value.text


class SectionForm(forms.Form):
    """Answers to the questions of one section (or of one question, for autosave)."""

    content_version = forms.IntegerField(widget=HiddenInput)

    def __init__(self, *args, questions, answers, content_version, **kwargs):
        self.questions = list(questions)
        self.answers = answers  # question id -> Answer
        self.current_content_version = content_version
        super().__init__(*args, initial={"content_version": content_version.number}, **kwargs)
        for question in self.questions:
            self._add_fields(question, answers.get(question.pk))
        self.warnings = {}

    def _add_fields(self, question, answer) -> None:
        key = question.key
        self.fields[f"q-{key}"] = _value_field(question)
        self.fields[f"n-{key}"] = forms.CharField(
            label=_("Note (optional)"),
            required=False,
            max_length=NOTE_MAX_LENGTH,
            widget=Textarea(attrs={"rows": 2, **INPUT}),
            validators=[refuse_control_characters],
            help_text=_(
                "About your program only: never names, contact details or stories of survivors."
            ),
        )
        self.fields[f"b-{key}"] = forms.CharField(widget=HiddenInput, required=False)
        value = AnswerValue.of(answer)
        self.initial.update(
            {
                f"q-{key}": initial_value(question, value),
                f"n-{key}": value.note,
                f"b-{key}": base_token(answer),
            }
        )

    def rows(self, conflicts=None, guides=None) -> list["QuestionRow"]:
        """Everything the template shows for each question, in order (`guides`: by id)."""
        conflicts, guides = conflicts or {}, guides or {}
        return [
            QuestionRow(
                q,
                self[f"q-{q.key}"],
                self[f"n-{q.key}"],
                self[f"b-{q.key}"],
                self.answers.get(q.pk),
                self.warnings.get(q.key, []),
                q.key in conflicts,
                conflicts.get(q.key),
                guides.get(q.guide_id),
            )
            for q in self.questions
        ]

    def full_clean(self):
        super().full_clean()
        if self.has_error("content_version", "content_changed"):
            # The page comes back with the content as it is now: saving again, once the person
            # has checked their answers against it, is a deliberate choice that must be possible.
            self.data = self.data.copy()
            self.data["content_version"] = str(self.current_content_version.number)
        for name in self.errors:  # tie each message to its field for screen readers
            if name in self.fields and not name.startswith("b-"):
                widget = self.fields[name].widget
                widget.attrs["aria-describedby"] = f"id_{name}_helptext id_{name}_error"

    def clean_content_version(self):
        if self.cleaned_data["content_version"] != self.current_content_version.number:
            raise forms.ValidationError(
                _(
                    "The worksheet content was updated while you were answering. Nothing was saved: "
                    "check your answers below and save again."
                ),
                code="content_changed",
            )
        return self.cleaned_data["content_version"]

    def clean(self):
        cleaned = super().clean()
        foreign = sorted(
            name for name in self.data if name[:2] in ("q-", "n-", "b-") and name not in self.fields
        )
        if foreign:
            raise forms.ValidationError(
                _(
                    "Some answers sent do not belong to this section (another worksheet or an older "
                    "version of it). Nothing was saved; reload the page and try again."
                ),
                code="foreign",
            )
        for question in self.questions:
            self._check_question(question, cleaned)
        return cleaned

    def _check_question(self, question, cleaned) -> None:
        key = question.key
        if parse_base_token(cleaned.get(f"b-{key}", "")) is None and f"b-{key}" not in self.errors:
            self.add_error(
                f"q-{key}",
                _("This answer could not be matched to the stored one. Reload the page."),
            )
        value = cleaned.get(f"q-{key}")
        if question.kind == QuestionKind.MULTIPLE and value and UNSURE in value and len(value) > 1:
            self.add_error(
                f"q-{key}", _("Choose “Not sure” on its own, or only the other answers.")
            )
        free_text = [cleaned.get(f"n-{key}") or ""]
        if question.kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
            free_text.append(cleaned.get(f"q-{key}") or "")
        warnings = personal_information_warnings(" ".join(free_text))
        if warnings:
            self.warnings[key] = warnings

    def answer_inputs(self) -> list[AnswerInput]:
        return [
            AnswerInput(
                q,
                answer_value(
                    q, self.cleaned_data.get(f"q-{q.key}"), self.cleaned_data.get(f"n-{q.key}", "")
                ),
                parse_base_token(self.cleaned_data[f"b-{q.key}"]),
            )
            for q in self.questions
        ]


def stored_form_data(question, answer) -> dict[str, list[str]]:
    """The stored answer as a browser would post it (to show someone else's newer answer)."""
    value = AnswerValue.of(answer)
    if question.has_choices:
        shown = list(value.selected)
    elif question.kind == QuestionKind.NUMBER:
        shown = [] if value.number is None else [format(value.number.normalize(), "f")]
    else:
        shown = [value.text]
    return {f"q-{question.key}": shown, f"n-{question.key}": [value.note]}


def answer_value(question, raw, note: str) -> AnswerValue:
    """The stored shape of what the form cleaned for one question."""
    note = (note or "").strip()
    if question.kind == QuestionKind.MULTIPLE:
        return AnswerValue(selected=tuple(raw or ()), note=note)
    if question.has_choices:
        return AnswerValue(selected=(raw,) if raw else (), note=note)
    if question.kind == QuestionKind.NUMBER:
        return AnswerValue(number=raw, note=note)
    return AnswerValue(text=(raw or "").strip(), note=note)
