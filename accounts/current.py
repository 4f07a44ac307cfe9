"""Which organisation a person is working in during this session."""

from .models import Membership

SESSION_KEY = "organisation_id"


def memberships_of(user):
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("organisation")


def current_membership(request) -> Membership | None:
    """The membership for the organisation chosen in this session (the only one, if just one).

    A person's only organisation is remembered in the session as chosen: joining a second one
    later does not send them to choose in the middle of their work, and the organisation worked
    in can be checked by the query that reads what they ask for (`chosen_organisation_id`).
    """
    if not hasattr(request, "_current_membership"):
        memberships = list(memberships_of(request.user))
        session = getattr(request, "session", None)
        chosen = session.get(SESSION_KEY) if session is not None else None
        match = [m for m in memberships if m.organisation_id == chosen]
        if not match and len(memberships) == 1:
            match = memberships
            if session is not None:
                session[SESSION_KEY] = match[0].organisation_id
        request._current_membership = match[0] if match else None
    return request._current_membership


def chosen_organisation_id(request) -> int | None:
    """The organisation this session works in, as remembered; None if none is.

    Not a permission: whoever uses it must still require the person's membership there (in the
    same query, say). Removing a membership does not clear it from sessions.
    """
    session = getattr(request, "session", None)
    return session.get(SESSION_KEY) if session is not None else None


def choose_organisation(request, membership: Membership) -> None:
    request.session[SESSION_KEY] = membership.organisation_id
    request._current_membership = membership
