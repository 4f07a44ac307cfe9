"""Scale-out rehearsal: two app hosts behind a load balancer, with faults, on loopback only.

Run: .venv/bin/python bench/scale_out.py [--seconds 40] [--faults 60] [--staff 40]

Starts, on 127.0.0.1 and free ports only, the pieces of a multi-host deployment as the README's
production section describes it, each as its own process:

- PostgreSQL: a database of its own on the local server (LOAD_ADMIN_URL names another), dropped
  at the end;
- Redis: a redis-server of its own, with its append-only file in the run's folder (the sign-in
  and e-mail limits; sessions stay in the database);
- an S3-compatible server: moto's standalone server, one private bucket for the report PDFs
  (DJANGO_S3_ENDPOINT_URL; a real S3 endpoint is reached the same way);
- two app hosts: two gunicorn instances, each in a working folder of its own with its own
  DJANGO_MEDIA_ROOT and TMPDIR (no shared local disk), DJANGO_BEHIND_PROXY on;
- HAProxy from Debian's packages in front of them (round robin, health checks, X-Forwarded-For);
  it names the host that answered in a header, for this rehearsal only;
- two `manage.py db_worker` processes rendering the PDFs.

Then the load of bench/load.py goes through the balancer (the same clients: staff autosaving,
every value unique so the database can be checked against what was acknowledged):

1. throughput: slices of `--slice` seconds alternate between one host (the other set to
   maintenance in HAProxy) and two, `--seconds` of each in all;
2. faults, `--faults` seconds of autosaving while directors ask for the PDFs of finalized
   assessments: host a is killed (SIGKILL of its gunicorn master and workers, as when a machine
   dies) and started again; a db_worker is killed in the middle of a render and started again;
   Redis is killed and started again while a probe keeps signing in through the balancer;
3. every person saves each question they touched once more, then the checks: 0 lost and 0
   duplicated answers; no 5xx from the app; 5xx only from the balancer and only while host a
   was dying; every PDF asked for ready, stored once in the bucket and downloadable, byte for
   byte, through either host; failed sign-ins counted across both hosts and still counted after
   Redis restarted; sessions answered by both hosts; nothing written to the hosts' own folders.

Prints the table and exits non-zero if any check fails. Needs haproxy (`apt-get install
haproxy`), redis-server and PostgreSQL on 127.0.0.1:5432. SCALE_KEEP=1 keeps the run's folder
with every process's log.
"""

import argparse
import contextlib
import http.client
import json
import multiprocessing
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import load
from bench.common import ROOT, machine, production_environment
from tests.live_site import (
    PASSWORD,
    Browser,
    free_port,
    hidden_fields,
    migrate_site,
    postgres_database,
    redis_answers,
    run_site_script,
    site_env,
)

HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"
BUCKET = "toolkit-reports-rehearsal"
S3_KEYS = {"DJANGO_S3_ACCESS_KEY_ID": "rehearsal", "DJANGO_S3_SECRET_ACCESS_KEY": "rehearsal"}
HOSTS = ("a", "b")
STALE_MINUTES = 0.5  # a render cut by a kill is asked for again after 30 s (production: 10 min)
THROTTLED = "Too many failed sign-in attempts"
LOGIN_ATTEMPTS = 5  # the setting's default: failures before an account is paused
SETUP_LIMIT = 900
EXTRA_PEOPLE = """
from accounts.models import Membership, Organisation, Role, User
organisation = Organisation.objects.get(name="Load test program")
for email in ("throttle@load.invalid", "probe@load.invalid"):
    user = User.objects.create_user(email=email, password=PARAMS)
    Membership.objects.create(user=user, organisation=organisation, role=Role.STAFF)
print("SITE{}")
"""


# --- Clients -------------------------------------------------------------------------------------


class HostBrowser(Browser):
    """A Browser that names the app host that answered last (the balancer's header)."""

    @property
    def last_host(self) -> str:
        return self.last_headers.get("X-Served-By", "")


class ScaleClient(load.Client):
    """bench/load.py's client, through the balancer: notes which host answered each request,
    asks again for a PDF whose render was cut, and downloads each PDF once it is ready."""

    def __init__(self, person, base, site, tally):
        super().__init__(person, base, site, tally)
        self.browser = HostBrowser(base, timeout=load.REQUEST_TIMEOUT)
        self.hosts: set[str] = set()

    def timed(self, phase, label, path, data=None, accept="application/json"):
        answer = super().timed(phase, label, path, data, accept)
        if answer is not None:
            host = self.browser.last_host or "balancer"
            self.hosts.add(host)
            self.tally.record(phase, f"{label} @{host}", answer[0], 0)
        return answer

    def director_step(self, phase):
        pk = self.random.choice(self.site["edited"])
        self.timed(phase, "report page", f"/en/assessments/{pk}/report/", accept="text/html")
        if self.pending is None and self.person.pdfs:
            self.pending = self.person.pdfs.pop(0)
            self.ask(phase)
        elif self.pending is not None:
            pk, paper = self.pending
            answer = self.timed(
                phase, "PDF status", f"/en/assessments/{pk}/report.pdf?paper={paper}"
            )
            state = json.loads(answer[1])["status"] if answer and answer[0] == 200 else "?"
            if state == "ready":
                path = f"/en/assessments/{pk}/report.pdf?paper={paper}&download=1"
                status, body = self.browser.request_bytes(path)
                with self.tally.lock:
                    if status == 200 and body.startswith(b"%PDF"):
                        self.tally.renders_seen += 1
                    else:
                        self.tally.errors.append(f"download of {pk} ({paper}): {status}")
                self.pending = None
            elif state in ("failed", None):  # cut by a kill (a stalled render shows as failed)
                with self.tally.lock:
                    self.tally.statuses["PDF asked again", str(state)][0] += 1
                self.ask(phase)
        time.sleep(0.3)  # a director reads; the page polls every few seconds

    def ask(self, phase):
        pk, paper = self.pending
        data = {"csrfmiddlewaretoken": self.csrf, "paper": paper}
        self.timed(phase, "PDF request", f"/en/assessments/{pk}/report.pdf", data, "text/html")

    def run(self, slices, deadline):
        super().run(slices, deadline)
        with self.tally.lock:
            self.tally.statuses["hosts seen", "+".join(sorted(self.hosts))][0] += 1


