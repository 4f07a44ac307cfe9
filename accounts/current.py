"""Which organisation a person is working in during this session."""

from .models import Membership

SESSION_KEY = "organisation_id"


def memberships_of(user):
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("organisation")


def current_membership(request) -> Membership | None:
    """The membership for the organisation chosen in this session (the only one, if just one)."""
    if not hasattr(request, "_current_membership"):
        memberships = list(memberships_of(request.user))
        chosen = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        match = [m for m in memberships if m.organisation_id == chosen]
        if not match and len(memberships) == 1:
            match = memberships
        request._current_membership = match[0] if match else None
    return request._current_membership


def choose_organisation(request, membership: Membership) -> None:
    request.session[SESSION_KEY] = membership.organisation_id
    request._current_membership = membership
