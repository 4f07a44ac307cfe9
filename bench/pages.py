"""Benchmark: three pages through Django's test client, each against a plain-Django baseline.

Run: .venv/bin/python bench/pages.py

Builds, in a throw-away SQLite database with the shipped content, and times side by side in the
same run (medians of several runs, the two cases alternating so drift hits both alike; every
request signed in with `force_login`):
- the readiness worksheet's largest section page, every question answered, against the same
  fields (same field objects, same stored values) rendered by a plain `forms.Form` as
  `{{ form }}` in a template extending the same "base.html" (target: at most 1.2x);
- autosaving one answer (alternating between two choices, so each save writes) against a
  minimal signed-in POST view that writes one row (target: at most 2.5x, with the ORM only);
- the assessment list of an organization with 10,000 assessments against one with 10 (target:
  at most 1.5x).
The baseline views live here: ROOT_URLCONF is pointed at a module built below that holds the
toolkit's URLs plus the two baselines. `--profile` prints a cProfile of each measured page.
"""

import cProfile
import pstats
import statistics
import sys
import types
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import load_site, machine, throwaway_site, timed

throwaway_site()

import django  # noqa: E402
from django import forms  # noqa: E402
from django.conf import settings  # noqa: E402
from django.conf.urls.i18n import i18n_patterns  # noqa: E402
from django.contrib.auth.decorators import login_required  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import clear_url_caches, path  # noqa: E402
from django.views.decorators.http import require_GET  # noqa: E402

from bench.load_urls import one_row_write  # noqa: E402  (the baseline bench/load.py uses too)

FORM = "application/x-www-form-urlencoded"
PAGE_RUNS = 30
SAVE_RUNS = 60
LIST_RUNS = 5
BIG, SMALL = 10_000, 10

# --- The baselines: plain Django, registered at run time ---------------------------------------

PLAIN_TEMPLATE = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}{{ title }}{% endblock %}{% block content %}'
    '<h1>{{ title }}</h1><form method="post" novalidate>{% csrf_token %}{{ form }}'
    '<button type="submit" class="btn btn-primary">Save</button></form>{% endblock %}'
)
PLAIN = {}  # filled by build(): the form class, its stored values' loader and the title


@login_required
@require_GET
def plain_section(request, pk):
    """The same fields as a plain Django form: load the stored values, render `{{ form }}`."""
    form = PLAIN["form_class"](initial=PLAIN["initial"](pk))
    return HttpResponse(PLAIN_TEMPLATE.render({"form": form, "title": PLAIN["title"]}, request))


def install_urls() -> None:
    import toolkit.urls

    module = types.ModuleType("bench_pages_urls")
    module.urlpatterns = [
        *toolkit.urls.urlpatterns,
        *i18n_patterns(
            path("bench/plain-section/<int:pk>/", plain_section),
            path("bench/plain-write/", one_row_write),
        ),
    ]
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    clear_url_caches()


# --- The data ----------------------------------------------------------------------------------


def director(email, name):
    from accounts.models import Membership, Organisation, Role, User

    user = User.objects.create_user(email=email, password="a bench password 7")
    organisation = Organisation.objects.create(name=name)
    Membership.objects.create(user=user, organisation=organisation, role=Role.DIRECTOR)
    client = Client(HTTP_HOST="localhost")  # one of the allowed hosts
    client.force_login(user)
    return user, organisation, client


def build():
    from assessments.answering.answers import AnswerValue
    from assessments.answering.content import current_content_version
    from assessments.answering.forms import SectionForm, initial_value
    from assessments.answering.lifecycle import assessment_start
    from assessments.models import Answer, Assessment, Question, Section
    from tests.assessments.answering.test_queries import answer_everything

    load_site()
    user, organisation, client = director("director@bench.invalid", "Bench program")
    assessment = assessment_start(
        organisation=organisation,
        name="Bench",
        report_language="en",
        channels=["text", "chat", "video"],
        by=user,
    )
    section = max(
        Section.objects.filter(worksheet__key="readiness"), key=lambda s: s.questions.count()
    )
    answer_everything(assessment, section, user)

    # The plain form: a forms.Form class declaring the very fields the section form builds.
    version = current_content_version()
    questions = list(Question.objects.filter(section=section).prefetch_related("choices"))
    fields = SectionForm(questions=questions, answers={}, content_version=version).fields
    by_key = {q.key: q for q in questions}

    def initial(pk) -> dict:
        values = {}
        stored = Answer.objects.filter(assessment_id=pk, vendor=None, question__section=section)
        for answer in stored.select_related("question"):
            question = by_key[answer.question.key]
            value = AnswerValue.of(answer)
            values[f"q-{question.key}"] = initial_value(question, value)
            values[f"n-{question.key}"] = value.note
        return values

    PLAIN.update(
        form_class=type("PlainSectionForm", (forms.Form,), dict(fields)),
        initial=initial,
        title=section.title,
    )

    # The lists: 10,000 and 10 assessments, no answers, made with bulk_create.
    lists = {}
    for count in (BIG, SMALL):
        _, owner, owner_client = director(f"list{count}@bench.invalid", f"List {count}")
        Assessment.objects.bulk_create(
            Assessment(
                organisation=owner,
                name=f"Assessment {number}",
                report_language="en",
                content_version=version,
                consider_text=True,
                consider_chat=number % 2 == 0,
                consider_video=number % 3 == 0,
            )
            for number in range(count)
        )
        lists[count] = owner_client
    return client, assessment, section, questions, lists


