"""Writes that create organisations and change who belongs to them."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .mail_limits import mail_allowed
from .models import Invitation, Membership, Organisation, Role, User, hash_token

SIGNUP_SALT = "accounts.signup"


def send_templated_mail(*, to: str, template: str, context: dict) -> None:
    """Send a plain-text e-mail in the active language from templates/<template>_{subject,body}.txt."""
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}_body.txt", context)
    send_mail(subject, body, None, [to])


def signup_token_make(*, organisation_name: str, email: str) -> str:
    """A signed, expiring token that carries the sign-up request; nothing is stored until confirmed."""
    return signing.dumps({"name": organisation_name, "email": email.lower()}, salt=SIGNUP_SALT)


def signup_token_read(token: str) -> dict:
    """Return the sign-up request, or raise signing.BadSignature / SignatureExpired."""
    max_age = settings.TOOLKIT_SIGNUP_LINK_HOURS * 3600
    return signing.loads(token, salt=SIGNUP_SALT, max_age=max_age)


def signup_start(*, organisation_name: str, email: str, request) -> None:
    """E-mail a confirmation link to the would-be director (unless this address or client has
    had its share of them lately: accounts/mail_limits.py)."""
    if not mail_allowed(kind="signup", email=email, request=request):
        return
    token = signup_token_make(organisation_name=organisation_name, email=email)
    url = request.build_absolute_uri(reverse("accounts:signup_confirm", args=[token]))
    send_templated_mail(
        to=email,
        template="accounts/email/signup",
        context={
            "organisation_name": organisation_name,
            "url": url,
            "hours": settings.TOOLKIT_SIGNUP_LINK_HOURS,
        },
    )


@transaction.atomic
def organisation_create(*, name: str, director: User) -> Organisation:
    """Create an organisation with its first director."""
    organisation = Organisation.objects.create(name=name)
    Membership.objects.create(user=director, organisation=organisation, role=Role.DIRECTOR)
    return organisation


@transaction.atomic
def signup_complete(*, organisation_name: str, email: str, password: str) -> User:
    """Create the director's account and the organisation from a confirmed sign-up."""
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(_("This sign-up link has already been used."), code="used")
    user = User.objects.create_user(email=email, password=password)
    organisation_create(name=organisation_name, director=user)
    return user


def invitation_send(
    *, organisation: Organisation, email: str, role: str, by: User, request
) -> Invitation:
    """Create an invitation and e-mail its one-time link; earlier pending ones for the address lapse."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        organisation.invitations.pending().filter(email__iexact=email).update(revoked_at=now)
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email.lower(),
            role=role,
            invited_by=by,
            token_hash=hash_token(token),
            expires_at=now + timedelta(days=settings.TOOLKIT_INVITATION_DAYS),
        )
    url = request.build_absolute_uri(reverse("accounts:invitation", args=[token]))
    send_templated_mail(
        to=email,
        template="accounts/email/invitation",
        context={
            "organisation": organisation,
            "url": url,
            "invitation": invitation,
            "days": settings.TOOLKIT_INVITATION_DAYS,
        },
    )
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link points to, whatever its state, or None."""
    return (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=hash_token(token))
        .first()
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Join the organisation; the link cannot be used again."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_usable:
        raise ValidationError(
            _("This invitation has expired or has already been used."), code="unusable"
        )
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=locked.organisation, defaults={"role": locked.role}
    )
    locked.accepted_at = timezone.now()
    locked.save(update_fields=["accepted_at"])
    return membership


def _ensure_another_director(membership: Membership) -> None:
    others = (
        Membership.objects.directors()
        .filter(organisation=membership.organisation)
        .exclude(pk=membership.pk)
    )
    if membership.is_director and not others.exists():
        raise ValidationError(
            _("An organization needs at least one director. Make someone else a director first."),
            code="last_director",
        )


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str) -> Membership:
    """Change a member's role, keeping at least one director."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if role != Role.DIRECTOR:
        _ensure_another_director(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    """Remove a member from the organisation, keeping at least one director."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _ensure_another_director(membership)
    membership.delete()


def invitation_revoke(*, invitation: Invitation) -> None:
    """Withdraw a pending invitation so its link stops working."""
    Invitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
