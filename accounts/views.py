from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import organisations
from .current import choose_organisation, current_membership, memberships_of
from .decorators import director_required
from .forms import (
    ChooseOrganisationForm,
    InvitationForm,
    RoleForm,
    SetPasswordForNewAccountForm,
    SignupForm,
)
from .mail_limits import mail_allowed
from .models import Membership, Role, User

BACKEND = "django.contrib.auth.backends.ModelBackend"


@login_required
@require_http_methods(["GET", "POST"])
def home(request):
    """Choose the organisation to work in (skipped when a person belongs to just one)."""
    memberships = list(memberships_of(request.user))
    form = ChooseOrganisationForm(request.POST or None, memberships=memberships)
    if request.method == "POST" and form.is_valid():
        choose_organisation(request, form.cleaned_data["organisation"])
        return redirect(_same_site_path(request, request.POST.get("next")) or "home")
    if request.method == "GET" and len(memberships) == 1:
        return redirect("home")
    return render(
        request,
        "accounts/choose_organisation.html",
        {"memberships": memberships, "form": form, "current": current_membership(request)},
        status=400 if form.errors else 200,
    )


def _same_site_path(request, target: str | None) -> str | None:
    """`target` if it is a path on this site; else None."""
    # Only a path: anything else (a bare word, say) would be read as a view name to reverse.
    if (
        target
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return None


@require_http_methods(["GET", "POST"])
def signup(request):
    if not settings.TOOLKIT_SELF_SIGNUP:
        return render(request, "accounts/signup_closed.html", status=403)
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisations.signup_start(
            organisation_name=form.cleaned_data["organisation_name"],
            email=form.cleaned_data["email"],
            request=request,
        )
        return render(request, "accounts/signup_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "accounts/signup.html", {"form": form})


@require_http_methods(["GET", "POST"])
def signup_confirm(request, token):
    try:
        pending = organisations.signup_token_read(token)
    except signing.BadSignature:  # includes SignatureExpired
        return render(request, "accounts/link_invalid.html", status=400)
    if (
        not settings.TOOLKIT_SELF_SIGNUP
        or User.objects.filter(email__iexact=pending["email"]).exists()
    ):
        return render(request, "accounts/link_invalid.html", status=400)
    form = SetPasswordForNewAccountForm(request.POST or None, email=pending["email"])
    if request.method == "POST" and form.is_valid():
        try:
            user = organisations.signup_complete(
                organisation_name=pending["name"],
                email=pending["email"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError:
            return render(request, "accounts/link_invalid.html", status=400)
        login(request, user, backend=BACKEND)
        messages.success(request, _("Welcome. Your organization is ready."))
        return redirect("home")
    return render(request, "accounts/signup_confirm.html", {"form": form, "pending": pending})


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """Accept an invitation: as the signed-in invitee, or by creating an account for the address."""
    invite = organisations.invitation_for_token(token)
    if invite is None or not invite.is_usable:
        return render(request, "accounts/link_invalid.html", status=400 if invite else 404)
    existing = User.objects.filter(email__iexact=invite.email).first()
    if request.user.is_authenticated and request.user != existing:
        return render(
            request, "accounts/invitation_wrong_account.html", {"invite": invite}, status=403
        )
    if existing and not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    form = (
        None if existing else SetPasswordForNewAccountForm(request.POST or None, email=invite.email)
    )
    if request.method == "POST" and (form is None or form.is_valid()):
        user = existing or User.objects.create_user(
            email=invite.email, password=form.cleaned_data["password1"]
        )
        membership = organisations.invitation_accept(invitation=invite, user=user)
        if not request.user.is_authenticated:
            login(request, user, backend=BACKEND)
        choose_organisation(request, membership)
        messages.success(request, _("You have joined %(name)s.") % {"name": invite.organisation})
        return redirect("home")
    return render(request, "accounts/invitation.html", {"invite": invite, "form": form})


@director_required
@require_http_methods(["GET", "POST"])
def members(request, *, membership):
    organisation = membership.organisation
    form = InvitationForm(request.POST or None, organisation=organisation)
    if (
        request.method == "POST"
        and form.is_valid()
        and not mail_allowed(kind="invitation", email=form.cleaned_data["email"], request=request)
    ):
        form.add_error(
            "email",
            _(
                "Several invitations went to this address in the last hour. Wait an hour "
                "before sending another."
            ),
        )
    if request.method == "POST" and form.is_valid():
        organisations.invitation_send(
            organisation=organisation,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            by=request.user,
            request=request,
        )
        messages.success(
            request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
        )
        return redirect("accounts:members")
    return render(
        request,
        "accounts/members.html",
        {
            "form": form,
            "organisation": organisation,
            "roles": Role.choices,
            "members": organisation.memberships.select_related("user").order_by("user__email"),
            "invitations": organisation.invitations.pending(),
        },
        status=400 if form.errors else 200,
    )


def _member_of(membership, pk):
    target = Membership.objects.filter(organisation=membership.organisation, pk=pk).first()
    if target is None:
        raise Http404
    return target


@director_required
@require_POST
def member_role(request, pk, *, membership):
    target = _member_of(membership, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role from the list."))
        return redirect("accounts:members")
    try:
        organisations.membership_change_role(membership=target, role=form.cleaned_data["role"])
        messages.success(request, _("Role changed for %(email)s.") % {"email": target.user.email})
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("accounts:members")


@director_required
@require_POST
def member_remove(request, pk, *, membership):
    target = _member_of(membership, pk)
    try:
        organisations.membership_remove(membership=target)
        messages.success(
            request, _("%(email)s no longer has access.") % {"email": target.user.email}
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("accounts:members")


@director_required
@require_POST
def invitation_revoke(request, pk, *, membership):
    invite = membership.organisation.invitations.pending().filter(pk=pk).first()
    if invite is None:
        raise Http404
    organisations.invitation_revoke(invitation=invite)
    messages.success(request, _("Invitation withdrawn."))
    return redirect("accounts:members")
