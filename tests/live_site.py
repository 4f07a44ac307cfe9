"""A real copy of the site in subprocesses (runserver or gunicorn) and HTTP clients for it.

The test client runs one request at a time; these tests need a real server answering several
people at once, on a database file (SQLite) or a database of its own (PostgreSQL), exactly as
`make run` or production would.
"""

import http.client
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "a long live-test password 7"

SETUP_SCRIPT = """
import json
from accounts.models import Membership, Organisation, Role, User
from assessments.answering.lifecycle import assessment_start
organisation = Organisation.objects.create(name="Live test program")
emails = []
for number in range({people}):
    user = User.objects.create_user(email=f"person{{number}}@live.invalid", password={password!r})
    Membership.objects.create(user=user, organisation=organisation, role=Role.DIRECTOR)
    emails.append(user.email)
assessment = assessment_start(organisation=organisation, name="Live", channels=["text", "chat", "video"],
                              report_language="en", by=None)
print("SITE" + json.dumps({{"assessment": assessment.pk, "emails": emails}}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_env(database_url: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.update({"DJANGO_DEBUG": "1", "DATABASE_URL": database_url, "DJANGO_LOG_LEVEL": "ERROR"})
    return env


def manage(env: dict, *args: str, timeout: int = 300) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def migrate_site(env: dict) -> None:
    """Migrate, create the cache table and load the shipped content."""
    manage(env, "migrate", "-v", "0")
    manage(env, "createcachetable")
    manage(env, "load_content")


def run_site_script(env: dict, script: str, *, timeout: int = 300) -> dict:
    """Run a `manage.py shell` script that prints "SITE" and then JSON; return that JSON."""
    output = manage(env, "shell", "-c", script, timeout=timeout)
    return json.loads(output.split("SITE", 1)[1])


def prepare_site(env: dict, *, people: int) -> dict:
    """Migrate, load the content, and create an organisation with `people` members and an assessment."""
    migrate_site(env)
    return run_site_script(env, SETUP_SCRIPT.format(people=people, password=PASSWORD))


@contextmanager
def postgres_database(admin_url: str, prefix: str):
    """A database of its own on the PostgreSQL server of `admin_url`, dropped when the block ends.

    Yields its URL. `admin_url` names a database to connect to for CREATE and DROP.
    """
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def stop_process(process: subprocess.Popen, timeout: float = 15) -> None:
    """Ask a process to end (SIGTERM); kill it if it has not within `timeout` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout)


@contextmanager
def serving(command: list[str], env: dict, port: int):
    """Run a server command until the block ends; wait until it answers first."""
    # LIVE_LOG=/path keeps the server's log; the file stays open for the server's whole life.
    log = open(Path(env.get("LIVE_LOG", os.devnull)), "w")  # noqa: SIM115
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/en/", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                assert server.poll() is None, "the server stopped while starting"
                time.sleep(0.2)
        else:
            raise AssertionError("the server did not start within 60 s")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


class Browser:
    """One person's cookies and forms, spoken over plain HTTP."""

    def __init__(self, base: str, *, timeout: float = 60):
        self.base = base
        self.timeout = timeout
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    last_headers = http.client.HTTPMessage()  # of the last answer (case-insensitive names)
    last_url = ""  # where the last answer came from, after any redirect

    def request(
        self, path: str, data: dict | None = None, *, accept: str = "text/html"
    ) -> tuple[int, str]:
        status, body = self.request_bytes(path, data, accept=accept)
        return status, body.decode(errors="replace")

    def request_bytes(
        self, path: str, data: dict | None = None, *, accept: str = "text/html"
    ) -> tuple[int, bytes]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Accept": accept, "Referer": self.base + path}
        )
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                self.last_headers, self.last_url = response.headers, response.url
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            self.last_headers, self.last_url = error.headers, error.url
            return error.code, error.read()

    def try_sign_in(self, email: str, password: str = PASSWORD) -> tuple[int, str]:
        """Open the sign-in page and send it; the answer, whatever it is."""
        status, page = self.request("/en/sign-in/")
        if status != 200:
            return status, page
        token = hidden_fields(page)["csrfmiddlewaretoken"]
        form = {"csrfmiddlewaretoken": token, "username": email, "password": password}
        return self.request("/en/sign-in/", form)

    def sign_in(self, email: str) -> None:
        status, page = self.try_sign_in(email)
        assert status == 200 and "sign-out" in page, f"sign-in failed ({status})"


def redis_answers(port: int) -> bool:
    """Whether a Redis server on 127.0.0.1:`port` answers PING."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as link:
            link.sendall(b"PING\r\n")
            return link.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def hidden_fields(page: str) -> dict:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
