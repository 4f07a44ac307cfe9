"""Downloads of an assessment (answers as CSV, the whole of it as JSON) and importing one."""

import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import director_required, organisation_required
from assessments.answering.views import assessment_for
from assessments.exchange import exports as exchange
from assessments.exchange.exports import ImportRefused
from assessments.exchange.imports import assessment_import as import_assessment

MAX_FILE_BYTES = 2 * 1024 * 1024  # uploads; pasted text is capped by DATA_UPLOAD_MAX_MEMORY_SIZE
MAX_DIGITS = 100  # no number in an export comes near; Python refuses past 4,300


class NumberTooLong(ValueError):
    pass


def _integer(text: str) -> int:
    """An integer of the file, refused before Python's own limit turns it into a crash."""
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise NumberTooLong
    return int(text)


INPUT = {"class": "form-control"}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File exported from the toolkit"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".json,application/json", **INPUT}),
        help_text=gettext_lazy("A .json file of up to 2 MB."),
    )
    text = forms.CharField(
        label=gettext_lazy("Or paste the exported text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", **INPUT}),
        help_text=gettext_lazy(
            "Pasted text can be up to 500 KB; for a larger assessment, choose the file instead."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("This file is larger than 2 MB."), code="too_big")
        return upload

    def clean(self):
        """Parse the file, else the pasted text, into `cleaned_data["data"]`."""
        upload, text = self.cleaned_data.get("file"), self.cleaned_data.get("text", "")
        if self.errors:
            return self.cleaned_data
        if not upload and not text.strip():
            raise forms.ValidationError(_("Choose the exported file, or paste its text."))
        try:
            raw = upload.read().decode("utf-8-sig") if upload else text
            self.cleaned_data["data"] = json.loads(raw, parse_int=_integer)
        except UnicodeDecodeError:
            raise forms.ValidationError(_("This is not a text file in UTF-8.")) from None
        except json.JSONDecodeError as error:
            message = _("This is not valid JSON (line %(line)s, column %(column)s).")
            raise forms.ValidationError(
                message % {"line": error.lineno, "column": error.colno}
            ) from None
        except NumberTooLong:
            raise forms.ValidationError(
                _("This file holds a number with more than %(digits)s digits.")
                % {"digits": MAX_DIGITS}
            ) from None
        except RecursionError:
            raise forms.ValidationError(_("This JSON is nested too deeply to read.")) from None
        return self.cleaned_data


def _attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@organisation_required
@require_GET
def answers_csv(request, pk, *, membership):
    assessment = assessment_for(request, membership, pk)
    language = request.GET.get("lang", "")
    if language not in dict(settings.LANGUAGES):
        language = request.LANGUAGE_CODE
    body = exchange.answers_csv(assessment=assessment, language=language)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    return _attachment(response, f"answers-{assessment.pk}-{language}.csv")


@never_cache
@director_required
@require_GET
def export_json(request, pk, *, membership):
    assessment = assessment_for(request, membership, pk)
    data = exchange.assessment_json(assessment=assessment)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    return _attachment(response, f"assessment-{assessment.pk}.json")


@director_required
@require_http_methods(["GET", "POST"])
def assessment_import(request, *, membership):
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data["data"]
        try:
            assessment = import_assessment(
                organisation=membership.organisation, data=data, by=request.user
            )
        except ImportRefused as refused:
            for message in refused.messages:
                form.add_error(None, message)
        else:
            text = _("Imported as “%(name)s”, a new draft. Check it before you finalize it.")
            messages.success(request, text % {"name": assessment.name})
            return redirect("assessments:detail", pk=assessment.pk)
    status = 400 if form.errors else 200
    return render(request, "assessments/import.html", {"form": form}, status=status)
