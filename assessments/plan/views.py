"""The action plan page: list, add, change, reorder, mark done, update from the answers, CSV.

Everything works without JavaScript: each change is a small form posting to its own URL, and a
refused change (bad input, finalized, a passing database failure) brings the page back with the
person's input and the reason.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import organisation_required
from assessments.answering.answers import AssessmentLocked
from assessments.answering.forms import refuse_control_characters
from assessments.answering.pii import personal_information_warnings
from assessments.answering.views import LOCKED, NOT_SAVED
from assessments.models import ActionItem, ActionStatus, Assessment, AssessmentStatus
from assessments.plan import actions
from toolkit.db import TRANSIENT_ERRORS, retry_once

DESCRIPTION_MAX_LENGTH = 1000
OWNER_MAX_LENGTH = ActionItem._meta.get_field("owner").max_length
NEW_PREFIX = "new"
INPUT = {"class": "form-control"}
TOO_LONG = gettext_lazy("Keep this to %(limit_value)s characters or fewer (it has %(show_value)s).")
MOVED = {"up": gettext_lazy("Action moved up."), "down": gettext_lazy("Action moved down.")}


class NewActionForm(forms.Form):
    description = forms.CharField(
        label=gettext_lazy("What to do"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, **INPUT}),
        validators=[refuse_control_characters],
        help_text=gettext_lazy(
            "What your program will do. Never names, contact details or stories of survivors."
        ),
        error_messages={
            "required": gettext_lazy("Describe the action."),
            "max_length": TOO_LONG,
        },
    )
    owner = forms.CharField(
        label=gettext_lazy("Owner (optional)"),
        max_length=OWNER_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs=INPUT),
        validators=[refuse_control_characters],
        help_text=ActionItem._meta.get_field("owner").help_text,
        error_messages={"max_length": TOO_LONG},
    )
    due_on = forms.DateField(
        label=gettext_lazy("Due date (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", **INPUT}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Year, month and day, for example 2027-03-31."),
        error_messages={
            "invalid": gettext_lazy("Enter a date that exists, for example 2027-03-31.")
        },
    )

    @property
    def warnings(self) -> list[str]:
        """Warnings (never errors) when the text seems to hold someone's personal information."""
        typed = [self.cleaned_data.get(name) or "" for name in ("description", "owner")]
        return personal_information_warnings(" ".join(typed))


class ActionForm(NewActionForm):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": gettext_lazy("Choose one of the statuses listed.")},
    )

    @staticmethod
    def prefix_for(item: ActionItem) -> str:
        return f"action-{item.pk}"


class DoneForm(forms.Form):
    """The "Mark done" button: nothing to type, so nothing to lose."""

    status = forms.ChoiceField(choices=[(ActionStatus.DONE, ActionStatus.DONE.label)])
    warnings = ()

    @staticmethod
    def prefix_for(item: ActionItem) -> str:
        return f"done-{item.pk}"


@dataclass(frozen=True)
class Refused:
    """Why a write did not happen, and the status the page comes back with."""

    message: str
    status: int


def _attempt(operation):
    """The operation's result, or Refused when the assessment is locked or the database failed."""
    try:
        return retry_once(operation)
    except AssessmentLocked:
        return Refused(str(LOCKED), 409)
    except TRANSIENT_ERRORS:
        return Refused(str(NOT_SAVED), 503)


def _assessment_for(membership, pk) -> Assessment:
    """The assessment, if it belongs to the organisation worked in now; 404 otherwise."""
    return get_object_or_404(Assessment.objects.for_membership(membership), pk=pk)


def _plan_url(assessment: Assessment, item: ActionItem | None = None) -> str:
    url = reverse("assessments:actions", args=[assessment.pk])
    return f"{url}#action-{item.pk}" if item else url


def _item_form(item: ActionItem) -> ActionForm:
    initial = {name: getattr(item, name) for name in ("description", "owner", "due_on", "status")}
    return ActionForm(prefix=ActionForm.prefix_for(item), initial=initial)


def _render_plan(request, assessment, *, bound=None, problem="", status=200):
    """The plan; `bound` is a refused form shown again with the person's input."""
    rows = actions.action_rows(assessment=assessment)
    replaced = bound.prefix if isinstance(bound, ActionForm) else None
    items = [
        (row, bound if replaced == ActionForm.prefix_for(row.item) else _item_form(row.item))
        for row in rows
    ]
    adding = bound is not None and bound.prefix == NEW_PREFIX
    context = {
        "assessment": assessment,
        "items": items,
        "add_form": bound if adding else NewActionForm(prefix=NEW_PREFIX),
        "error_form": bound if bound is not None and bound.errors else None,
        "problem": problem,
        "finalized": assessment.status != AssessmentStatus.DRAFT,
        "editable": assessment.status == AssessmentStatus.DRAFT or bound is not None,
    }
    return render(request, "assessments/action_plan.html", context, status=status)


