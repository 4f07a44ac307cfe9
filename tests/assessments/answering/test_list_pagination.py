"""The assessment list shows a page at a time: plain links, announced to screen readers, never an
error for a page number typed by hand, and everything a row showed before."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.answering.views import PER_PAGE, page_number
from assessments.models import Assessment, AssessmentStatus
from reports.signoff import assessment_finalise
from tests.factories import client_for, make_assessment

pytestmark = pytest.mark.database_dependent("ordering and pagination are done by the database")

NAV = '<nav aria-label="Pages of the assessment list">'


def make_many(organisation, count) -> list[Assessment]:
    """`count` assessments changed yesterday, one after the other (the last is the newest)."""
    made = [
        make_assessment(organisation=organisation, name=f"Assessment {number}")
        for number in range(count)
    ]
    changed(made, days_ago=1)
    return made


def changed(assessments, *, days_ago) -> None:
    """Record each assessment as changed `days_ago`, a minute after the one before it."""
    start = timezone.now() - timedelta(days=days_ago)
    for number, assessment in enumerate(assessments):
        Assessment.objects.filter(pk=assessment.pk).update(
            updated_at=start + timedelta(minutes=number)
        )


def names_on(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', html)


def nav_of(html: str) -> str:
    assert html.count(NAV) == 1
    return html[html.index(NAV) : html.index("</nav>", html.index(NAV))]


@pytest.fixture
def two_pages(director):
    make_many(director.organisation, PER_PAGE + 3)
    return client_for(director.user)


@pytest.mark.django_db
def test_the_first_page_holds_the_newest_changes_and_links_to_the_next(two_pages):
    html = two_pages.get("/en/assessments/").content.decode()
    names = names_on(html)
    assert len(names) == PER_PAGE
    assert names[0] == f"Assessment {PER_PAGE + 2}" and names[-1] == "Assessment 3"
    nav = nav_of(html)
    assert "Page 1 of 2" in nav
    assert 'aria-current="page"' in nav
    assert '<a class="page-link" href="?page=2" rel="next">Next</a>' in nav
    assert "Previous" not in nav  # nothing before the first page: no link to nowhere
    assert "<title>Assessments" in html and "<title>Assessments (" not in html  # as before


@pytest.mark.django_db
def test_the_second_page_holds_the_rest_and_links_back(two_pages):
    html = two_pages.get("/en/assessments/?page=2").content.decode()
    assert names_on(html) == ["Assessment 2", "Assessment 1", "Assessment 0"]
    nav = nav_of(html)
    assert '<a class="page-link" href="?page=1" rel="prev">Previous</a>' in nav
    assert re.search(
        r'<a class="page-link" href="\?page=2" aria-current="page">Page 2 of 2</a>', nav
    )
    assert "Next" not in nav
    assert "<title>Assessments (Page 2 of 2)" in html  # where one is, after following a link


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("asked", "shown"),
    [
        ("", 1),
        ("abc", 1),
        ("0", 1),
        ("-3", 1),
        ("1.5", 1),
        ("2e1", 1),
        ("%20", 1),
        ("١", 1),  # a digit, but not one anybody types into an address
        ("02", 2),
        ("+2", 2),
        ("3", 2),
        ("99999999999999999999999999999999999999", 2),
        ("9" * 5000, 2),  # longer than Python turns into a number by default
    ],
)
def test_a_bad_page_number_shows_the_nearest_page_never_an_error(two_pages, asked, shown):
    reply = two_pages.get(f"/en/assessments/?page={asked}")
    assert reply.status_code == 200
    assert f"Page {shown} of 2" in reply.content.decode()


def test_page_numbers_are_read_as_plain_whole_numbers():
    assert [page_number(raw) for raw in (None, "", "1", " 7 ", "007", "+4", "-4", "4.0")] == [
        1,
        1,
        1,
        7,
        7,
        4,
        1,
        1,
    ]
    assert page_number("1" * 40) == page_number("1" * 10) == 10**9  # past the end: the last page


@pytest.mark.django_db
def test_one_page_has_no_page_links(director):
    make_many(director.organisation, PER_PAGE)
    html = client_for(director.user).get("/en/assessments/").content.decode()
    assert len(names_on(html)) == PER_PAGE and NAV not in html


@pytest.mark.django_db
def test_no_assessments_still_says_how_to_start(director):
    html = client_for(director.user).get("/en/assessments/?page=4").content.decode()
    assert "No assessments yet." in html and NAV not in html


@pytest.mark.django_db
def test_pages_count_only_the_organisations_own_assessments(director, other_director):
    make_many(other_director.organisation, PER_PAGE + 1)
    make_assessment(organisation=director.organisation, name="Ours")
    html = client_for(director.user).get("/en/assessments/?page=2").content.decode()
    assert names_on(html) == ["Ours"] and NAV not in html


@pytest.mark.django_db
def test_a_row_on_a_later_page_shows_everything_a_row_showed_before(director):
    """Name and link, channels, status, progress, last change, re-assess-by date and due or
    overdue: the work for a row is done for the rows of the page shown, on every page."""
    overdue, due = (
        make_assessment(organisation=director.organisation, name=name, channels=["text"])
        for name in ("Old review", "Spring review")
    )
    for assessment, days in ((overdue, -3), (due, 10)):
        assessment_finalise(
            assessment=assessment,
            by=director.user,
            reassess_by=timezone.localdate() + timedelta(days=days),
        )
    changed([overdue, due], days_ago=2)
    make_many(director.organisation, PER_PAGE)  # newer changes: the two are on page 2
    html = client_for(director.user).get("/en/assessments/?page=2").content.decode()
    assert names_on(html) == ["Spring review", "Old review"]
    rows = html[html.index("<tbody>") : html.index("</tbody>")]
    for assessment, badge in ((overdue, "Overdue"), (due, "Due")):
        row = rows[rows.index(f">{assessment.name}<") :].split("</tr>")[0]
        assessment.refresh_from_db()
        assert assessment.status == AssessmentStatus.FINALISED
        assert f'href="/en/assessments/{assessment.pk}/"' in rows
        assert "<td>Text messaging</td>" in row
        assert "<td>Finalized</td>" in row
        assert re.search(r"<td>0 of [1-9][0-9]* answered</td>", row)
        assert f'<time datetime="{assessment.reassess_by:%Y-%m-%d}">' in row
        assert f'badge text-bg-{"danger" if badge == "Overdue" else "warning"}">{badge}<' in row
        assert '<time datetime="' in row.split("<td>")[4]  # the last change


@pytest.mark.django_db
def test_the_page_links_in_spanish(director):
    make_many(director.organisation, PER_PAGE + 1)
    html = client_for(director.user).get("/es/assessments/?page=2").content.decode()
    assert "Página 2 de 2" in html and 'rel="prev"' in html