# --- Timing ------------------------------------------------------------------------------------


def side_by_side(baseline, subject, runs) -> tuple[float, float]:
    """Median seconds of each, alternating, after one warm-up call each."""
    baseline(), subject()
    timings = ([], [])
    for _ in range(runs):
        for work, into in ((baseline, timings[0]), (subject, timings[1])):
            into.append(timed(work))
    return statistics.median(timings[0]), statistics.median(timings[1])


def ok(reply, status=200):
    assert reply.status_code == status, (reply.status_code, reply.content[:300])
    return reply


def profile(title, work) -> None:
    profiler = cProfile.Profile()
    profiler.runcall(work)
    print(f"\n## Profile: {title}")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def main() -> None:
    from assessments.answering.answers import base_token

    client, assessment, section, questions, lists = build()
    install_urls()

    section_url = f"/en/assessments/{assessment.pk}/readiness/{section.key}/"
    plain_url = f"/en/bench/plain-section/{assessment.pk}/"
    page = side_by_side(
        lambda: ok(client.get(plain_url)), lambda: ok(client.get(section_url)), PAGE_RUNS
    )

    question = next(q for q in questions if len(q.choices.all()) >= 2)
    choices = [c.key for c in question.choices.all()][:2]
    state = {"turn": 0, "base": None}
    ok(client.get(section_url))
    from assessments.models import Answer

    state["base"] = base_token(
        Answer.objects.filter(assessment=assessment, vendor=None, question=question).first()
    )

    def autosave():
        state["turn"] += 1
        sent = {
            "content_version": assessment.content_version.number,
            "worksheet": "readiness",
            "section": section.key,
            "question": question.key,
            f"q-{question.key}": choices[state["turn"] % 2],
            f"b-{question.key}": state["base"],
        }
        reply = ok(  # URL-encoded, as the page's script sends it
            client.post(f"/en/assessments/{assessment.pk}/autosave/", urlencode(sent), FORM)
        ).json()
        assert reply["status"] == "saved", reply
        state["base"] = reply["base"]

    save = side_by_side(lambda: ok(client.post("/en/bench/plain-write/")), autosave, SAVE_RUNS)

    big_list = lambda: ok(lists[BIG].get("/en/assessments/"))  # noqa: E731
    small_list = lambda: ok(lists[SMALL].get("/en/assessments/"))  # noqa: E731
    shown = big_list().content.count(b"<tr>") - 1  # a header row, then one per assessment
    assert 0 < shown <= BIG, shown  # all of them, or one page of them once the list is paginated
    paged = f", {shown} a page" if shown < BIG else ""
    listing = side_by_side(small_list, big_list, LIST_RUNS)

    print(
        f"# Pages benchmark, {date.today()}, {machine()}, Django {django.get_version()}, SQLite; "
        f"medians of "
        f"{PAGE_RUNS} (section), {SAVE_RUNS} (autosave), {LIST_RUNS} (list) runs"
    )
    print("| case | baseline ms | toolkit ms | ratio | target |")
    print("|---|---|---|---|---|")
    rows = [
        (
            f"section page ({len(questions)} questions, all answered) vs plain form, same fields",
            page,
            1.2,
        ),
        ("autosave of one answer vs signed-in one-row write", save, 2.5),
        (f"assessment list, {BIG:,} assessments{paged} vs {SMALL}", listing, 1.5),
    ]
    for name, (baseline, toolkit), target in rows:
        ratio = toolkit / baseline
        verdict = "met" if ratio <= target else "**missed**"
        print(
            f"| {name} | {baseline * 1000:.1f} | {toolkit * 1000:.1f} | {ratio:.2f} "
            f"| ≤ {target} ({verdict}) |"
        )
    if "--profile" in sys.argv:
        profile("section page", lambda: client.get(section_url))
        profile("autosave", autosave)
        profile(f"assessment list, {BIG:,} assessments", big_list)


if __name__ == "__main__":
    main()
