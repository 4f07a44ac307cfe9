"""Telling a passing database failure from a real one, and trying a write once more.

A locked SQLite file, a dropped connection, a deadlock or a serialization failure on PostgreSQL
all reach Django as OperationalError or InterfaceError. The work they interrupted ran in its own
transaction and was rolled back whole, so running it again is safe.
"""

import logging
import time
from collections.abc import Callable

from django.db import InterfaceError, OperationalError, connection

TRANSIENT_ERRORS = (OperationalError, InterfaceError)
# Redis (DJANGO_REDIS_URL, several hosts) holds only counts for the sign-in and e-mail limits:
# while it restarts, a page that needs them answers a translated 503 (toolkit/middleware.py).
try:
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    CACHE_ERRORS: tuple[type[Exception], ...] = (RedisConnectionError, RedisTimeoutError)
except ImportError:  # one host, caches in the database: their failures are database failures
    CACHE_ERRORS = ()
RETRY_PAUSE_SECONDS = 0.1

logger = logging.getLogger(__name__)


def retry_once[T](operation: Callable[[], T]) -> T:
    """Run `operation` (a whole transaction); after a passing failure, run it once more."""
    try:
        return operation()
    except TRANSIENT_ERRORS as error:
        if connection.in_atomic_block:  # an outer transaction is broken: nothing safe to retry
            raise
        logger.warning("Database failed for a passing reason, trying once more: %s", error)
        connection.close_if_unusable_or_obsolete()
        time.sleep(RETRY_PAUSE_SECONDS)
        return operation()