def _refuse(request, assessment, refused: Refused, form=None):
    """Nothing saved: the page again with the reason, and the person's input if there was any."""
    if refused.status == 409:
        assessment.refresh_from_db(fields=["status"])
    if form is not None:
        form.add_error(None, refused.message)
    problem = "" if form is not None else refused.message
    return _render_plan(request, assessment, bound=form, problem=problem, status=refused.status)


def _report_saved(request, form, text: str) -> bool:
    """Say it was saved; warn about personal information. True when there was a warning."""
    messages.success(request, text)
    for warning in form.warnings:
        messages.warning(request, warning)
    if form.warnings:
        messages.warning(
            request,
            _("The action plan is about your program's work: never write about a survivor."),
        )
    return bool(form.warnings)


@organisation_required
@require_GET
def action_plan(request, pk, *, membership):
    return _render_plan(request, _assessment_for(membership, pk))


@organisation_required
@require_POST
def action_add(request, pk, *, membership):
    assessment = _assessment_for(membership, pk)
    form = NewActionForm(request.POST, prefix=NEW_PREFIX)
    if not form.is_valid():
        return _render_plan(request, assessment, bound=form, status=400)
    outcome = _attempt(lambda: actions.action_add(assessment=assessment, **form.cleaned_data))
    if isinstance(outcome, Refused):
        return _refuse(request, assessment, outcome, form)
    warned = _report_saved(request, form, _("Action added at the end of the plan."))
    return redirect(_plan_url(assessment, None if warned else outcome))


@organisation_required
@require_POST
def action_update(request, pk, item_pk, *, membership):
    """Save an action's form, or only mark it done (the DoneForm beside it)."""
    assessment = _assessment_for(membership, pk)
    item = get_object_or_404(assessment.actions, pk=item_pk)
    form_class = DoneForm if request.POST.get("form") == "done" else ActionForm
    form = form_class(request.POST, prefix=form_class.prefix_for(item))
    if not form.is_valid():
        return _render_plan(request, assessment, bound=form, status=400)
    write = actions.action_set_status if form_class is DoneForm else actions.action_update
    outcome = _attempt(lambda: write(item=item, **form.cleaned_data))
    if isinstance(outcome, Refused):
        return _refuse(request, assessment, outcome, form)
    text = _("Action marked done.") if form_class is DoneForm else _("Action saved.")
    warned = _report_saved(request, form, text)
    return redirect(_plan_url(assessment, None if warned else item))


@organisation_required
@require_POST
def action_move(request, pk, item_pk, *, membership):
    assessment = _assessment_for(membership, pk)
    item = get_object_or_404(assessment.actions, pk=item_pk)
    direction = request.POST.get("direction", "")
    if direction not in actions.DIRECTIONS:
        problem = _("Choose whether to move the action up or down.")
        return _render_plan(request, assessment, problem=problem, status=400)
    outcome = _attempt(lambda: actions.action_move(item=item, direction=direction))
    if isinstance(outcome, Refused):
        return _refuse(request, assessment, outcome)
    if outcome:
        messages.success(request, MOVED[direction])
    return redirect(_plan_url(assessment, item))


@organisation_required
@require_POST
def action_refresh(request, pk, *, membership):
    assessment = _assessment_for(membership, pk)
    outcome = _attempt(lambda: actions.action_plan_refresh(assessment=assessment))
    if isinstance(outcome, Refused):
        return _refuse(request, assessment, outcome)
    if outcome:
        text = ngettext(
            "%(count)s action added from the latest answers.",
            "%(count)s actions added from the latest answers.",
            len(outcome),
        ) % {"count": len(outcome)}
    else:
        text = _("The plan already has an action for every finding.")
    messages.success(request, text)
    return redirect(_plan_url(assessment))


@organisation_required
@require_GET
def actions_csv(request, pk, *, membership):
    assessment = _assessment_for(membership, pk)
    response = HttpResponse(
        actions.action_plan_csv(assessment=assessment), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="action-plan-{assessment.pk}.csv"'
    return response
