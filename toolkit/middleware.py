import contextlib
import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .db import CACHE_ERRORS, TRANSIENT_ERRORS
from .incomplete import ContentIncomplete

logger = logging.getLogger(__name__)


class PermissionsPolicyMiddleware:
    """Deny powerful browser features (camera, microphone, geolocation) on every response.

    Django has no setting for this header; the toolkit never needs these features, so a page
    that someone manages to inject content into still cannot switch them on.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class PrivateCacheMiddleware:
    """Nothing shown to a signed-in person is kept by a browser's or a proxy's cache.

    Every page a signed-in person sees may show a program's data, and every download (the
    report's PDF, CSV files, the organization's archive) does: each gets `Cache-Control:
    no-store, private`, so a shared computer's back button or disk cache, or a caching proxy,
    never holds them. Pages for people not signed in (the chart, the guides) stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        return response


class TransientDatabaseErrorMiddleware:
    """A passing database or cache failure that a view did not handle becomes a translated 503.

    Views that save answers handle database failures themselves (they keep what the person
    typed); this is the net under every other page, so nobody sees a bare 500 for a locked
    database, a dropped connection or a Redis server restarting (the sign-in and e-mail limits
    cannot be counted then, so those pages refuse for a moment rather than go uncounted).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, TRANSIENT_ERRORS + CACHE_ERRORS):
            return None
        logger.warning("Passing database or cache failure on %s: %s", request.path, exception)
        if "application/json" in request.headers.get("Accept", ""):
            response = JsonResponse(
                {"status": "retry", "message": _("Not saved - retrying")}, status=503
            )
        else:
            # No request context: the context processors would need the database that just failed.
            page = render_to_string("503.html", {"LANGUAGE_CODE": get_language()})
            response = HttpResponse(page, status=503)
        response.headers["Retry-After"] = "2"
        return response


class ContentIncompleteMiddleware:
    """A page that needs content the database lacks answers a translated 503, not a 500.

    Site admins (staff) read what is missing and how to load it; everyone else a plain message.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ContentIncomplete):
            return None
        logger.error("Content incomplete on %s: %s", request.path, exception.missing)
        user = getattr(request, "user", None)
        context = {"missing": exception.missing, "for_admin": bool(user and user.is_staff)}
        return render(request, "toolkit/content_incomplete.html", context, status=503)


class NullOriginMiddleware:
    """Let Django's CSRF protection accept our own pages that send no Referer.

    A page served with `Referrer-Policy: no-referrer` (the vendor's pages, reached through a
    private link) makes the browser send `Origin: null` with every POST it makes, even to its
    own origin, and Django refuses that origin. The browser then also says where the request
    comes from in `Sec-Fetch-Site`, which no page can set or change: "same-origin" means one
    of our own pages, and only then is the origin taken as ours. Django's CsrfViewMiddleware,
    which runs next, still checks the CSRF token as for every other POST.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.META.get("HTTP_ORIGIN") == "null"
            and request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin"
        ):
            with contextlib.suppress(DisallowedHost):  # Django refuses that request on its own
                request.META["HTTP_ORIGIN"] = f"{request.scheme}://{request.get_host()}"
        return self.get_response(request)