# --- Processes -----------------------------------------------------------------------------------


def wait_until(check, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise SystemExit(f"bench/scale_out.py: {what} did not happen within {seconds:.0f} s")
        time.sleep(0.1)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (OSError, http.client.HTTPException):
        return False


class Service:
    """One process of the rehearsal, started in a session of its own (so that its children die
    with it), its output in a log file."""

    def __init__(self, name: str, command: list[str], *, env=None, cwd=None, log: Path):
        self.name, self.command, self.env, self.cwd, self.log_path = name, command, env, cwd, log
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> "Service":
        log = self.log_path.open("a")
        self.process = subprocess.Popen(
            self.command,
            env=self.env,
            cwd=self.cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self.starts += 1
        return self

    def kill(self) -> None:
        """SIGKILL the process and everything it started, as when its machine dies."""
        if self.process and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    @property
    def pids(self) -> set[int]:
        """The process and its children (gunicorn's workers)."""
        if not self.process or self.process.poll() is not None:
            return set()
        return {self.process.pid, *load.children_of(self.process.pid)}

    def tail(self) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return f"\n{self.name} (end of its log):\n{text[-2500:]}\n"


HAPROXY_CONFIG = """
global
    maxconn 4096
    stats socket {socket} mode 600 level admin
    log stdout format raw local0 info


defaults
    mode http
    log global
    option httplog
    option dontlog-normal  # only errors and cut requests, with their timing and state
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    # A busy host answers its health check late, not never: a check timeout shorter than a
    # request under load would take the last host out and answer 503 to everyone.
    timeout check 5s
    option forwardfor
    option redispatch
    retries 3

frontend toolkit
    bind 127.0.0.1:{port}
    default_backend app_hosts

backend app_hosts
    balance roundrobin
    option httpchk
    http-check send meth GET uri /en/ ver HTTP/1.1 hdr Host 127.0.0.1
    http-check expect status 200
    # This rehearsal only: which host answered, so the checks can tell.
    http-response set-header X-Served-By %[srv_name]
{servers}
"""


class Balancer(Service):
    def __init__(self, work: Path, port: int, hosts: dict[str, int]):
        self.socket = work / "haproxy.sock"
        servers = "\n".join(
            f"    server {name} 127.0.0.1:{port} check inter 1s fall 3 rise 2"
            for name, port in hosts.items()
        )
        config = work / "haproxy.cfg"
        config.write_text(
            HAPROXY_CONFIG.format(socket=self.socket, port=port, servers=servers).lstrip()
        )
        super().__init__("haproxy", [HAPROXY, "-f", str(config), "-db"], log=work / "haproxy.log")
        self.port = port

    def command_line(self, line: str) -> str:
        with socket.socket(socket.AF_UNIX) as link:
            link.connect(str(self.socket))
            link.sendall(line.encode() + b"\n")
            return link.recv(4096).decode()

    def set_state(self, host: str, state: str) -> None:  # "ready" or "maint"
        self.command_line(f"set server app_hosts/{host} state {state}")

    def up(self) -> set[str]:
        """The hosts HAProxy's health checks see as up."""
        found = set()
        for line in self.command_line("show servers state app_hosts").splitlines()[2:]:
            fields = line.split()
            if len(fields) > 5 and fields[5] == "2":  # srv_op_state 2: running
                found.add(fields[3])
        return found


# --- Checks --------------------------------------------------------------------------------------


def s3_client(endpoint: str):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=S3_KEYS["DJANGO_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=S3_KEYS["DJANGO_S3_SECRET_ACCESS_KEY"],
        region_name="us-east-1",
    )


def bucket_objects(endpoint: str) -> dict[str, int]:
    listing = s3_client(endpoint).list_objects_v2(Bucket=BUCKET, Prefix="reports/")
    return {item["Key"]: item["Size"] for item in listing.get("Contents", [])}


def database_rows(url: str, sql: str, params=()) -> list:
    import psycopg

    with psycopg.connect(url) as connection:
        return connection.execute(sql, params).fetchall()


def sign_in_attempt(base: str, email: str, password: str) -> tuple[int, str, str]:
    """(status, page, host that answered the POST) of one sign-in from a new browser."""
    browser = HostBrowser(base, timeout=load.REQUEST_TIMEOUT)
    status, page = browser.try_sign_in(email, password)
    return status, page, browser.last_host


@dataclass
class Findings:
    """What the parent saw and did, beside what the clients saw."""

    events: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    throttle: list[str] = field(default_factory=list)
    probe: Counter = field(default_factory=Counter)
    host_a_down: tuple[float, float] = (0.0, 0.0)
    host_a_killed_at: float = 0.0  # wall clock, to compare with HAProxy's log
    worker_killed: str = ""

    def note(self, began: float, text: str) -> None:
        self.events.append(f"{time.monotonic() - began:6.1f} s  {text}")

    def check(self, ok: bool, text: str) -> None:
        if not ok:
            self.failures.append(text)


CUT_WINDOW = 3.0  # seconds after host a's kill within which its cut requests end


def balancer_errors(log: Path, killed_at: float) -> tuple[list[tuple[float, str]], list[str]]:
    """From HAProxy's log, the requests it ended itself (an app's own answer ends "----"):
    those cut by host a's death, ending within CUT_WINDOW seconds of the kill (the server side
    closed before its answer, `SH`, which the balancer answers 502; or during it, `SD`, whose
    client gets a truncated answer), as (seconds after the kill, status); and every other."""
    cut, other = [], []
    for line in log.read_text(errors="replace").splitlines():
        fields = line.split()
        if len(fields) < 10 or not fields[1].startswith("["):
            continue
        server, timers, status, state = fields[3], fields[4], fields[5], fields[9]
        if state.startswith("-"):
            continue  # the app's own answer, whatever its status
        began = datetime.strptime(fields[1].strip("[]"), "%d/%b/%Y:%H:%M:%S.%f").timestamp()
        ended = began + int(timers.rsplit("/", 1)[1]) / 1000 - killed_at
        if (
            server == "app_hosts/a"
            and (state[:2] == "SH" and status == "502" or state[:2] == "SD")
            and -0.1 < ended < CUT_WINDOW  # HAProxy logs milliseconds
        ):
            cut.append((ended, status))
        else:
            other.append(f"{status} {server} {state} {ended:+.1f} s")
    return cut, other


def throttle_check(findings: Findings, balancer: str, direct: dict[str, str], when: str) -> None:
    """Failed sign-ins through the balancer (spread over both hosts) pause the account on both."""
    email = "throttle@load.invalid"
    if when == "before":
        served = Counter()
        for attempt in range(LOGIN_ATTEMPTS):
            if attempt % 2:  # one more request shifts the round robin: the next POST goes to
                answers(balancer + "/en/")  # the other host (the load is idle meanwhile)
            status, page, host = sign_in_attempt(balancer, email, "not the password")
            served[host] += 1
            findings.check(status == 200 and "do not match" in page, f"failed sign-in: {status}")
        findings.throttle.append(
            f"{LOGIN_ATTEMPTS} failed sign-ins through the balancer, answered by "
            + ", ".join(f"host {h} {n}" for h, n in sorted(served.items()))
        )
        findings.check(set(served) == set(HOSTS), f"failures not spread over both hosts: {served}")
    for host, base in direct.items():
        status, page, _ = sign_in_attempt(base, email, PASSWORD)
        paused = status == 200 and THROTTLED in page and "sign-out" not in page
        findings.throttle.append(
            f"{when} Redis restarted: the right password on host {host} directly: "
            + ("refused, the account is paused" if paused else f"**not refused** ({status})")
        )
        findings.check(paused, f"throttle {when} the Redis restart, host {host}")


class RedisProbe(threading.Thread):
    """Signs in (the right password) through the balancer, again and again, while Redis restarts:
    each attempt either signs in or gets the translated 503; never a 500."""

    def __init__(self, balancer: str, findings: Findings):
        super().__init__(daemon=True)
        self.balancer, self.findings, self.running = balancer, findings, True

    def run(self) -> None:
        while self.running:
            try:
                status, page, host = sign_in_attempt(self.balancer, "probe@load.invalid", PASSWORD)
            except load.TRANSPORT_ERRORS:
                self.findings.probe["no answer"] += 1
                continue
            if status == 200 and "sign-out" in page:
                self.findings.probe["signed in"] += 1
            elif status == 503 and "cache" in page:
                self.findings.probe["translated 503, try again"] += 1
            else:
                self.findings.probe[f"status {status}"] += 1
            time.sleep(0.1)


# --- The run -------------------------------------------------------------------------------------


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=40, help="one host, and two, each")
    parser.add_argument("--slice", type=int, default=10, help="one and two hosts alternate")
    parser.add_argument("--faults", type=int, default=60, help="the phase with the faults")
    parser.add_argument("--staff", type=int, default=40, help="staff autosaving")
    parser.add_argument("--directors", type=int, default=3, help="directors asking for PDFs")
    parser.add_argument("--finalized", type=int, default=6, help="finalized reports (x2 papers)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per host")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--processes", type=int, default=2, help="client processes")
    options = parser.parse_args()
    if not (10 <= options.seconds <= 300 and 30 <= options.faults <= 300):
        parser.error("--seconds 10 to 300, --faults 30 to 300")
    return options


def schedule(options, begin: float) -> list[dict]:
    count = max(1, round(options.seconds / options.slice))
    length = options.seconds / count
    slices, moment = [], begin
    for _ in range(count):
        for name in ("one", "two"):
            slices.append(
                {"name": name, "kind": "autosave", "start": moment, "end": moment + length}
            )
            moment += length + load.GAP
    slices.append(
        {"name": "faults", "kind": "reports", "start": moment, "end": moment + options.faults}
    )
    return slices


def out_of_time(signum, frame):
    raise SystemExit("bench/scale_out.py: out of time (hard deadline); stopping")


def main() -> int:
    options = arguments()
    for tool in (HAPROXY, REDIS):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing: apt-get install haproxy redis-server")
    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(SETUP_LIMIT + 2 * options.seconds + options.faults + 400)
    work = Path(tempfile.mkdtemp(prefix="toolkit-scale-"))
    started = time.monotonic()
    try:
        with postgres_database(load.ADMIN_URL, f"toolkit_scale_{os.getpid()}") as url:
            return Rehearsal(options, url, work, started).go()
    finally:
        if os.environ.get("SCALE_KEEP"):
            print(f"# logs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


class Rehearsal:
    def __init__(self, options, url: str, work: Path, started: float):
        self.options, self.url, self.work, self.began = options, url, work, started
        self.findings = Findings()
        self.services: list[Service] = []
        self.ports = {"redis": free_port(), "s3": free_port(), "balancer": free_port()}
        self.ports.update({host: free_port() for host in HOSTS})
        self.s3 = f"http://127.0.0.1:{self.ports['s3']}"
        self.base = f"http://127.0.0.1:{self.ports['balancer']}"
        self.direct = {host: f"http://127.0.0.1:{self.ports[host]}" for host in HOSTS}
        self.env = site_env(url)
        self.env.update(
            {
                **production_environment("127.0.0.1"),
                "PYTHONPATH": str(ROOT),
                "DJANGO_CONN_MAX_AGE": str(load.CONN_MAX_AGE),
                "DJANGO_TASKS_BACKEND": "database",
                "DJANGO_BEHIND_PROXY": "1",
                "DJANGO_REDIS_URL": f"redis://127.0.0.1:{self.ports['redis']}/0",
                "DJANGO_S3_BUCKET": BUCKET,
                "DJANGO_S3_ENDPOINT_URL": self.s3,
                "DJANGO_S3_REGION": "us-east-1",
                **S3_KEYS,
                "TOOLKIT_REPORT_STALE_MINUTES": str(STALE_MINUTES),
            }
        )

    # Set-up.
    def service(self, service: Service) -> Service:
        self.services.append(service)
        return service.start()

    def host_env(self, host: str) -> dict:
        folder = self.work / f"host-{host}"
        (folder / "tmp").mkdir(parents=True, exist_ok=True)
        return {
            **self.env,
            "DJANGO_MEDIA_ROOT": str(folder / "media"),
            "TMPDIR": str(folder / "tmp"),
        }

    def host(self, host: str) -> Service:
        folder = self.work / f"host-{host}"
        command = [
            *(sys.executable, "-m", "gunicorn", "toolkit.wsgi"),
            *("--bind", f"127.0.0.1:{self.ports[host]}"),
            *("--workers", str(self.options.workers), "--threads", str(self.options.threads)),
            *("--worker-tmp-dir", str(folder / "tmp")),
        ]
        return Service(
            f"host {host}",
            command,
            env=self.host_env(host),
            cwd=folder,
            log=folder / "gunicorn.log",
        )

    def worker(self, number: int) -> Service:
        command = [sys.executable, str(ROOT / "manage.py"), "db_worker", "--interval", "0.5"]
        command += ["--worker-id", f"worker-{number}", "--no-startup-delay"]
        folder = self.work / f"worker-{number}"
        (folder / "tmp").mkdir(parents=True, exist_ok=True)
        return Service(
            f"db_worker {number}",
            command,
            env={
                **self.env,
                "DJANGO_MEDIA_ROOT": str(folder / "media"),
                "TMPDIR": str(folder / "tmp"),
            },
            cwd=folder,
            log=folder / "db_worker.log",
        )

    def set_up(self) -> dict:
        redis_folder = self.work / "redis"
        redis_folder.mkdir()
        self.redis = self.service(
            Service(
                "redis",
                [REDIS, "--port", str(self.ports["redis"]), "--bind", "127.0.0.1", "--save", ""]
                + ["--appendonly", "yes", "--appendfsync", "always", "--dir", str(redis_folder)],
                log=self.work / "redis.log",
            )
        )
        self.moto = self.service(
            Service(
                "moto",
                [
                    sys.executable,
                    "-m",
                    "moto.server",
                    "-H",
                    "127.0.0.1",
                    "-p",
                    str(self.ports["s3"]),
                ],
                log=self.work / "moto.log",
            )
        )
        wait_until(lambda: redis_answers(self.ports["redis"]), 20, "Redis answering")
        wait_until(lambda: answers(self.s3), 30, "the S3 server answering")
        s3_client(self.s3).create_bucket(Bucket=BUCKET, ACL="private")

        migrate_site(self.env)
        params = {
            "password": PASSWORD,
            "staff": self.options.staff,
            "directors": self.options.directors,
            "assessments": min(load.ASSESSMENTS, self.options.staff),
            "finalized": self.options.finalized,
            "vendors": load.VENDORS,
        }
        site = run_site_script(
            self.env, load.SETUP_SCRIPT.replace("PARAMS", repr(json.dumps(params))), timeout=600
        )
        run_site_script(self.env, EXTRA_PEOPLE.replace("PARAMS", repr(PASSWORD)))

        self.hosts = {host: self.service(self.host(host)) for host in HOSTS}
        self.workers = [self.service(self.worker(n)) for n in (1, 2)]
        self.balancer = self.service(Balancer(self.work, self.ports["balancer"], self.ports_of()))
        for host in HOSTS:
            wait_until(lambda h=host: answers(self.direct[h] + "/en/"), 60, f"host {host} up")
        wait_until(lambda: self.balancer.up() == set(HOSTS), 30, "both hosts up in HAProxy")
        print(f"# set up in {time.monotonic() - self.began:.0f} s", flush=True)
        return site

    def ports_of(self) -> dict[str, int]:
        return {host: self.ports[host] for host in HOSTS}

    # The run.
    def go(self) -> int:
        try:
            site = self.set_up()
            return self.run(site)
        finally:
            for service in reversed(self.services):
                service.stop()

    def run(self, site: dict) -> int:
        options = self.options
        people = load.people_of(site)
        context = multiprocessing.get_context("spawn")
        pipes, processes = [], []
        for n in range(options.processes):
            mine, theirs = context.Pipe()
            process = context.Process(
                target=load.client_process,
                args=(theirs, self.base, people[n :: options.processes], site),
                kwargs={"budget": load.MAX_REQUESTS // options.processes, "kind": ScaleClient},
                daemon=True,
            )
            process.start()
            pipes.append(mine)
            processes.append(process)
        try:
            prepared = load.receive(pipes, time.monotonic() + 600)
            problems = [e for r in prepared for e in r["errors"]]
            if problems:
                for pipe in pipes:
                    pipe.send({"command": "stop"})
                print("\n".join(problems[:20]) + self.logs())
                return 1
            throttle_check(self.findings, self.base, self.direct, "before")
            slices = schedule(options, time.monotonic() + 2)
            deadline = slices[-1]["end"] + 120
            for pipe in pipes:
                pipe.send({"command": "run", "slices": slices, "deadline": deadline})
            self.cpu = Cpu(self)
            self.drive(slices)
            results = load.receive(pipes, deadline)
            stored, _ = load.stored_answers(self.url, site["edited"])
            acks = [a for r in results for a in r["acks"]]
            cut = [c for r in results for c in r["cut"]]
            before = load.compare(stored, acks, cut)
            for pipe in pipes:
                pipe.send({"command": "settle"})
            settled = load.receive(pipes, deadline + 60)
            stored, duplicated = load.stored_answers(self.url, site["edited"])
            acks += [a for r in settled for a in r["acks"]]
            cut += [c for r in settled for c in r["cut"]]
            after = load.compare(stored, acks, cut)
            after["duplicated rows"] = duplicated
            self.finish_reports(site)
            self.check_storage(site)
            self.check_folders()
            return self.report(site, results, settled, before, after)
        finally:
            for process in processes:
                process.join(timeout=10)
                if process.is_alive():
                    process.kill()

    def drive(self, slices: list[dict]) -> None:
        """One host or two in each throughput slice; the faults in the last phase."""
        for each in slices:
            load.pause(each["start"] - time.monotonic())
            if each["name"] == "one":
                self.balancer.set_state("b", "maint")
            elif each["name"] == "two":
                self.balancer.set_state("b", "ready")
            self.cpu.start()
            if each["name"] == "faults":
                self.faults(each)
            load.pause(each["end"] - time.monotonic())
            self.cpu.end(each["name"])

    def faults(self, phase: dict) -> None:
        at = lambda share: phase["start"] + (phase["end"] - phase["start"]) * share  # noqa: E731
        watcher = threading.Thread(target=self.kill_a_rendering_worker, args=(at(0.9),))
        watcher.start()
        load.pause(at(0.15) - time.monotonic())
        self.findings.note(self.began, "host a killed (SIGKILL, its gunicorn master and workers)")
        down, self.findings.host_a_killed_at = time.monotonic(), time.time()
        self.hosts["a"].kill()
        load.pause(at(0.35) - time.monotonic())
        self.hosts["a"].start()
        wait_until(lambda: "a" in self.balancer.up(), 60, "host a back in HAProxy")
        self.findings.host_a_down = (down, time.monotonic())
        self.findings.note(self.began, "host a started again and back in the balancer")
        load.pause(at(0.55) - time.monotonic())
        probe = RedisProbe(self.base, self.findings)
        probe.start()
        time.sleep(1)
        self.findings.note(self.began, "Redis killed (SIGKILL)")
        self.redis.kill()
        time.sleep(2)
        self.redis.start()
        wait_until(lambda: redis_answers(self.ports["redis"]), 20, "Redis back")
        self.findings.note(self.began, "Redis started again (same append-only file)")
        time.sleep(3)
        probe.running = False
        probe.join(timeout=load.REQUEST_TIMEOUT + 5)
        throttle_check(self.findings, self.base, self.direct, "after")
        watcher.join()

    def kill_a_rendering_worker(self, until: float) -> None:
        """Kill the db_worker running a render, mid-render, once; start it again after 3 s."""
        sql = (
            "SELECT worker_ids, id FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING' "
            "ORDER BY started_at DESC LIMIT 1"
        )
        while time.monotonic() < until:
            rows = database_rows(self.url, sql)
            if rows and rows[0][0]:
                name = rows[0][0][-1]
                victim = next(w for w in self.workers if w.command[-2] == name)
                victim.kill()
                self.findings.worker_killed = f"{name} killed during render task {rows[0][1]}"
                self.findings.note(self.began, f"{name} killed (SIGKILL) in the middle of a render")
                time.sleep(3)
                victim.start()
                self.findings.note(self.began, f"{name} started again")
                return
            time.sleep(0.05)
        self.findings.check(False, "no render was running to kill a worker in")

    def finish_reports(self, site: dict) -> None:
        """Every PDF asked for ends ready: a director asks again for any cut off (bounded)."""
        wanted = [(pk, paper) for pk in site["finalized"] for paper in load.PAPERS]
        director = HostBrowser(self.base, timeout=load.REQUEST_TIMEOUT)
        director.sign_in(site["directors"][0])
        _, page = director.request(f"/en/assessments/{site['finalized'][0]}/report.pdf")
        token = hidden_fields(page)["csrfmiddlewaretoken"]
        deadline, asked = time.monotonic() + 150, 0
        while time.monotonic() < deadline:
            missing = []
            for pk, paper in wanted:
                status, body = director.request(
                    f"/en/assessments/{pk}/report.pdf?paper={paper}", accept="application/json"
                )
                state = json.loads(body)["status"] if status == 200 else "?"
                if state != "ready":
                    missing.append((pk, paper))
                if state in ("failed", None):
                    asked += 1
                    director.request(
                        f"/en/assessments/{pk}/report.pdf",
                        {"csrfmiddlewaretoken": token, "paper": paper},
                    )
            if not missing:
                break
            time.sleep(1)
        self.pdfs_missing, self.pdfs_asked_after = missing, asked
        self.findings.check(not missing, f"PDFs never ready: {missing}")

    def check_storage(self, site: dict) -> None:
        """Stored once in the bucket, as the database says; the same bytes through either host."""
        rows = database_rows(
            self.url,
            "SELECT assessment_id, paper, file FROM reports_reportfile WHERE status = 'ready'",
        )
        objects = bucket_objects(self.s3)
        self.objects = objects
        named = {file for _, _, file in rows}
        self.findings.check(
            set(objects) == named,
            f"bucket and database differ: {sorted(set(objects) ^ named)[:6]}",
        )
        bucket = s3_client(self.s3)
        self.downloads = Counter()
        for host, base in self.direct.items():
            browser = HostBrowser(base, timeout=load.REQUEST_TIMEOUT)
            browser.sign_in(site["directors"][-1])
            for pk, paper, name in rows:
                path = f"/en/assessments/{pk}/report.pdf?paper={paper}&download=1"
                status, body = browser.request_bytes(path)
                stored = bucket.get_object(Bucket=BUCKET, Key=name)["Body"].read()
                same = status == 200 and body == stored and browser.last_url == base + path
                self.downloads[host, same] += 1
                self.findings.check(same, f"download of {name} through host {host}: {status}")

    def check_folders(self) -> None:
        """The app wrote nothing to a host's or a worker's own disk, their logs aside (gunicorn's
        heartbeat files in tmp/ are unlinked as soon as they are opened)."""
        written = [
            str(path.relative_to(self.work))
            for pattern in ("host-*", "worker-*")
            for path in self.work.glob(f"{pattern}/**/*")
            if path.is_file() and path.suffix != ".log"
        ]
        self.written = written
        self.findings.check(not written, f"files written to a host's own folder: {written[:5]}")

    def logs(self) -> str:
        return "".join(service.tail() for service in self.services)

    # Figures.
    def report(self, site, results, settled, before, after) -> int:
        options, findings = self.options, self.findings
        slices = schedule(options, 0)
        per_mode, faults = options.seconds, options.faults
        rows = [
            load.row(results, "one host: autosave", "one", "autosave", per_mode),
            load.row(results, "two hosts: autosave", "two", "autosave", per_mode),
            load.row(results, "faults: autosave", "faults", "autosave", options.faults),
            load.row(results, "faults: director, report page", "faults", "report page", faults),
            load.row(results, "faults: director, PDF asked for", "faults", "PDF request", faults),
            load.row(results, "faults: director, PDF state", "faults", "PDF status", faults),
        ]
        final = load.row(settled, "final saves", "settle", "autosave", 1)
        one, two = rows[0], rows[1]
        print(
            f"# Scale-out rehearsal, {date.today()}, {machine()}, {load.versions(self.url)}, "
            f"{haproxy_version()}, {redis_version()}, moto {moto_version()}; {load.code_state()}"
        )
        print(
            f"{len(site['staff'])} staff on {len(site['edited'])} assessments, "
            f"{len(site['directors'])} directors, in {options.processes} client processes, through "
            f"HAProxy to 2 app hosts (gunicorn {options.workers} workers x {options.threads} "
            f"threads each, DEBUG off, DJANGO_BEHIND_PROXY on), PostgreSQL, Redis, moto's S3 "
            f"server, 2 db_workers; one host and two alternate in "
            f"{len([s for s in slices if s['name'] == 'one'])} slices each, {per_mode} s of each; "
            f"then {options.faults} s with the faults"
        )
        print("| case | requests | req/s | p50 ms | p99 ms | 5xx | conflicts | unacknowledged |")
        print("|---|---|---|---|---|---|---|---|")
        for each in rows:
            print(each.line())
        ratio = two.throughput / one.throughput
        print(f"\nautosave throughput, two hosts / one host: {ratio:.2f}")
        self.cpu_lines(results)

        print("\nFaults, in order (seconds from the start of the run):")
        for event in findings.events:
            print(f"  {event}")
        app_5xx, balancer_5xx = self.server_errors(results + settled)
        cut_window = findings.host_a_down
        print(
            f"5xx answered by an app host: {sum(app_5xx.values())} {dict(app_5xx) or ''}; "
            f"5xx from the balancer (requests cut off when host a died, "
            f"{cut_window[1] - cut_window[0]:.1f} s down): {sum(balancer_5xx.values())} "
            f"{dict(balancer_5xx) or ''}"
        )
        findings.check(not app_5xx, "an app host answered 5xx")
        cut, other = balancer_errors(self.balancer.log_path, findings.host_a_killed_at)
        answered_502 = sum(status == "502" for _, status in cut)
        print(
            f"HAProxy's log: {len(cut)} requests cut by host a's death ({answered_502} answered "
            f"502, the server gone before its answer; {len(cut) - answered_502} cut during it), "
            f"each ended within {CUT_WINDOW:.0f} s of the kill, the last "
            f"{max((t for t, _ in cut), default=0):.2f} s after it; any other error it answered: "
            f"{len(other)}" + (f" {other[:5]}" if other else "")
        )
        findings.check(not other, "the balancer answered an error other than a cut request")
        findings.check(
            answered_502 == sum(balancer_5xx.values()),
            f"the clients saw {sum(balancer_5xx.values())} 5xx from the balancer, its log "
            f"{answered_502}",
        )
        hosts_seen = Counter()
        for r in results:
            for (kind, hosts), statuses in r["statuses"].items():
                if kind == "hosts seen":
                    hosts_seen[hosts] += sum(statuses.values())
        staff_both = sum(
            n for hosts, n in hosts_seen.items() if {"a", "b"} <= set(hosts.split("+"))
        )
        print(
            f"sessions: {staff_both} of {sum(hosts_seen.values())} people were answered by both "
            f"hosts on one sign-in (in the database, not in a host's memory); "
            f"client errors (a 4xx, a page asking to sign in again): "
            f"{sum(len(r['errors']) for r in results + settled)}"
        )
        findings.check(staff_both == sum(hosts_seen.values()), f"hosts seen: {dict(hosts_seen)}")
        asked_again = Counter()
        for r in results:
            for (kind, state), statuses in r["statuses"].items():
                if kind == "PDF asked again":
                    asked_again[state] += sum(statuses.values())
        seen = sum(r["renders_seen"] for r in results)
        wanted = len(site["finalized"]) * len(load.PAPERS)
        print(
            f"PDFs: {findings.worker_killed or 'no worker killed'}; {wanted} asked for, "
            f"{seen} downloaded by the directors during the phase, asked again after a cut "
            f"{sum(asked_again.values())} times {dict(asked_again) or ''} (and "
            f"{self.pdfs_asked_after} after it); {wanted - len(self.pdfs_missing)} ready; "
            f"{len(self.objects)} objects in the bucket, one per ready PDF: "
            f"{'yes' if not any('bucket' in f for f in findings.failures) else '**no**'}; "
            "downloaded through each host directly, the same bytes as the bucket's: "
            + ", ".join(
                f"host {h} {self.downloads[h, True]} of {self.downloads[h, True] + self.downloads[h, False]}"
                for h in HOSTS
            )
        )
        print("sign-in throttling (Redis, shared by both hosts):")
        for line in findings.throttle:
            print(f"  {line}")
        print(
            "sign-ins while Redis restarted (the right password, through the balancer): "
            + ", ".join(f"{k} {v}" for k, v in sorted(findings.probe.items()))
        )
        findings.check(
            not any(k.startswith("status") for k in findings.probe), "a sign-in got a bare error"
        )
        print(
            f"files the app wrote to a host's own folder: {len(self.written)}"
            + (f" {self.written[:5]}" if self.written else " (none)")
        )
        print(
            f"final saves (each person, each question touched): {final.requests} answered, "
            f"{final.conflicts} conflicts saved again, {final.unacknowledged} cut off, "
            f"{final.errors} 5xx"
        )
        for title, counts in (("before the final saves", before), ("after", after)):
            print(f"answers {title}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        findings.check(
            not (after["lost"] or after["duplicated rows"]), "answers lost or duplicated"
        )
        findings.check(not after["newer, from a request cut off"], "answers not settled")
        findings.check(not before["lost"], "answers lost before the final saves")
        findings.check(not final.errors, "5xx in the final saves")
        errors = [e for r in results + settled for e in r["errors"]]
        if errors:
            print("client errors:\n  " + "\n  ".join(errors[:20]))
            findings.failures.append("client errors")
        print(f"\nrun in {time.monotonic() - self.began:.0f} s, set-up included")
        if findings.failures:
            print("**FAILED**: " + "; ".join(findings.failures) + self.logs())
            return 1
        print("verdict: every check passed")
        return 0

    def server_errors(self, results) -> tuple[Counter, Counter]:
        app, balancer = Counter(), Counter()
        for r in results:
            for (phase, label), statuses in r["statuses"].items():
                if "@" not in label:
                    continue
                for status, n in statuses.items():
                    if status >= 500:
                        target = balancer if label.endswith("@balancer") else app
                        target[phase, f"{label} {status}"] += n
        return app, balancer

    def cpu_lines(self, results) -> None:
        cpu = self.cpu
        print("CPU, share of both cores (all slices of each):")
        for phase in ("one", "two", "faults"):
            print(f"  {phase}: {cpu.shares(phase)}")
        print("server CPU per answered request:")
        per = {}
        for phase in ("one", "two"):
            answered = sum(
                len(v)
                for r in results
                for (p, label), v in r["latencies"].items()
                if p == phase and "@" not in label
            )
            used = cpu.seconds[phase]
            per[phase] = (used["app hosts"] * 1000 / answered, used["PostgreSQL"] * 1000 / answered)
            print(
                f"  {phase}: app hosts {per[phase][0]:.1f} ms, PostgreSQL {per[phase][1]:.1f} ms, "
                f"balancer {used['HAProxy'] * 1000 / answered:.2f} ms ({answered} requests)"
            )
        app, database = per["two"]
        cores = os.cpu_count()
        print(
            f"  so on machines like this one ({cores} cores each), one app machine saturates at "
            f"about {cores * 1000 / app:.0f} autosaves/s, the database machine at about "
            f"{cores * 1000 / database:.0f}/s: a second app machine would double the first figure "
            f"until the database's figure bounds it (the balancer and Redis cost little)"
        )


GROUPS = ("app hosts", "PostgreSQL", "db_workers", "HAProxy", "Redis", "S3", "clients", "other")


class Cpu:
    """CPU used in each phase by each part of the deployment (and the clients)."""

    def __init__(self, rehearsal: Rehearsal):
        self.rehearsal = rehearsal
        self.database = rehearsal.url.rsplit("/", 1)[1]
        self.seconds: dict[str, Counter] = defaultdict(Counter)
        self.capacity: Counter = Counter()
        self.mark: tuple = ()

    def groups(self) -> dict[int, str]:
        r = self.rehearsal
        found = {pid: "app hosts" for host in r.hosts.values() for pid in host.pids}
        found.update({pid: "db_workers" for worker in r.workers for pid in worker.pids})
        found.update({pid: "HAProxy" for pid in r.balancer.pids})
        found.update({pid: "Redis" for pid in r.redis.pids})
        found.update({pid: "S3" for pid in r.moto.pids})
        return found

    def start(self) -> None:
        self.mark = (time.monotonic(), load.idle_seconds(), load.process_times(), self.groups())

    def end(self, phase: str) -> None:
        began, idle, before, groups = self.mark
        now, after = time.monotonic(), load.process_times()
        groups.update(self.groups())
        capacity = (now - began) * os.cpu_count()
        used: Counter = Counter()
        for pid, (name, parent, seconds) in after.items():
            if pid in groups:
                group = groups[pid]
            elif name.startswith("postgres"):
                backend = "127.0.0.1(" in name or "[local]" in name
                group = "PostgreSQL" if self.database in name or not backend else "other"
            elif parent == os.getpid() or pid == os.getpid():
                group = "clients"
            else:
                group = "other"
            used[group] += seconds - before.get(pid, ("", 0, 0))[2]
        used["idle"] = load.idle_seconds() - idle
        self.seconds[phase].update(used)
        self.capacity[phase] += capacity

    def shares(self, phase: str) -> str:
        used, capacity = self.seconds[phase], self.capacity[phase]
        return " | ".join(f"{g} {used[g] / capacity:.0%}" for g in (*GROUPS, "idle"))


def haproxy_version() -> str:
    out = subprocess.run([HAPROXY, "-v"], capture_output=True, text=True).stdout
    return "HAProxy " + (out.split()[2] if len(out.split()) > 2 else "?")


def redis_version() -> str:
    out = subprocess.run([REDIS, "--version"], capture_output=True, text=True).stdout
    return "Redis " + next((w[2:] for w in out.split() if w.startswith("v=")), "?")


def moto_version() -> str:
    import moto

    return moto.__version__


if __name__ == "__main__":
    sys.exit(main())
