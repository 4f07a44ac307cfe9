"""Benchmark: the full PDF readiness report, against WeasyPrint alone on the same saved HTML.

Run: .venv/bin/python bench/report.py

Builds, in a throw-away SQLite database, an assessment with every worksheet answered and five
vendors, then times side by side in the same run (medians of several runs):
- the toolkit's render (report HTML from the stored data, then WeasyPrint with our restricted
  fetcher and the tagged PDF/UA-1 output) against WeasyPrint alone writing the same saved HTML
  with the same options (target: at most 1.1x);
- serving the stored PDF of a finalized report through the download view against rendering it
  (target: at most 0.05x).
"""

import io
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import load_site, machine, median_seconds, throwaway_site

throwaway_site()

from django.test import Client  # noqa: E402

RUNS = 5
VENDORS = ("Acme Chat", "Beta Video", "Gamma Text", "Delta Link", "Epsilon Call")


def build():
    """A director, and an assessment with every worksheet answered and five vendors, finalized."""
    from accounts.models import Membership, Organisation, Role, User
    from assessments.actions import action_plan_refresh
    from assessments.lifecycle import assessment_start, vendor_add
    from reports.signoff import assessment_finalise
    from tests.reports.test_report import answer_worksheet

    load_site()
    user = User.objects.create_user(email="director@bench.invalid", password="a bench password 7")
    organisation = Organisation.objects.create(name="Bench program")
    Membership.objects.create(user=user, organisation=organisation, role=Role.DIRECTOR)
    assessment = assessment_start(
        organisation=organisation,
        name="Bench",
        report_language="en",
        channels=["text", "chat", "video"],
        by=user,
    )
    for worksheet in ("readiness", "platform"):
        answer_worksheet(assessment, worksheet, user)
    for shift, name in enumerate(VENDORS):
        answer_worksheet(
            assessment,
            "vendor",
            user,
            vendor=vendor_add(assessment=assessment, name=name),
            shift=shift,
        )
    action_plan_refresh(assessment=assessment)
    return assessment_finalise(assessment=assessment, by=user), user


def main() -> None:
    import pypdf
    import weasyprint

    from reports.pdf import (
        BASE_URL,
        PDF_VARIANT,
        StaticOnlyFetcher,
        page_css,
        render_report_html,
        render_report_pdf,
    )

    assessment, user = build()
    data = assessment.snapshot.data
    saved_html = render_report_html(data=data, for_pdf=True)
    css = page_css(data=data, paper="letter")

    def weasyprint_alone():
        fetcher = StaticOnlyFetcher()
        weasyprint.HTML(string=saved_html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf(
            stylesheets=[weasyprint.CSS(string=css, url_fetcher=fetcher)], pdf_variant=PDF_VARIANT
        )

    toolkit = median_seconds(lambda: render_report_pdf(data=data, paper="letter"), RUNS)
    alone = median_seconds(weasyprint_alone, RUNS)
    client = Client(HTTP_HOST="localhost")  # one of the allowed hosts
    client.force_login(user)
    url = f"/en/assessments/{assessment.pk}/report.pdf"
    client.post(url, {"paper": "letter"})
    served = median_seconds(
        lambda: b"".join(client.get(url + "?download=1").streaming_content), RUNS
    )
    pages = len(pypdf.PdfReader(io.BytesIO(render_report_pdf(data=data))).pages)
    print(
        f"# Report benchmark, {date.today()}, {machine()}, median of {RUNS} runs, "
        f"{len(VENDORS)} vendors, {pages} pages"
    )
    print("| case | median s | ratio | target |")
    print("|---|---|---|---|")
    print(f"| WeasyPrint alone on the saved HTML (baseline) | {alone:.3f} | 1.00 | |")
    print(
        f"| toolkit render (HTML from data, then PDF/UA-1) | {toolkit:.3f} | {toolkit / alone:.2f} | ≤ 1.1 |"
    )
    print(
        f"| serving the stored PDF | {served:.4f} | {served / toolkit:.3f} | ≤ 0.05 of rendering |"
    )


if __name__ == "__main__":
    main()
