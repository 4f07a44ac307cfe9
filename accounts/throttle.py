"""Throttling of failed sign-ins (the site's and the admin's), kept in Django's cache.

The cache is shared by every app process (database or Redis), so several hosts count together.
Two counts, each over TOOLKIT_LOGIN_LOCKOUT_SECONDS:

- per account and client together: TOOLKIT_LOGIN_ATTEMPTS failures pause that account from that
  client only. The right password from a client that has not failed still signs in, so nobody
  can lock a real person out by failing on their account from somewhere else;
- per client: four times as many failures, over any accounts (real or made up), pause that
  client, so one place cannot guess across many accounts.

The client is the address that connected (REMOTE_ADDR). Behind TOOLKIT_TRUSTED_PROXIES proxies
it is the address the outermost of them saw, read from X-Forwarded-For counted from the right:
entries to its left come from the client and can be forged, so they are never used.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def digest(value: str) -> str:
    # Keys hold hashes, never addresses or e-mails, so the cache reveals nothing if read.
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]


def _pair_key(email: str, address: str) -> str:
    return f"login-fail:pair:{digest(email)}:{digest(address)}"


def _client_key(address: str) -> str:
    return f"login-fail:client:{digest(address)}"


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or the one the outermost trusted proxy received."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TOOLKIT_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:  # fewer entries than proxies: a proxy is missing or bypassed
        return remote
    return forwarded[-proxies]


def is_locked(*, email: str, address: str) -> bool:
    """True when this account has failed too often from this client, or this client too often
    over any accounts."""
    limit = settings.TOOLKIT_LOGIN_ATTEMPTS
    pair, client = _pair_key(email, address), _client_key(address)
    counts = cache.get_many([pair, client])
    return counts.get(pair, 0) >= limit or counts.get(client, 0) >= limit * 4


def record_failure(*, email: str, address: str) -> None:
    for key in (_pair_key(email, address), _client_key(address)):
        cache.add(key, 0, settings.TOOLKIT_LOGIN_LOCKOUT_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, settings.TOOLKIT_LOGIN_LOCKOUT_SECONDS)


def clear(*, email: str, address: str) -> None:
    """A successful sign-in forgets this account's failures from this client."""
    cache.delete(_pair_key(email, address))
