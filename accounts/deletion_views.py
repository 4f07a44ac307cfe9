"""An organization's data page: download everything, or delete everything (directors only)."""

from django import forms
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from toolkit.db import retry_once

from . import deletion
from .decorators import director_required


class DeleteOrganisationForm(forms.Form):
    name = forms.CharField(
        label=_("Type the organization's name to confirm"),
        help_text=_("Exactly as it is shown above, with the same capital letters."),
        max_length=200,
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if name != self.organisation.name.strip():
            raise forms.ValidationError(
                _("The name does not match. Nothing was deleted."), code="mismatch"
            )
        return name


@director_required
@require_http_methods(["GET", "POST"])
def organisation_data(request, *, membership):
    """GET shows the page; POST deletes everything once the name is typed exactly."""
    organisation = membership.organisation
    form = DeleteOrganisationForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        deleted = retry_once(
            lambda: deletion.organisation_delete(organisation=organisation, by=request.user)
        )
        if request.user.pk in deleted:
            logout(request)
        return redirect("accounts:organisation_deleted")
    return render(
        request,
        "accounts/organisation_data.html",
        {"organisation": organisation, "form": form},
        status=400 if form.errors else 200,
    )


@director_required
@require_GET
def organisation_download(request, *, membership):
    archive = deletion.organisation_archive(organisation=membership.organisation)
    name = f"organization-data-{timezone.localdate():%Y-%m-%d}.zip"
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def organisation_deleted(request):
    return render(request, "accounts/organisation_deleted.html")
