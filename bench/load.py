"""Load: staff autosaving on gunicorn and PostgreSQL while directors ask for reports.

Run: .venv/bin/python bench/load.py [--seconds 60] [--staff 50] [--directors 3] [--slice 10]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust authentication; LOAD_ADMIN_URL names
another server). Creates a database of its own (dropped at the end), migrates it and loads the
content, starts gunicorn with production settings (plus the one baseline view of
bench/load_urls.py) and one `manage.py db_worker`, signs the staff and the directors in, then
measures three phases of `--seconds` each, in turn in slices of `--slice` seconds so that the
other work on a shared machine hits all three alike:

a. every staff member posts the minimal signed-in one-row write (the baseline);
b. every staff member autosaves answers of their assessment (10 assessments, 5 people each),
   mostly in the sections given to them, one save in ten anywhere in the assessment;
c. the same, while directors read the HTML report of the assessments being edited and ask for
   the PDFs of finalized assessments, which the db_worker renders off the request as in
   production (it runs only in c slices: SIGSTOP and SIGCONT);

and then d: the same autosaves while a gunicorn worker is killed (SIGKILL), twice.

Autosave follows tests/assessments/test_live_concurrency.py: each save names the version it
started from; "saved" acknowledges a version; a conflict hands back the stored version, and the
next save deliberately keeps the person's value. Every value sent is unique (its note), so the
database can be compared with what was acknowledged: before the final saves (an answer newer
than the last acknowledged one must come from a request cut off by a kill) and after every
person saved each question they touched once more (then exactly the last acknowledged value).

Requests go to 127.0.0.1 only, each with a timeout, at most MAX_REQUESTS in all, and the run
stops at a hard deadline. Exits non-zero on any 5xx, a lost or duplicated answer, or a client
error. LOAD_KEEP=1 keeps the temporary folder with the server's and the db_worker's logs.
"""

import argparse
import http.client
import json
import math
import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import ROOT, machine, production_environment
from tests.live_site import (
    PASSWORD,
    Browser,
    free_port,
    hidden_fields,
    migrate_site,
    postgres_database,
    run_site_script,
    serving,
    site_env,
)

