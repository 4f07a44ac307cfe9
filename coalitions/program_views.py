"""A program's side: its coalitions, invitations and requests, and what it consents to share."""

import contextlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Organisation, OrganisationKind, PeerSharing
from assessments.scoring.peers import MIN_PEERS

from .decorators import program_director_required
from .figures import MIN_PROGRAMS
from .forms import AskForm, ConsentForm, SizeForm
from .membership import (
    coalition_request,
    consent_set,
    membership_accept,
    membership_end,
    peer_sharing_set,
)
from .models import CoalitionMembership, MembershipStatus


def _open(program):
    return (
        CoalitionMembership.objects.filter(program=program)
        .exclude(status=MembershipStatus.ENDED)
        .select_related("coalition")
        .order_by("coalition__name")
    )


def _page(request, membership, ask_form, status=200):
    program = membership.organisation
    memberships = list(_open(program))
    for item in memberships:
        item.consent_form = ConsentForm(
            prefix=f"c{item.pk}", initial={"share": ConsentForm.initial_for(item)}
        )
    context = {
        "program": program,
        "memberships": memberships,
        "ask_form": ask_form,
        "min_programs": MIN_PROGRAMS,
        "peer_sharing": PeerSharing.objects.filter(program=program).exists(),
        "min_peers": MIN_PEERS,
        "size_form": SizeForm(initial={"size_band": program.size_band}),
    }
    return render(request, "coalitions/program.html", context, status=status)


@program_director_required
@require_GET
def program_coalitions(request, *, membership):
    return _page(request, membership, AskForm())


@program_director_required
@require_POST
def ask(request, *, membership):
    form = AskForm(request.POST)
    if not form.is_valid():
        return _page(request, membership, form, status=400)
    for coalition in Organisation.objects.filter(
        kind=OrganisationKind.COALITION, name__iexact=form.cleaned_data["name"].strip()
    ):
        with contextlib.suppress(ValidationError):  # already asked, invited or a member
            coalition_request(coalition=coalition, program=membership.organisation, by=request.user)
    messages.success(
        request,
        _("If a coalition has that name, your request now waits for its answer below."),
    )
    return redirect("coalitions:program")


def _theirs(membership, pk) -> CoalitionMembership:
    return get_object_or_404(
        CoalitionMembership.objects.exclude(status=MembershipStatus.ENDED).select_related(
            "coalition"
        ),
        pk=pk,
        program=membership.organisation,
    )


@program_director_required
@require_POST
def accept(request, pk, *, membership):
    invited = _theirs(membership, pk)
    if invited.status == MembershipStatus.INVITED and membership_accept(
        membership=invited, by=request.user
    ):
        messages.success(
            request,
            _("You joined %(name)s. It sees nothing of yours until you choose below.")
            % {"name": invited.coalition.name},
        )
    return redirect("coalitions:program")


@program_director_required
@require_POST
def leave(request, pk, *, membership):
    joined = _theirs(membership, pk)
    membership_end(membership=joined, by=request.user)
    messages.success(
        request,
        _("Done: %(name)s sees nothing of yours from now on.") % {"name": joined.coalition.name},
    )
    return redirect("coalitions:program")


@program_director_required
@require_POST
def consent(request, pk, *, membership):
    joined = _theirs(membership, pk)
    form = ConsentForm(request.POST, prefix=f"c{joined.pk}")
    if form.is_valid() and joined.status == MembershipStatus.ACTIVE:
        scores, name = form.consent()
        consent_set(membership=joined, share_scores=scores, share_name=name, by=request.user)
        messages.success(request, _("Your choice is saved and applies at once."))
    return redirect("coalitions:program")


@program_director_required
@require_POST
def peers(request, *, membership):
    """Count the program, without its name, in every program's peer comparison, or stop."""
    share = request.POST.get("share") == "yes"
    peer_sharing_set(program=membership.organisation, share=share, by=request.user)
    messages.success(request, _("Your choice is saved and applies at once."))
    return redirect("coalitions:program")


@program_director_required
@require_POST
def size(request, *, membership):
    """The program's size band, for the comparison with programs of its size."""
    form = SizeForm(request.POST)
    if form.is_valid():
        Organisation.objects.filter(pk=membership.organisation_id).update(
            size_band=form.cleaned_data["size_band"]
        )
        messages.success(request, _("Your choice is saved and applies at once."))
    return redirect("coalitions:program")
