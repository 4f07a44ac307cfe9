from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from .current import current_membership


def organisation_required(view):
    """Signed in and working in an organisation; the view receives it as `membership`."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        membership = current_membership(request)
        if membership is None:
            return redirect("accounts:home")
        return view(request, *args, membership=membership, **kwargs)

    return wrapper


def director_required(view):
    """Like organisation_required, and the person must be a director there (403 otherwise)."""

    @organisation_required
    @wraps(view)
    def wrapper(request, *args, membership, **kwargs):
        if not membership.is_director:
            raise PermissionDenied
        return view(request, *args, membership=membership, **kwargs)

    return wrapper
