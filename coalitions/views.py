"""The coalition's side: its view of the programs that share, its members, invitations and
requests, and the figures as CSV."""

import contextlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Membership, OrganisationKind, Role
from assessments.models import Recommendation

from .decorators import coalition_director_required, coalition_required
from .exports import figures_csv
from .figures import MIN_PROGRAMS, coalition_figures
from .forms import InviteForm
from .membership import coalition_invite, membership_accept, membership_end
from .models import CoalitionMembership, MembershipStatus
from .presentation import figures_display

MEMBERS_PER_PAGE = 50


def _members(coalition):
    return (
        CoalitionMembership.objects.filter(coalition=coalition)
        .exclude(status=MembershipStatus.ENDED)
        .select_related("program")
        .order_by("program__name")
    )


@coalition_required
@require_GET
def dashboard(request, *, membership):
    return _dashboard(request, membership, InviteForm())


def _dashboard(request, membership, form, status=200):
    coalition = membership.organisation
    figures = coalition_figures(coalition=coalition)
    keys = [key for key, _count in figures.recommendations or []]
    titles = dict(Recommendation.objects.filter(key__in=keys).values_list("key", "title"))
    members = Paginator(_members(coalition), MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "coalition": coalition,
        "figures": figures_display(figures, titles),
        "members": members,
        "form": form,
        "min_programs": MIN_PROGRAMS,
    }
    return render(request, "coalitions/dashboard.html", context, status=status)


@coalition_director_required
@require_POST
def invite(request, *, membership):
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _dashboard(request, membership, form, status=400)
    directors = Membership.objects.filter(
        user__email__iexact=form.cleaned_data["email"],
        role=Role.DIRECTOR,
        organisation__kind=OrganisationKind.PROGRAM,
    ).select_related("organisation")
    for director in directors:
        # Already invited, asked or a member: the message below says the same.
        with contextlib.suppress(ValidationError):
            coalition_invite(
                coalition=membership.organisation, program=director.organisation, by=request.user
            )
    # The same words whether or not the address directs a program: the page tells nobody who
    # has an account.
    messages.success(
        request,
        _(
            "If a program's director has this e-mail, the invitation now waits on their Coalitions page."
        ),
    )
    return redirect("coalitions:dashboard")


@coalition_director_required
@require_POST
def answer_request(request, pk, *, membership):
    asked = get_object_or_404(
        CoalitionMembership,
        pk=pk,
        coalition=membership.organisation,
        status=MembershipStatus.REQUESTED,
    )
    if request.POST.get("answer") == "accept":
        membership_accept(membership=asked, by=request.user)
        messages.success(
            request,
            _("%(name)s is now a member. It shares nothing until its director chooses to.")
            % {"name": asked.program.name},
        )
    else:
        membership_end(membership=asked, by=request.user)
        messages.info(request, _("The request was declined."))
    return redirect("coalitions:dashboard")


@coalition_required
@require_GET
def figures_download(request, *, membership):
    coalition = membership.organisation
    figures = coalition_figures(coalition=coalition)
    response = HttpResponse(figures_csv(figures), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="coalition-figures.csv"'
    return response
