"""What the benchmark scripts share: a throw-away site, timing, and the line naming the machine.

Every figure in bench/README.md is printed with the machine and the date, so that figures from
different runs are never compared as if they came from the same place. Importing this module
does nothing but put the repository on the path; `throwaway_site()` sets up Django.
"""

import os
import platform
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def throwaway_site(*, tasks: str = "immediate", database_url: str = "") -> Path:
    """Point Django at a new SQLite file and media folder in a temporary directory; set it up.

    Production settings (DEBUG off, as a deployed site runs: no query log, cached templates)
    through bench/load_settings.py, on plain HTTP; errors only in the log; report PDFs
    rendered at once unless `tasks` names another backend; another database if `database_url`
    names one (it must be empty). Returns the temporary directory.
    """
    work = Path(tempfile.mkdtemp(prefix="toolkit-bench-"))
    os.environ.update(production_environment())
    os.environ.update(
        {
            "DATABASE_URL": database_url or f"sqlite:///{work / 'bench.sqlite3'}",
            "DJANGO_MEDIA_ROOT": str(work / "media"),
            "DJANGO_TASKS_BACKEND": tasks,
            "DJANGO_LOG_LEVEL": "ERROR",
        }
    )
    import django

    django.setup()
    return work


def production_environment(*hosts: str) -> dict[str, str]:
    """DEBUG off with a fresh secret key, on plain HTTP to the local host names given."""
    return {
        "DJANGO_SETTINGS_MODULE": "bench.load_settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": ",".join(hosts or ("localhost", "127.0.0.1")),
        "DJANGO_SSL_REDIRECT": "0",
        "DJANGO_HSTS_SECONDS": "0",
    }


def load_site() -> None:
    """Migrate, create the cache table and load the shipped content, quietly."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_content", verbosity=0, stdout=quiet)


def timed(work: Callable[[], object]) -> float:
    """Seconds one call of `work` takes."""
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def median_seconds(work: Callable[[], object], runs: int) -> float:
    """Median seconds of `runs` calls of `work`."""
    return statistics.median(timed(work) for _ in range(runs))


def machine() -> str:
    """The machine the figures come from, e.g. "x86_64, 2 cores, Python 3.13.0"."""
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
