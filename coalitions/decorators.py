from functools import wraps

from django.http import Http404

from accounts.decorators import director_required, organisation_required
from accounts.models import OrganisationKind


def coalition_required(view, *, directors_only=False):
    """Working in a coalition now (404 for anyone else); the view receives `membership`."""
    base = director_required if directors_only else organisation_required

    @base
    @wraps(view)
    def wrapper(request, *args, membership, **kwargs):
        if membership.organisation.kind != OrganisationKind.COALITION:
            raise Http404
        return view(request, *args, membership=membership, **kwargs)

    return wrapper


def coalition_director_required(view):
    return coalition_required(view, directors_only=True)


def program_director_required(view):
    """A director working in a program (not a coalition) now; 404 in a coalition."""

    @director_required
    @wraps(view)
    def wrapper(request, *args, membership, **kwargs):
        if membership.organisation.kind != OrganisationKind.PROGRAM:
            raise Http404
        return view(request, *args, membership=membership, **kwargs)

    return wrapper
