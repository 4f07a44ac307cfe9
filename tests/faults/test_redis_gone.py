"""Redis, the cache several hosts share, restarts or goes away: counts kept, no bare 500.

With DJANGO_REDIS_URL set, the sign-in and e-mail limits are counted in Redis, shared by every
app host. These tests start a real redis-server of their own (Debian's package), on a free
loopback port with its append-only file in a temporary folder, as the production section of the
README runs it, and:

- count failed sign-ins in it, kill it (SIGKILL) and start it again: the account stays paused,
  so a restart cannot be used to reset the limit;
- stop it and sign in: the page answers the translated 503 (in English and Spanish) with
  Retry-After, never a 500 and never an uncounted attempt; once Redis is back, sign-in works;
- stop it while a vendor answers through its private link: the answer is saved all the same
  (those requests go uncounted for a moment rather than turned away).
"""

import shutil
import signal
import subprocess
import time
from contextlib import contextmanager

import pytest
from django.test import Client

from assessments.models import VendorAnswer, VendorRequest
from tests.assessments.vendor_link.helpers import asked, section_form, vendor_browser
from tests.factories import PASSWORD
from tests.live_site import free_port, redis_answers

REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"
pytestmark = pytest.mark.skipif(
    not shutil.which(REDIS), reason="redis-server (Debian's redis-server package) is not installed"
)
BUSY = {
    "en": "could not reach its database or its cache just now",
    "es": "no pudo comunicarse con su base de datos ni con su caché",
}
THROTTLED = "Too many failed sign-in attempts"


class RedisServer:
    """One redis-server on 127.0.0.1:`port`, persisting to an append-only file in `folder`."""

    def __init__(self, folder, port: int):
        self.folder, self.port, self.process = folder, port, None

    def start(self) -> None:
        command = [REDIS, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        command += ["--appendonly", "yes", "--appendfsync", "always", "--dir", str(self.folder)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not redis_answers(self.port):
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)


@contextmanager
def redis_server(folder):
    server = RedisServer(folder, free_port())
    server.start()
    try:
        yield server
    finally:
        if server.process.poll() is None:
            server.kill()


@pytest.fixture
def redis_cache(settings, tmp_path):
    with redis_server(tmp_path) as server:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": f"redis://127.0.0.1:{server.port}/0",
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            }
        }
        yield server


def sign_in(client, email, password, lang="en"):
    return client.post(f"/{lang}/sign-in/", {"username": email, "password": password})


@pytest.mark.django_db
def test_failed_sign_ins_stay_counted_across_a_redis_restart(director, settings, redis_cache):
    settings.TOOLKIT_LOGIN_ATTEMPTS = 3
    email = director.user.email
    for _ in range(3):
        assert sign_in(Client(), email, "wrong password").status_code == 200
    refused = sign_in(Client(), email, PASSWORD)
    assert refused.status_code == 200 and THROTTLED in refused.content.decode()

    redis_cache.kill()
    redis_cache.start()  # the same port and append-only file, as a process manager restarts it

    still = sign_in(Client(), email, PASSWORD)
    assert still.status_code == 200 and THROTTLED in still.content.decode()
    other = sign_in(Client(), "someone.else@example.org", "wrong password")
    assert other.status_code == 200 and THROTTLED not in other.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "es"])
def test_sign_in_while_redis_is_down_is_a_translated_503(director, redis_cache, lang):
    redis_cache.kill()
    refused = Client()
    response = sign_in(refused, director.user.email, PASSWORD, lang=lang)
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    assert BUSY[lang] in " ".join(response.content.decode().split())
    assert not refused.get(f"/{lang}/").context["user"].is_authenticated

    redis_cache.start()
    client = Client()
    assert sign_in(client, director.user.email, PASSWORD, lang=lang).status_code == 302
    assert client.get(f"/{lang}/").context["user"] == director.user


@pytest.mark.django_db
def test_a_vendor_s_answer_is_saved_while_redis_is_down(director, redis_cache):
    _, _, path = asked(director)
    browser, _ = vendor_browser(path)
    url = f"/en/vendor/{VendorRequest.objects.get().pk}/vendor/encryption/"
    data = section_form(browser, url)

    redis_cache.kill()
    saved = browser.post(url, {**data, "q-vendor-encryption": "program-keys"})
    assert saved.status_code == 302
    assert VendorAnswer.objects.get().selected == ["program-keys"]
