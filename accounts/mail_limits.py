"""How many e-mails anyone can make the site send to one address, and from one client.

Sign-up confirmations and password resets can be asked for by anyone, and invitations by any
director: without a limit, one person could fill a stranger's inbox with mail quoting a name
they chose. Each kind of mail is counted per address and per client (accounts/throttle.py says
how the client's address is read) over TOOLKIT_MAIL_WINDOW_SECONDS, in Django's cache (shared
by every app process). Past a limit the mail is not sent; pages anyone can reach say the same
as when it is, so they tell nobody whether an address has an account.
"""

from django.conf import settings
from django.core.cache import cache

from .throttle import client_address, digest


def count_in_window(key: str, seconds: int) -> int:
    """Add one to the count kept under `key` for `seconds` (from its first use); the new count."""
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        return 1


def mail_allowed(*, kind: str, email: str, request) -> bool:
    """Whether one more mail of this kind may go to this address from this client; counts it."""
    address_key = f"mail:{kind}:address:{digest(email)}"
    client_key = f"mail:{kind}:client:{digest(client_address(request))}"
    counts = cache.get_many([address_key, client_key])
    if (
        counts.get(address_key, 0) >= settings.TOOLKIT_MAIL_PER_ADDRESS
        or counts.get(client_key, 0) >= settings.TOOLKIT_MAIL_PER_CLIENT
    ):
        return False
    count_in_window(address_key, settings.TOOLKIT_MAIL_WINDOW_SECONDS)
    count_in_window(client_key, settings.TOOLKIT_MAIL_WINDOW_SECONDS)
    return True
