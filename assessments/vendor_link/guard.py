"""What every page reached through a vendor's link does before and after the view.

Requests are counted per link and per client (accounts/throttle.py says how the client's
address is read) in Django's cache, shared by every app process; past either limit the page
says to wait. While the cache cannot be reached (Redis restarting), requests go uncounted
rather than refused: the limit guards against abuse, the key itself is unguessable, and a
vendor's typed answers must not be turned away for it (sign-in, which guards passwords, fails
closed instead). The response is kept out of search engines, caches and Referer headers: the
first address holds the key, and the pages hold the vendor's answers.
"""

import logging
from functools import wraps

from django.conf import settings
from django.shortcuts import render

from accounts.mail_limits import count_in_window
from accounts.throttle import client_address, digest
from toolkit.db import CACHE_ERRORS

WINDOW_SECONDS = 3600

logger = logging.getLogger(__name__)


def over_limit(request, link_key: str) -> bool:
    """Count this request; True when the link or the client has made too many this hour."""
    try:
        per_link = count_in_window(f"vendor-link:{digest(link_key)}", WINDOW_SECONDS)
        client = f"vendor-client:{digest(client_address(request))}"
        per_client = count_in_window(client, WINDOW_SECONDS)
    except CACHE_ERRORS as error:
        logger.warning("Vendor link requests not counted, the cache is unreachable: %s", error)
        return False
    return (
        per_link > settings.TOOLKIT_VENDOR_LINK_PER_HOUR
        or per_client > settings.TOOLKIT_VENDOR_CLIENT_PER_HOUR
    )


def private(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    return response


def vendor_page(view):
    """Limit and mark a page of the vendor's link (`token` or `link_pk` names the link)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        link_key = str(kwargs.get("token") or kwargs.get("link_pk") or "")
        if over_limit(request, link_key):
            return private(render(request, "assessments/vendor/busy.html", status=429))
        return private(view(request, *args, **kwargs))

    return wrapped
