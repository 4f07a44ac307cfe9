from django.conf import settings

from .current import current_membership


def organisation(request):
    """The organisation the person is working in, for the header of every page."""
    return {
        "membership": current_membership(request) if hasattr(request, "user") else None,
        "self_signup": settings.TOOLKIT_SELF_SIGNUP,
    }
