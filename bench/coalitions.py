"""A coalition's view and a program's peer positions, small against large, in the same run.

The coalition view of a coalition whose 2,000 member programs all share must render in the same
number of queries as one of 10, and in at most 3 times its time; peer positions among 2,000
consenting programs, against 20. The figures are rows as sign-off writes them, made in bulk.

    .venv/bin/python bench/coalitions.py             # a throw-away SQLite file
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/coalitions.py
"""

import os
import random
import time
from datetime import UTC, date, datetime, timedelta

from common import load_site, machine, median_seconds, throwaway_site

RUNS = 15
SMALL, LARGE = 10, 2000
CHANNELS = ["text", "chat", "video"]
BANDS = ["ready", "conditions", "not_ready"]
KEYS = [f"rec-{n}" for n in range(40)]


def build_programs(prefix: str, count: int, rng: random.Random, *, coalition=None, peers=False):
    from accounts.models import Organisation, OrganisationKind, PeerSharing
    from assessments.models import (
        Assessment,
        AssessmentStatus,
        ContentVersion,
        SignedOffChannel,
        SignedOffRecommendation,
    )
    from coalitions.models import CoalitionMembership, MembershipStatus

    version = ContentVersion.objects.order_by("-number").first()
    programs = Organisation.objects.bulk_create(
        Organisation(name=f"{prefix} {n}", kind=OrganisationKind.PROGRAM) for n in range(count)
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(
            organisation=program,
            name="Signed",
            content_version=version,
            status=AssessmentStatus.FINALISED,
            finalised_at=datetime(2025, 1, 1, tzinfo=UTC) + timedelta(days=rng.randrange(700)),
            reassess_by=date(2026, 1, 1) + timedelta(days=rng.randrange(400)),
            consider_text=True,
            consider_chat=True,
            consider_video=True,
        )
        for program in programs
    )
    SignedOffChannel.objects.bulk_create(
        SignedOffChannel(
            assessment=assessment,
            organisation_id=assessment.organisation_id,
            channel=channel,
            band=rng.choice(BANDS),
            signed_off_on=assessment.finalised_at.date(),
            reassess_by=assessment.reassess_by,
            **{
                d: rng.randrange(101)
                for d in ("safety", "privacy", "confidentiality", "access", "capacity")
            },
        )
        for assessment in assessments
        for channel in CHANNELS
    )
    SignedOffRecommendation.objects.bulk_create(
        SignedOffRecommendation(
            assessment=assessment, organisation_id=assessment.organisation_id, key=key
        )
        for assessment in assessments
        for key in rng.sample(KEYS, 6)
    )
    if coalition is not None:
        CoalitionMembership.objects.bulk_create(
            CoalitionMembership(
                coalition=coalition,
                program=program,
                status=MembershipStatus.ACTIVE,
                share_scores=True,
                share_name=rng.random() < 0.1,
            )
            for program in programs
        )
    if peers:
        PeerSharing.objects.bulk_create(PeerSharing(program=program) for program in programs)
    return programs


def queries(work) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        work()
    return len(captured)


def interleaved(small, large, runs):
    """Median seconds of each, measured in turn so both see the same machine."""
    times = {"small": [], "large": []}
    for turn in range(runs):
        order = (
            [("small", small), ("large", large)]
            if turn % 2 == 0
            else [("large", large), ("small", small)]
        )
        for name, work in order:
            start = time.perf_counter()
            work()
            times[name].append(time.perf_counter() - start)
    import statistics

    return statistics.median(times["small"]), statistics.median(times["large"])


def main() -> None:
    throwaway_site(database_url=os.environ.get("BENCH_DATABASE_URL", ""))
    load_site()
    from django.conf import settings
    from django.test import Client

    from accounts.models import Membership, Organisation, OrganisationKind, Role, User
    from assessments.scoring.peers import peer_positions
    from coalitions.figures import coalition_figures

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    rng = random.Random(11)
    small = Organisation.objects.create(name="Small coalition", kind=OrganisationKind.COALITION)
    large = Organisation.objects.create(name="Large coalition", kind=OrganisationKind.COALITION)
    build_programs("Small", SMALL, rng, coalition=small)
    build_programs("Large", LARGE, rng, coalition=large, peers=True)

    clients = {}
    for coalition in (small, large):
        user = User.objects.create_user(email=f"director@{coalition.pk}.example", password="x" * 20)
        Membership.objects.create(user=user, organisation=coalition, role=Role.DIRECTOR)
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        clients[coalition.pk] = client

    def view(coalition):
        response = clients[coalition.pk].get("/en/coalition/")
        assert response.status_code == 200, response.status_code
        return response

    counts = (
        queries(lambda: coalition_figures(coalition=small)),
        queries(lambda: coalition_figures(coalition=large)),
    )
    page_counts = (queries(lambda: view(small)), queries(lambda: view(large)))
    figures_small, figures_large = interleaved(
        lambda: coalition_figures(coalition=small), lambda: coalition_figures(coalition=large), RUNS
    )
    page_small, page_large = interleaved(lambda: view(small), lambda: view(large), RUNS)

    program = Organisation.objects.create(name="Compared program")
    scores = {
        c: dict.fromkeys(["safety", "privacy", "confidentiality", "access", "capacity"], 55)
        for c in CHANNELS
    }
    few = Organisation.objects.filter(peer_sharing__isnull=False).order_by("pk")[20:].values("pk")
    from accounts.models import PeerSharing

    peers_large = median_seconds(lambda: peer_positions(program=program, scores=scores), RUNS)
    PeerSharing.objects.filter(program__in=few).delete()
    peers_small = median_seconds(lambda: peer_positions(program=program, scores=scores), RUNS)

    print(
        f"# Coalitions and peers ({machine()}, {engine}, {date.today().isoformat()}, median of {RUNS})\n"
    )
    print("| case | queries | median ms | ratio | target |")
    print("|---|---|---|---|---|")
    print(
        f"| coalition figures, {SMALL} programs | {counts[0]} | {figures_small * 1000:.1f} | 1.00 | |"
    )
    print(
        f"| coalition figures, {LARGE} programs | {counts[1]} | {figures_large * 1000:.1f} | {figures_large / figures_small:.2f} | same queries, ≤ 3 |"
    )
    print(
        f"| coalition page, {SMALL} programs | {page_counts[0]} | {page_small * 1000:.1f} | 1.00 | |"
    )
    print(
        f"| coalition page, {LARGE} programs | {page_counts[1]} | {page_large * 1000:.1f} | {page_large / page_small:.2f} | same queries, ≤ 3 |"
    )
    print(f"| peer positions, 20 peers | 1 | {peers_small * 1000:.1f} | 1.00 | |")
    print(
        f"| peer positions, {LARGE} peers | 1 | {peers_large * 1000:.1f} | {peers_large / peers_small:.2f} | |"
    )


if __name__ == "__main__":
    main()
