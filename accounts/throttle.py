"""Throttling of failed sign-ins, per account and per address, kept in Django's cache.

The cache is shared by every app process (database or Redis), so several hosts count together.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _digest(value: str) -> str:
    # Keys hold hashes, never addresses or e-mails, so the cache reveals nothing if read.
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]


def _keys(email: str, address: str) -> list[str]:
    return [f"login-fail:account:{_digest(email)}", f"login-fail:address:{_digest(address)}"]


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def is_locked(*, email: str, address: str) -> bool:
    """True when the account or the address has too many recent failures."""
    limit = settings.TOOLKIT_LOGIN_ATTEMPTS
    per_address_limit = limit * 4  # several people may share an office address
    account_key, address_key = _keys(email, address)
    counts = cache.get_many([account_key, address_key])
    return counts.get(account_key, 0) >= limit or counts.get(address_key, 0) >= per_address_limit


def record_failure(*, email: str, address: str) -> None:
    for key in _keys(email, address):
        cache.add(key, 0, settings.TOOLKIT_LOGIN_LOCKOUT_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, settings.TOOLKIT_LOGIN_LOCKOUT_SECONDS)


def clear(*, email: str) -> None:
    cache.delete(_keys(email, "")[0])