ADMIN_URL = os.environ.get("LOAD_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
ASSESSMENTS = 10
CONN_MAX_AGE = 600  # persistent database connections, kept for the whole run
REQUEST_TIMEOUT = 30  # seconds, every request
MAX_REQUESTS = 400_000  # all clients, all phases together
GAP = 2  # seconds between slices, for the requests in flight to finish
SETUP_LIMIT = 1200  # seconds for the database, the content, the people, the sign-ins
VENDORS = ("Acme Chat", "Beta Video", "Gamma Text", "Delta Link", "Epsilon Call")
PAPERS = ("letter", "a4")
SHARED = 0.1  # the share of saves anywhere in the assessment rather than in one's own sections
TRANSPORT_ERRORS = (OSError, http.client.HTTPException)  # URLError, resets, timeouts

SETUP_SCRIPT = """
import json
from accounts.models import Membership, Organisation, Role, User
from assessments.plan.actions import action_plan_refresh
from assessments.answering.lifecycle import assessment_start, vendor_add
from reports.signoff import assessment_finalise
from assessments.models import Question
from tests.reports.test_report import answer_worksheet

P = json.loads(PARAMS)
CHANNELS = ["text", "chat", "video"]
organisation = Organisation.objects.create(name="Load test program")

def member(email, role):
    user = User.objects.create_user(email=email, password=P["password"])
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user

staff = [member(f"staff{n}@load.invalid", Role.STAFF) for n in range(P["staff"])]
directors = [member(f"director{n}@load.invalid", Role.DIRECTOR) for n in range(P["directors"])]
start = dict(organisation=organisation, channels=CHANNELS, report_language="en", by=directors[0])
edited = [assessment_start(name=f"Edited {n}", **start).pk for n in range(P["assessments"])]
finalized = []
for n in range(P["finalized"]):
    assessment = assessment_start(name=f"Finalized {n}", **start)
    for worksheet in ("readiness", "platform"):
        answer_worksheet(assessment, worksheet, directors[0])
    for shift, name in enumerate(P["vendors"]):
        vendor = vendor_add(assessment=assessment, name=name)
        answer_worksheet(assessment, "vendor", directors[0], vendor=vendor, shift=shift)
    action_plan_refresh(assessment=assessment)
    finalized.append(assessment_finalise(assessment=assessment, by=directors[0]).pk)
questions = [
    {"section": q.section.key, "key": q.key, "choices": [c.key for c in q.choices.all()]}
    for q in Question.objects.filter(section__worksheet__key="readiness")
    .select_related("section").prefetch_related("choices")
    if q.has_choices and q.applies_to(CHANNELS)
]
print("SITE" + json.dumps({
    "staff": [u.email for u in staff], "directors": [u.email for u in directors],
    "edited": edited, "finalized": finalized, "questions": questions,
}))
"""


# --- Clients: run in a few processes, a thread per person --------------------------------------


@dataclass
class Person:
    email: str
    role: str  # "staff" or "director"
    number: int
    assessment: int = 0  # staff: the assessment they edit
    sections: list[str] = field(default_factory=list)  # staff: the sections given to them
    pdfs: list[tuple[int, str]] = field(default_factory=list)  # directors: PDFs to ask for


class Tally:
    """Everything one client process saw, sent to the parent as plain data."""

    def __init__(self, budget: int):
        self.lock = threading.Lock()
        self.budget = budget
        self.latencies: dict[tuple[str, str], list[float]] = defaultdict(list)
        self.statuses: dict[tuple[str, str], Counter] = defaultdict(Counter)
        self.conflicts: Counter = Counter()
        self.unacknowledged: Counter = Counter()
        self.acks: list[tuple[str, int, str, str]] = []  # (answer key, version, choice, note)
        self.cut: list[tuple[str, str, str]] = []  # sent, never answered: (key, choice, note)
        self.renders_seen = 0
        self.errors: list[str] = []

    def take(self) -> bool:
        """One request from the budget; False once it is spent."""
        with self.lock:
            self.budget -= 1
            return self.budget >= 0

    def record(self, phase: str, label: str, status: int, seconds: float) -> None:
        with self.lock:
            self.latencies[phase, label].append(seconds * 1000)
            self.statuses[phase, label][status] += 1

    def dump(self) -> dict:
        with self.lock:
            return {
                "latencies": dict(self.latencies),
                "statuses": {key: dict(value) for key, value in self.statuses.items()},
                "conflicts": dict(self.conflicts),
                "unacknowledged": dict(self.unacknowledged),
                "acks": self.acks,
                "cut": self.cut,
                "renders_seen": self.renders_seen,
                "errors": self.errors,
            }


class Client:
    """One person's browser and what they know: CSRF token, content version, base tokens."""

    def __init__(self, person: Person, base: str, site: dict, tally: Tally):
        self.person, self.site, self.tally = person, site, tally
        self.browser = Browser(base, timeout=REQUEST_TIMEOUT)
        self.random = random.Random(person.number * 7919 + len(person.role))
        self.mine = [q for q in site["questions"] if q["section"] in person.sections]
        self.bases: dict[str, str] = {}
        self.touched: set[str] = set()
        self.sent = 0
        self.pending: tuple[int, str] | None = None
        self.csrf = self.content_version = ""

    # Set-up: sign in, open the pages whose tokens the requests need.
    def prepare(self) -> None:
        self.browser.sign_in(self.person.email)
        if self.person.role == "director":
            pk = self.site["finalized"][0]
            status, page = self.browser.request(f"/en/assessments/{pk}/report.pdf")
            assert status == 200, f"report PDF page: {status}"
            self.csrf = hidden_fields(page)["csrfmiddlewaretoken"]
            return
        for section in dict.fromkeys(q["section"] for q in self.site["questions"]):
            url = f"/en/assessments/{self.person.assessment}/readiness/{section}/"
            status, page = self.browser.request(url)
            assert status == 200, f"{url}: {status}"
            form = hidden_fields(page)
            self.csrf, self.content_version = form["csrfmiddlewaretoken"], form["content_version"]
            self.bases.update({k[2:]: v for k, v in form.items() if k.startswith("b-")})

    def timed(self, phase: str, label: str, path: str, data=None, accept="application/json"):
        """(status, body), or None when the request got no answer (connection cut, timeout)."""
        start = time.perf_counter()
        try:
            status, body = self.browser.request(path, data, accept=accept)
        except TRANSPORT_ERRORS:
            with self.tally.lock:
                self.tally.unacknowledged[phase, label] += 1
            return None
        self.tally.record(phase, label, status, time.perf_counter() - start)
        return status, body

    # The requests.
    def one_row_write(self, phase: str) -> None:
        self.timed(phase, "write", "/en/bench/one-row-write/", {"csrfmiddlewaretoken": self.csrf})

    def autosave(self, phase: str, question: dict | None = None) -> str | None:
        """Save a new value of one question; the reply's status ("saved", "conflict"), if any."""
        if question is None:  # mostly in my sections, as a team splits a worksheet
            anywhere = self.random.random() < SHARED or not self.mine
            question = self.random.choice(self.site["questions"] if anywhere else self.mine)
        key = question["key"]
        choice = self.random.choice(question["choices"])
        self.sent += 1
        note = f"{self.person.email.split('@')[0]}-{self.sent}"  # unique: tells saves apart
        answer_key = f"{self.person.assessment}:{key}"
        self.touched.add(key)
        data = {
            "csrfmiddlewaretoken": self.csrf,
            "content_version": self.content_version,
            "worksheet": "readiness",
            "section": question["section"],
            "question": key,
            f"q-{key}": choice,
            f"n-{key}": note,
            f"b-{key}": self.bases[key],
        }
        answer = self.timed(
            phase, "autosave", f"/en/assessments/{self.person.assessment}/autosave/", data
        )
        if answer is None:
            with self.tally.lock:
                self.tally.cut.append((answer_key, choice, note))
            return None
        status, body = answer
        reply = json.loads(body) if status < 500 and body.startswith("{") else {}
        if status >= 500:  # not acknowledged: whether it was stored is unknown
            with self.tally.lock:
                self.tally.cut.append((answer_key, choice, note))
        if reply.get("status") == "saved":
            version = int(reply["base"].split(":")[0])
            with self.tally.lock:
                self.tally.acks.append((answer_key, version, choice, note))
        elif reply.get("status") == "conflict":
            with self.tally.lock:
                self.tally.conflicts[phase, "autosave"] += 1
        elif status < 500:
            with self.tally.lock:
                self.tally.errors.append(f"autosave {status}: {body[:200]}")
        if reply.get("status") in ("saved", "conflict"):
            self.bases[key] = reply["base"]  # after a conflict: deliberately keep mine next time
        return reply.get("status")

    def director_step(self, phase: str) -> None:
        """Read a report being edited; keep one PDF of a finalized report asked for at a time."""
        pk = self.random.choice(self.site["edited"])
        self.timed(phase, "report page", f"/en/assessments/{pk}/report/", accept="text/html")
        if self.pending is None and self.person.pdfs:
            self.pending = self.person.pdfs.pop(0)
            pk, paper = self.pending
            data = {"csrfmiddlewaretoken": self.csrf, "paper": paper}
            self.timed(phase, "PDF request", f"/en/assessments/{pk}/report.pdf", data, "text/html")
        elif self.pending is not None:
            pk, paper = self.pending
            answer = self.timed(
                phase, "PDF status", f"/en/assessments/{pk}/report.pdf?paper={paper}"
            )
            state = json.loads(answer[1])["status"] if answer and answer[0] == 200 else None
            if state in ("ready", "failed"):
                with self.tally.lock:
                    if state == "ready":
                        self.tally.renders_seen += 1
                    else:
                        self.tally.errors.append(f"the PDF of {pk} ({paper}) failed")
                self.pending = None

    def run(self, slices: list[dict], deadline: float) -> None:
        for phase in slices:
            pause(phase["start"] - time.monotonic())
            while time.monotonic() < min(phase["end"], deadline) and self.tally.take():
                if self.person.role == "director":
                    if phase["kind"] != "reports":
                        break
                    self.director_step(phase["name"])
                elif phase["kind"] == "baseline":
                    self.one_row_write(phase["name"])
                else:
                    self.autosave(phase["name"])

    def settle(self, deadline: float) -> None:
        """Save each question touched once more, until it is acknowledged (bounded)."""
        by_key = {q["key"]: q for q in self.site["questions"]}
        for key in self.random.sample(sorted(self.touched), len(self.touched)):  # not in step
            for _ in range(20):
                if time.monotonic() > deadline or self.autosave("settle", by_key[key]) == "saved":
                    break
                time.sleep(0.05 * self.random.random())


def pause(seconds: float) -> None:
    if seconds > 0:
        time.sleep(seconds)


def cpu_seconds() -> float:
    usage = os.times()
    return usage.user + usage.system


def client_process(
    connection, base: str, people: list[Person], site: dict, budget: int, kind=None
) -> None:
    """A client process: prepare everyone, run the slices the parent sends, then settle.

    `kind` is the Client class (bench/scale_out.py passes its own)."""
    assert base.startswith("http://127.0.0.1:"), base  # loopback only
    tally = Tally(budget)
    clients = [(kind or Client)(person, base, site, tally) for person in people]

    def each(work) -> None:
        def guarded(client):
            try:
                work(client)
            except Exception as error:  # reported to the parent, which fails the run
                with tally.lock:
                    tally.errors.append(f"{client.person.email}: {error!r}")

        threads = [threading.Thread(target=guarded, args=(c,), daemon=True) for c in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    each(Client.prepare)
    connection.send({"errors": tally.errors})
    message = connection.recv()
    if message["command"] != "run":
        return
    slices, deadline = message["slices"], message["deadline"]
    cpu: Counter = Counter()

    def watch() -> None:  # this process's own CPU time in each phase
        for each_slice in slices:
            pause(each_slice["start"] - time.monotonic())
            began = cpu_seconds()
            pause(each_slice["end"] - time.monotonic())
            cpu[each_slice["name"]] += cpu_seconds() - began

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    each(lambda client: client.run(slices, deadline))
    watcher.join(timeout=5)
    connection.send({**tally.dump(), "cpu": dict(cpu)})
    tally.acks, tally.cut, tally.errors = [], [], []
    tally.latencies.clear(), tally.statuses.clear()
    if connection.recv()["command"] == "settle":
        each(lambda client: client.person.role == "staff" and client.settle(deadline))
        connection.send(tally.dump())


# --- The server side: processes, CPU accounting, the database ----------------------------------


def proc_stat(pid: str) -> tuple[str, list[str]]:
    """A process's command name and the fields of /proc/<pid>/stat after it."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat[stat.index("(") + 1 : stat.rindex(")")], stat.rsplit(")", 1)[1].split()


def children_of(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int(proc_stat(entry.name)[1][1]) == parent:
                    found.append(int(entry.name))
            except (OSError, ValueError):
                continue
    return found


def process_times() -> dict[int, tuple[str, int, float]]:
    """Every process: (name, parent, CPU seconds so far); PostgreSQL's by their title."""
    tick = os.sysconf("SC_CLK_TCK")
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                name, fields = proc_stat(entry.name)
                if name == "postgres":  # the title names the database a backend serves
                    name = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except (OSError, ValueError):
                continue
            seconds = (int(fields[11]) + int(fields[12])) / tick
            found[int(entry.name)] = (name, int(fields[1]), seconds)
    return found


def idle_seconds() -> float:
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    return (int(fields[3]) + int(fields[4])) / os.sysconf("SC_CLK_TCK")  # idle + iowait


GROUPS = ("gunicorn", "PostgreSQL", "db_worker", "clients", "other", "exited", "idle")


class CpuShare:
    """CPU used in each phase by gunicorn, PostgreSQL (our database), the db_worker, the clients
    and everything else on the machine (other people's work included)."""

    def __init__(self, master: int, clients: list[int], database: str, worker: int):
        self.master, self.clients, self.database, self.worker = (
            master,
            set(clients),
            database,
            worker,
        )
        self.mark: tuple = ()
        self.seconds: dict[str, Counter] = defaultdict(Counter)  # phase -> group -> CPU seconds
        self.capacity: Counter = Counter()  # phase -> CPU seconds all cores had

    def group(self, pid: int, name: str, parent: int) -> str:
        if pid == self.master or parent == self.master:
            return "gunicorn"
        if name.startswith("postgres"):
            # Our backends, and the server's own processes; other databases' backends are not.
            client_backend = "127.0.0.1(" in name or "[local]" in name
            return "PostgreSQL" if self.database in name or not client_backend else "other"
        if pid == self.worker:
            return "db_worker"
        if pid in self.clients or pid == os.getpid():
            return "clients"
        return "other"

    def start(self) -> None:
        self.mark = (time.monotonic(), idle_seconds(), process_times())

    def end(self, phase: str) -> None:
        began, idle, before = self.mark
        now, after = time.monotonic(), process_times()
        capacity = (now - began) * os.cpu_count()
        used: Counter = Counter()
        for pid, (name, parent, seconds) in after.items():
            used[self.group(pid, name, parent)] += seconds - before.get(pid, ("", 0, 0))[2]
        used["idle"] = idle_seconds() - idle
        # Processes that ended meanwhile (the killed workers, other people's short-lived ones)
        # show only in the machine's total, with the kernel's own work.
        used["exited"] = max(0, capacity - sum(used.values()))
        self.seconds[phase].update(used)
        self.capacity[phase] += capacity

    def shares(self, phase: str) -> str:
        used, capacity = self.seconds[phase], self.capacity[phase]
        return " | ".join(f"{group} {used[group] / capacity:.0%}" for group in GROUPS)


class Worker:
    """One `manage.py db_worker`, as in production; paused (SIGSTOP) outside the report slices.

    A paused render holds no lock: the task is claimed and committed before it runs, and the
    render reads the snapshot outside any transaction.
    """

    def __init__(self, env: dict, log: Path):
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.5"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while "Starting worker" not in log.read_text(errors="replace"):
            assert self.process.poll() is None and time.monotonic() < deadline, "no db_worker"
            time.sleep(0.2)
        self.pause()

    def pause(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        """Ask twice (the second ends a render in progress), then kill."""
        if self.process.poll() is not None:
            self.log.close()
            return
        self.resume()
        for _ in range(2):
            self.process.terminate()
            try:
                self.process.wait(timeout=3)
                break
            except subprocess.TimeoutExpired:
                pass
        else:
            self.process.kill()
            self.process.wait(timeout=10)
        self.log.close()


def cut_transactions(database: str) -> str:
    """How many transactions on our database lost their client midway, from PostgreSQL's log."""
    logs = sorted(Path(os.environ.get("LOAD_POSTGRES_LOGS", "/var/log/postgresql")).glob("*.log"))
    if not logs:
        return "unknown (no PostgreSQL log found)"
    try:
        lines = [line for log in logs for line in log.read_text(errors="replace").splitlines()]
    except OSError:
        return "unknown (PostgreSQL's log is not readable)"
    marker = "unexpected EOF on client connection with an open transaction"
    return str(sum(f"@{database} " in line and marker in line for line in lines))


def ready_reports(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as connection:
        return connection.execute(
            "SELECT count(*) FROM reports_reportfile WHERE status = 'ready'"
        ).fetchone()[0]


def stored_answers(url: str, edited: list[int]) -> tuple[dict, int]:
    """Every stored readiness answer of the edited assessments, and the number of duplicates."""
    import psycopg

    with psycopg.connect(url) as connection:
        rows = connection.execute(
            "SELECT a.assessment_id, q.key, a.version, a.selected, a.note "
            "FROM assessments_answer a JOIN assessments_question q ON q.id = a.question_id "
            "WHERE a.vendor_id IS NULL AND a.assessment_id = ANY(%s)",
            [edited],
        ).fetchall()
        duplicated = connection.execute(
            "SELECT count(*) FROM (SELECT 1 FROM assessments_answer "
            "GROUP BY assessment_id, question_id, vendor_id HAVING count(*) > 1) d"
        ).fetchone()[0]  # GROUP BY puts NULL vendors together: one row per question expected
    stored = {}
    for assessment, key, version, selected, note in rows:
        stored[f"{assessment}:{key}"] = (version, selected[0] if selected else "", note)
    return stored, duplicated


def compare(stored: dict, acks: list, cut: list) -> Counter:
    """Classify each answer: the last acknowledged value, newer from a cut request, or lost.

    `acks` are every acknowledged save, (key, version, choice, note); a version acknowledged
    twice with different values is a lost update even if the last one is stored. Anything
    else stored (an older or unknown value, or none) counts as lost.
    """
    highest: dict[str, tuple[int, str, str]] = {}
    by_version: dict[tuple[str, int], set] = defaultdict(set)
    for key, version, choice, note in acks:
        by_version[key, version].add((choice, note))
        if version >= highest.get(key, (0, "", ""))[0]:
            highest[key] = (version, choice, note)
    cut_values = defaultdict(set)
    for key, choice, note in cut:
        cut_values[key].add((choice, note))
    counts = Counter({"acknowledged": len(highest), "stored": len(stored), "lost": 0})
    counts["lost"] += sum(len(values) - 1 for values in by_version.values())
    for key in highest.keys() | stored.keys():
        acked, kept = highest.get(key), stored.get(key)
        if kept is None:
            counts["lost"] += 1
        elif acked and kept == acked:
            counts["stored = last acknowledged"] += 1
        elif (acked is None or kept[0] > acked[0]) and kept[1:] in cut_values[key]:
            counts["newer, from a request cut off"] += 1
        else:
            counts["lost"] += 1
    return counts


# --- Figures ------------------------------------------------------------------------------------


def percentile(values: list[float], percent: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)] if ordered else math.nan


@dataclass
class Row:
    case: str
    requests: int
    seconds: float
    p50: float
    p99: float
    errors: int
    conflicts: int
    unacknowledged: int

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds

    def line(self) -> str:
        return (
            f"| {self.case} | {self.requests} | {self.throughput:.1f} | {self.p50:.1f} "
            f"| {self.p99:.1f} | {self.errors} | {self.conflicts} | {self.unacknowledged} |"
        )


def row(results: list[dict], case: str, phase: str, label: str, seconds: float) -> Row:
    latencies = [ms for r in results for ms in r["latencies"].get((phase, label), [])]
    statuses = Counter()
    for r in results:
        statuses.update(r["statuses"].get((phase, label), {}))
    return Row(
        case,
        len(latencies),
        seconds,
        percentile(latencies, 50),
        percentile(latencies, 99),
        sum(n for status, n in statuses.items() if status >= 500),
        sum(r["conflicts"].get((phase, label), 0) for r in results),
        sum(r["unacknowledged"].get((phase, label), 0) for r in results),
    )


def client_errors(results: list[dict]) -> dict:
    """Responses in the 4xx range, by phase, kind and status (the clients never expect one)."""
    found = Counter()
    for r in results:
        for (phase, label), statuses in r["statuses"].items():
            for status, n in statuses.items():
                if 400 <= status < 500:
                    found[f"{phase}/{label}/{status}"] += n
    return dict(found)


def versions(url: str) -> str:
    import django
    import gunicorn
    import psycopg

    with psycopg.connect(url) as connection:
        server = connection.execute("SHOW server_version").fetchone()[0]
    return f"Django {django.get_version()}, PostgreSQL {server}, gunicorn {gunicorn.__version__}"


def code_state() -> str:
    """The commit measured, and how many files differed from it (the checkout is shared)."""
    git = ["git", "-C", str(ROOT)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    changed = subprocess.run([*git, "status", "--porcelain"], capture_output=True, text=True)
    count = len(changed.stdout.splitlines())
    return f"commit {head.stdout.strip() or '?'} with {count} files changed or new in the checkout"


# --- The run ------------------------------------------------------------------------------------


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="length of each phase")
    parser.add_argument("--staff", type=int, default=50, help="staff autosaving")
    parser.add_argument("--directors", type=int, default=3, help="directors asking for reports")
    parser.add_argument("--slice", type=int, default=10, help="phases a, b, c alternate (0: not)")
    parser.add_argument("--processes", type=int, default=2, help="client processes")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--finalized", type=int, default=0, help="finalized reports to render")
    options = parser.parse_args()
    if not (0 < options.seconds <= 600 and 0 < options.staff <= 500 and options.processes > 0):
        parser.error("--seconds 1 to 600, --staff 1 to 500, --processes at least 1")
    return options


def schedule(options, begin: float) -> list[dict]:
    """The slices: a, b and c in turn (`--slice` seconds each), then d in one piece."""
    count = max(1, round(options.seconds / options.slice)) if options.slice else 1
    length = options.seconds / count
    slices, moment = [], begin
    for _ in range(count):
        for name, kind in (("a", "baseline"), ("b", "autosave"), ("c", "reports")):
            slices.append({"name": name, "kind": kind, "start": moment, "end": moment + length})
            moment += length + GAP
    slices.append(
        {"name": "d", "kind": "kill", "start": moment, "end": moment + kill_length(options)}
    )
    return slices


def kill_length(options) -> float:
    return max(10, options.seconds // 3)


def out_of_time(signum, frame):
    raise SystemExit("bench/load.py: out of time (hard deadline); stopping")


def main() -> int:
    options = arguments()
    # The hard deadline: set-up, the slices, the final saves; the clean-up still runs after it.
    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(SETUP_LIMIT + 4 * options.seconds + kill_length(options) + 300)
    work = Path(tempfile.mkdtemp(prefix="toolkit-load-"))
    started = time.monotonic()
    try:
        with postgres_database(ADMIN_URL, f"toolkit_load_{os.getpid()}") as url:
            env = site_env(url)
            env.update(
                {
                    **production_environment("127.0.0.1"),
                    "DJANGO_CONN_MAX_AGE": str(CONN_MAX_AGE),
                    "DJANGO_TASKS_BACKEND": "database",
                    "DJANGO_MEDIA_ROOT": str(work / "media"),
                    "LIVE_LOG": str(work / "server.log"),
                }
            )
            migrate_site(env)
            params = {
                "password": PASSWORD,
                "staff": options.staff,
                "directors": options.directors,
                "assessments": min(ASSESSMENTS, options.staff),
                "finalized": options.finalized or min(20, max(2, options.seconds // 4)),
                "vendors": VENDORS,
            }
            script = SETUP_SCRIPT.replace("PARAMS", repr(json.dumps(params)))
            site = run_site_script(env, script, timeout=900)
            print(f"# set up in {time.monotonic() - started:.0f} s", flush=True)
            return serve(options, env, url, site, work)
    finally:
        if os.environ.get("LOAD_KEEP"):  # the server's and the db_worker's logs, for a look
            print(f"# logs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def people_of(site: dict) -> list[Person]:
    """Staff spread over the assessments, each given a share of the sections; directors."""
    edited, sections = site["edited"], list(dict.fromkeys(q["section"] for q in site["questions"]))
    team = math.ceil(len(site["staff"]) / len(edited))
    people = [
        Person(
            email,
            "staff",
            n,
            assessment=edited[n % len(edited)],
            sections=sections[n // len(edited) :: team],
        )
        for n, email in enumerate(site["staff"])
    ]
    pdfs = [(pk, paper) for pk in site["finalized"] for paper in PAPERS]
    directors = site["directors"]
    for n, email in enumerate(directors):
        people.append(Person(email, "director", n, pdfs=pdfs[n :: len(directors)]))
    return people


def serve(options, env: dict, url: str, site: dict, work: Path) -> int:
    """Start gunicorn, the db_worker and the client processes; run; report."""
    port = free_port()
    pid_file = work / "gunicorn.pid"
    command = [
        *(sys.executable, "-m", "gunicorn", "toolkit.wsgi", "--bind", f"127.0.0.1:{port}"),
        *("--workers", str(options.workers), "--threads", str(options.threads)),
        *("--pid", str(pid_file)),
    ]
    people = people_of(site)
    context = multiprocessing.get_context("spawn")
    with serving(command, env, port) as base:
        worker = Worker(env, work / "db_worker.log")
        pipes, processes = [], []
        try:
            for n in range(options.processes):
                mine, theirs = context.Pipe()
                budget = MAX_REQUESTS // options.processes
                group = people[n :: options.processes]
                process = context.Process(
                    target=client_process, args=(theirs, base, group, site, budget), daemon=True
                )
                process.start()
                pipes.append(mine)
                processes.append(process)
            run = Run(options, url, site, work, int(pid_file.read_text()), worker, pipes)
            return run.go([p.pid for p in processes])
        finally:
            worker.stop()
            for process in processes:
                process.join(timeout=10)
                if process.is_alive():
                    process.kill()


def receive(pipes, deadline: float) -> list[dict]:
    results = []
    for pipe in pipes:
        if not pipe.poll(max(1, deadline - time.monotonic())):
            raise SystemExit("the clients did not finish before the deadline")
        results.append(pipe.recv())
    return results


@dataclass
class Run:
    options: argparse.Namespace
    url: str
    site: dict
    work: Path
    master: int  # gunicorn's master process
    worker: Worker
    pipes: list
    cpu: CpuShare | None = None
    killed: list[int] = field(default_factory=list)
    renders: int = 0

    def go(self, clients: list[int]) -> int:
        prepared = receive(self.pipes, time.monotonic() + 600)
        problems = [e for r in prepared for e in r["errors"]]
        if problems:
            for pipe in self.pipes:
                pipe.send({"command": "stop"})
            print("\n".join(problems) + "\n" + self.logs())
            return 1
        slices = schedule(self.options, time.monotonic() + 2)
        deadline = slices[-1]["end"] + 120  # hard: the slices, then the final saves
        for pipe in self.pipes:
            pipe.send({"command": "run", "slices": slices, "deadline": deadline})
        self.cpu = CpuShare(self.master, clients, self.database, self.worker.process.pid)
        self.drive(slices)

        results = receive(self.pipes, deadline)
        stored, _ = stored_answers(self.url, self.site["edited"])
        acks = [a for r in results for a in r["acks"]]
        cut = [c for r in results for c in r["cut"]]
        before = compare(stored, acks, cut)
        for pipe in self.pipes:
            pipe.send({"command": "settle"})
        settled = receive(self.pipes, deadline + 30)
        stored, duplicated = stored_answers(self.url, self.site["edited"])
        acks += [a for r in settled for a in r["acks"]]
        cut += [c for r in settled for c in r["cut"]]
        after = compare(stored, acks, cut)
        after["duplicated rows"] = duplicated

        rows = self.report(results, settled, before, after)
        errors = [e for r in results + settled for e in r["errors"]]
        if errors:
            print("\nClient errors:\n" + "\n".join(errors[:20]) + "\n" + self.logs())
        failed = sum(r.errors for r in rows) + before["lost"] + after["lost"] + duplicated
        failed += after["newer, from a request cut off"]
        return 1 if failed or errors else 0

    @property
    def database(self) -> str:
        return self.url.rsplit("/", 1)[1]

    def drive(self, slices: list[dict]) -> None:
        """Follow the slices: CPU accounting, the db_worker in c, the kills in d."""
        last_c = max(n for n, s in enumerate(slices) if s["name"] == "c")
        for n, each in enumerate(slices):
            pause(each["start"] - time.monotonic())
            if each["name"] == "c":
                self.worker.resume()
            self.cpu.start()
            if each["name"] == "d":
                for share in (0.3, 0.65):  # kill a worker twice while saves are in flight
                    pause(each["start"] + (each["end"] - each["start"]) * share - time.monotonic())
                    self.kill_a_worker()
            pause(each["end"] - time.monotonic())
            self.cpu.end(each["name"])
            if each["name"] == "c":
                self.worker.pause()
            if n == last_c:
                self.renders = ready_reports(self.url)
                self.worker.stop()

    def kill_a_worker(self) -> None:
        victims = sorted(children_of(self.master))
        if victims:
            victim = random.Random(len(self.killed)).choice(victims)
            os.kill(victim, signal.SIGKILL)
            self.killed.append(victim)

    def logs(self) -> str:
        text = ""
        for name in ("server.log", "db_worker.log"):
            if (self.work / name).exists():
                log = (self.work / name).read_text(errors="replace")
                text += f"\n{name} (end):\n{log[-3000:]}\n"
        return text

    def report(self, results, settled, before: Counter, after: Counter) -> list[Row]:
        """Print the figures; return the table's rows."""
        options, site = self.options, self.site
        seconds, slices = (
            options.seconds,
            len([s for s in schedule(options, 0) if s["name"] == "a"]),
        )
        rows = [
            row(results, "a. one-row write (baseline)", "a", "write", seconds),
            row(results, "b. autosave", "b", "autosave", seconds),
            row(results, "c. autosave, reports asked for", "c", "autosave", seconds),
            row(results, "c. director: HTML report of a draft", "c", "report page", seconds),
            row(results, "c. director: PDF asked for", "c", "PDF request", seconds),
            row(results, "c. director: PDF state", "c", "PDF status", seconds),
            row(results, "d. autosave, 2 workers killed", "d", "autosave", kill_length(options)),
        ]
        final = row(settled, "final saves", "settle", "autosave", 1)
        baseline, autosave, loaded = rows[0], rows[1], rows[2]
        print(
            f"# Load benchmark, {date.today()}, {machine()}, {versions(self.url)}; {code_state()}"
        )
        print(
            f"{len(site['staff'])} staff on {len(site['edited'])} assessments, "
            f"{len(site['directors'])} directors, in {options.processes} client processes "
            f"(urllib, a new connection per request); gunicorn {options.workers} workers x "
            f"{options.threads} threads (gthread), DEBUG off, CONN_MAX_AGE={CONN_MAX_AGE}; "
            f"phases a, b, c of {seconds} s each, in turn in {slices} slices of "
            f"{seconds / slices:.0f} s; one db_worker, running only in c, "
            f"{len(site['finalized'])} finalized reports x {len(PAPERS)} papers to render"
        )
        print("| case | requests | req/s | p50 ms | p99 ms | 5xx | conflicts | unacknowledged |")
        print("|---|---|---|---|---|---|---|---|")
        for each in rows:
            print(each.line())
        ratio = autosave.throughput / baseline.throughput
        stall = loaded.p99 / autosave.p99
        print(
            f"\nautosave throughput / baseline throughput: {ratio:.2f} "
            f"(target ≥ 0.5: {'met' if ratio >= 0.5 else '**missed**'})"
        )
        print(
            f"autosave p99 under report load / without: {stall:.2f} "
            f"(target ≤ 3: {'met' if stall <= 3 else '**missed**'})"
        )
        seen = sum(r["renders_seen"] for r in results)
        print(f"PDF renders completed in c: {self.renders} (directors saw {seen} of them finish)")
        print(
            f"gunicorn workers SIGKILLed in d: {len(self.killed)}; requests cut off: "
            f"{rows[-1].unacknowledged}; transactions left open, rolled back by PostgreSQL: "
            f"{cut_transactions(self.database)}"
        )
        print(
            f"final saves (each person, each question touched): {final.requests} answered, "
            f"{final.conflicts} conflicts saved again, {final.unacknowledged} cut off, "
            f"{final.errors} 5xx"
        )
        for title, counts in (("before the final saves", before), ("after", after)):
            print(f"answers {title}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        clean = not (before["lost"] or after["lost"] or after["duplicated rows"])
        clean = clean and not after["newer, from a request cut off"] and not final.errors
        print(
            "verdict: "
            + (
                "the database holds exactly the last acknowledged value of every answer "
                "(0 lost, 0 duplicated)"
                if clean
                else "**inconsistent**"
            )
        )
        print("\nCPU, share of both cores in each phase (all its slices):")
        for phase in ("a", "b", "c", "d"):
            print(f"  {phase}: {self.cpu.shares(phase)}")
        print("server CPU per answered request (gunicorn + our PostgreSQL backends):")
        for phase in ("a", "b", "c"):
            answered = sum(
                len(v) for r in results for (p, _), v in r["latencies"].items() if p == phase
            )
            used = self.cpu.seconds[phase]
            print(
                f"  {phase}: {used['gunicorn'] * 1000 / answered:.1f} ms + "
                f"{used['PostgreSQL'] * 1000 / answered:.1f} ms ({answered} requests)"
            )
        own = {p: sum(r["cpu"].get(p, 0) for r in results) for p in ("a", "b", "c", "d")}
        print(
            "the client processes' own CPU: "
            + ", ".join(f"{p} {s:.1f} s ({s / self.cpu.capacity[p]:.0%})" for p, s in own.items())
        )
        unexpected = client_errors(results + settled)
        if unexpected:
            print(f"4xx responses: {unexpected}")
        if any(r.errors for r in [*rows, final]):
            print(self.logs())
        return [*rows, final]


if __name__ == "__main__":
    sys.exit(main())
