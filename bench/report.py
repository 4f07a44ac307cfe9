"""Benchmark: the PDF readiness report, against WeasyPrint alone on the same saved HTML.

Run: .venv/bin/python bench/report.py

Builds, in a throw-away SQLite database, an assessment with every worksheet answered and five
vendors for three channels, finalized, then times side by side in the same run (medians):
- the board report (the report without its appendices: what a board reads), rendered by the
  toolkit from the stored data (HTML, then WeasyPrint with our restricted fetcher and the tagged
  PDF/UA-1 output): target under 1 second on this machine, and at most 1.1x WeasyPrint alone
  writing the same saved HTML with the same options;
- the full report with its appendices, the same two ways;
- serving the stored PDF of a finalized report through the download view against rendering it
  (target: at most 0.05x).
reports/pdf_tags.py patches WeasyPrint's tagging once per process, so "WeasyPrint alone" runs
with it too: the ratio is the toolkit's own work (data to HTML, fetcher, page CSS).
"""

import io
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import load_site, machine, median_seconds, throwaway_site

throwaway_site()

from django.test import Client  # noqa: E402

RUNS = 7
VENDORS = ("Acme Chat", "Beta Video", "Gamma Text", "Delta Link", "Epsilon Call")


def build():
    """A director, and an assessment with every worksheet answered and five vendors, finalized."""
    from accounts.models import Membership, Organisation, Role, User
    from assessments.answering.lifecycle import assessment_start, vendor_add
    from assessments.plan.actions import action_plan_refresh
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
    summary = "We start with text on weekday evenings; the board meets in March."
    return assessment_finalise(assessment=assessment, by=user, summary=summary), user


def measure(data: dict, appendices: bool) -> tuple[float, float, int]:
    """The toolkit's render and WeasyPrint alone on the same saved HTML: medians, and pages."""
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

    saved_html = render_report_html(data=data, for_pdf=True, appendices=appendices)
    css = page_css(data=data, paper="letter")

    def weasyprint_alone():
        fetcher = StaticOnlyFetcher()
        weasyprint.HTML(string=saved_html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf(
            stylesheets=[weasyprint.CSS(string=css, url_fetcher=fetcher)], pdf_variant=PDF_VARIANT
        )

    def toolkit():
        return render_report_pdf(data=data, paper="letter", appendices=appendices)

    pages = len(pypdf.PdfReader(io.BytesIO(toolkit())).pages)  # also warms both paths up
    weasyprint_alone()
    # Interleaved, each side first in turn, so a slower stretch of the machine (or the garbage
    # the other side left) weighs on both alike.
    ours, alone = [], []
    for run in range(RUNS):
        pair = [(ours, toolkit), (alone, weasyprint_alone)]
        for times, work in pair if run % 2 == 0 else reversed(pair):
            times.append(median_seconds(work, 1))
    return sorted(ours)[RUNS // 2], sorted(alone)[RUNS // 2], pages


def main() -> None:
    assessment, user = build()
    data = assessment.snapshot.data
    board, board_alone, board_pages = measure(data, appendices=False)
    full, full_alone, full_pages = measure(data, appendices=True)
    client = Client(HTTP_HOST="localhost")  # one of the allowed hosts
    client.force_login(user)
    url = f"/en/assessments/{assessment.pk}/report.pdf"
    client.post(url, {"paper": "letter"})
    served = median_seconds(
        lambda: b"".join(client.get(url + "?download=1").streaming_content), RUNS
    )
    print(
        f"# Report benchmark, {date.today()}, {machine()}, median of {RUNS} runs, "
        f"{len(VENDORS)} vendors, 3 channels: board report {board_pages} pages, "
        f"full report {full_pages} pages"
    )
    print("| case | median s | ratio | target |")
    print("|---|---|---|---|")
    print(
        f"| board report: WeasyPrint alone on the saved HTML (baseline) | {board_alone:.3f} | 1.00 | |"
    )
    print(
        f"| board report: toolkit render | {board:.3f} | {board / board_alone:.2f} "
        "| ≤ 1.1, and under 1 s |"
    )
    print(
        f"| full report: WeasyPrint alone on the saved HTML (baseline) | {full_alone:.3f} | 1.00 | |"
    )
    print(f"| full report: toolkit render | {full:.3f} | {full / full_alone:.2f} | ≤ 1.1 |")
    print(f"| serving the stored PDF | {served:.4f} | {served / full:.3f} | ≤ 0.05 of rendering |")


if __name__ == "__main__":
    main()
