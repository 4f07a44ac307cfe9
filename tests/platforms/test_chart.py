import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from platforms.chart import MUST_HAVES
from platforms.models import (
    RISKY_WHEN_YES,
    Criterion,
    FactValue,
    Platform,
    PlatformStatus,
    review_cutoff,
)
from tests.factories import make_platform
from tests.platforms.conftest import empty_platform_content

NOTICE_EN = "it does not endorse any product"
NOTICE_ES = "no respalda ningún producto"


@pytest.fixture(autouse=True)
def _empty(db):
    empty_platform_content()


def shown(response) -> list[str]:
    """Names of the platforms in the chart table, in order."""
    return re.findall(
        r'<th scope="row"><a href="/\w\w/platforms/[\w-]+/">([^<]+)</a>', response.content.decode()
    )


def months_ago(months: int) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - (months // 12)) - timedelta(days=31 * (months % 12))


@pytest.fixture
def three(db):
    return [
        make_platform(
            name="Alpha",
            channels=["sms", "chat"],
            facts={
                Criterion.SURVIVOR_ACCOUNT: FactValue.NO,
                Criterion.E2E_ENCRYPTION: FactValue.YES,
            },
        ),
        make_platform(
            name="Bravo",
            channels=["video"],
            facts={
                Criterion.SURVIVOR_ACCOUNT: FactValue.YES,
                Criterion.E2E_ENCRYPTION: FactValue.YES,
            },
        ),
        make_platform(
            name="Charlie",
            channels=["chat", "video"],
            facts={
                Criterion.SURVIVOR_ACCOUNT: FactValue.NO,
                Criterion.E2E_ENCRYPTION: FactValue.PARTLY,
            },
        ),
    ]


def test_chart_is_public_and_lists_every_platform(three):
    response = Client().get("/en/platforms/")
    assert response.status_code == 200
    assert shown(response) == ["Alpha", "Bravo", "Charlie"]
    assert "Showing 3 of 3 platforms." in response.content.decode()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("channel=chat", ["Alpha", "Charlie"]),
        ("channel=chat&channel=video", ["Charlie"]),
        ("channel=group_video", []),
        ("must=no_account", ["Alpha", "Charlie"]),
        ("must=no_account&must=e2e", ["Alpha"]),
        ("must=e2e&channel=video", ["Bravo"]),
        ("must=self_hostable", []),  # unknown never counts as a match
    ],
)
def test_chart_filters_by_channel_and_must_have(three, query, expected):
    response = Client().get(f"/en/platforms/?{query}")
    assert response.status_code == 200
    assert shown(response) == expected
    if not expected:
        assert "No platform meets every filter you chose." in response.content.decode()


def test_filters_stay_ticked(three):
    page = Client().get("/en/platforms/?channel=sms&must=no_account").content.decode()
    assert 'value="sms" id="channel-sms" checked' in page
    assert 'value="no_account" id="must-no_account" checked' in page
    assert 'value="video" id="channel-video">' in page


def test_unknown_filter_values_are_ignored_with_a_note(three):
    response = Client().get(
        "/es/platforms/", {"channel": ["fax", "chat"], "must": "<script>alert(1)</script>"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert shown(response) == ["Alpha", "Charlie"]
    assert (
        "Algunos valores de filtro no se reconocieron y se ignoraron: fax, &lt;script&gt;"
    ) in page
    assert "<script>alert(1)" not in page


def test_notices_sources_and_dates_on_every_chart_page(three):
    client = Client()
    for path in [
        "/en/platforms/",
        f"/en/platforms/{three[0].slug}/",
        f"/en/platforms/compare/?p={three[0].slug}&p={three[1].slug}",
    ]:
        page = client.get(path).content.decode()
        assert NOTICE_EN in page and "not legal advice" in page, path
        assert '<a href="https://source.example/page" rel="noopener noreferrer">Source' in page
        assert f'<time datetime="{timezone.localdate():%Y-%m-%d}">' in page, path
    for path in ["/es/platforms/", f"/es/platforms/{three[0].slug}/"]:
        assert NOTICE_ES in client.get(path).content.decode()


def test_platform_page_shows_every_criterion_and_links_out_safely(three):
    page = Client().get(f"/en/platforms/{three[0].slug}/").content.decode()
    for criterion in Criterion:
        assert f'<th scope="row">{criterion.label}</th>'.replace("'", "&#x27;") in page
    assert f'<a href="{three[0].website}" rel="noopener noreferrer">' in page
    assert "<caption>What Alpha means for survivors</caption>" in page


def test_admin_written_text_is_escaped_on_output(db):
    platform = make_platform(name="<b>Bold</b>", description_en='<img src=x onerror="alert(1)">')
    platform.facts.filter(criterion=Criterion.LANGUAGES).update(note_en="<script>alert(1)</script>")
    client = Client()
    for path in [
        "/en/platforms/",
        f"/en/platforms/{platform.slug}/",
        f"/en/platforms/compare/?p={platform.slug}&p={make_platform().slug}",
    ]:
        page = client.get(path).content.decode()
        assert "<b>Bold</b>" not in page and "&lt;b&gt;Bold&lt;/b&gt;" in page
        assert "<script>alert(1)" not in page and "<img src=x" not in page


def test_unknown_platform_is_a_translated_404(db):
    response = Client().get("/es/platforms/no-such-platform/")
    assert response.status_code == 404
    assert "Página no encontrada" in response.content.decode()


@pytest.mark.parametrize(
    "chosen, message",
    [
        (["alpha"], "Choose at least 2 platforms to compare (up to 4)."),
        (
            ["alpha", "bravo", "charlie", "delta", "echo"],
            "You can compare up to 4 platforms at a time.",
        ),
        ([], "Choose at least 2 platforms to compare"),
        (["nope", "alpha"], "These platforms are not in the chart and were left out: nope."),
    ],
)
def test_compare_explains_a_wrong_choice(db, chosen, message):
    for name in ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]:
        make_platform(name=name, slug=name.lower())
    response = Client().get("/en/platforms/compare/", {"p": chosen})
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'class="table align-top caption-top compare-table"' not in page


@pytest.mark.parametrize("count", [2, 4])
def test_compare_two_to_four_side_by_side(db, count):
    names = ["Alpha", "Bravo", "Charlie", "Delta"][:count]
    for name in names:
        make_platform(name=name, slug=name.lower())
    response = Client().get("/en/platforms/compare/", {"p": [n.lower() for n in reversed(names)]})
    page = response.content.decode()
    headers = re.findall(r'<th scope="col"><a href="/en/platforms/(\w+)/">', page)
    assert headers == [n.lower() for n in reversed(names)]  # in the order chosen
    assert page.count('<th scope="row">') == 1 + len(Criterion)  # channels + every criterion
    assert "Side by side: " + ", ".join(reversed(names)) in page
    assert page.count("checked>") == count  # the choice can be changed on the same page


def test_compare_with_an_unknown_slug_among_enough_known_ones(db):
    make_platform(slug="alpha")
    make_platform(slug="bravo")
    page = Client().get("/es/platforms/compare/?p=alpha&p=bravo&p=zulu").content.decode()
    assert "zulu" in page and "compare-table" in page


def test_must_haves_read_right_for_criteria_where_yes_is_the_risky_answer():
    for must in MUST_HAVES.values():
        if must.criterion in RISKY_WHEN_YES:
            assert must.accepted == {FactValue.NO}, must
        else:
            assert FactValue.NO not in must.accepted, must
    assert MUST_HAVES["no_account"].criterion == Criterion.SURVIVOR_ACCOUNT


def test_review_cutoff_is_twelve_months_by_default():
    assert review_cutoff(today=date(2026, 11, 29)) == date(2025, 11, 29)
    assert review_cutoff(today=date(2024, 2, 29)) == date(2023, 2, 28)


def test_review_cutoff_follows_the_setting(settings):
    settings.TOOLKIT_PLATFORM_REVIEW_MONTHS = 6
    assert review_cutoff(today=date(2026, 3, 31)) == date(2025, 9, 30)


def test_a_fact_reviewed_13_months_ago_marks_the_platform_needs_review(db):
    fresh = make_platform(name="Fresh", reviewed_on=months_ago(11))
    stale = make_platform(name="Stale")
    stale.facts.filter(criterion=Criterion.OPEN_SOURCE).update(reviewed_on=months_ago(13))
    flagged = Platform.objects.needs_review()
    assert list(flagged) == [stale]
    assert not Platform.objects.with_review().get(pk=fresh.pk).needs_review
    page = Client().get(f"/en/platforms/{stale.slug}/").content.decode()
    assert '<span class="badge text-bg-warning">Needs review</span>' in page
    assert "some facts about this platform were last checked more than 12 months ago" in page
    assert "Needs review" not in Client().get(f"/en/platforms/{fresh.slug}/").content.decode()


def test_staleness_follows_a_custom_setting(db, settings):
    platform = make_platform(reviewed_on=months_ago(4))
    assert not Platform.objects.needs_review().exists()
    settings.TOOLKIT_PLATFORM_REVIEW_MONTHS = 3
    assert list(Platform.objects.needs_review()) == [platform]
    page = Client().get(f"/es/platforms/{platform.slug}/").content.decode()
    assert "Necesita revisión" in page and "más de 3 meses" in page


def test_a_platform_with_no_facts_needs_review(db):
    from platforms.models import Platform as Model

    bare = Model.objects.create(
        slug="bare",
        name="Bare",
        website="https://bare.example/",
        description_en="x",
        description_es="x",
    )
    assert list(Platform.objects.needs_review()) == [bare]


def test_status_set_by_an_admin_shows_without_colour_alone(db):
    make_platform(name="Marked", status=PlatformStatus.NEEDS_REVIEW)
    make_platform(name="Gone", status=PlatformStatus.DISCONTINUED)
    page = Client().get("/en/platforms/").content.decode()
    assert "Needs review</span>" in page and "Discontinued</span>" in page


def test_a_fact_added_later_is_marked_unknown_until_recorded(db):
    platform = make_platform()
    platform.facts.filter(criterion=Criterion.LANGUAGES).delete()
    page = Client().get(f"/en/platforms/{platform.slug}/").content.decode()
    assert "(no fact recorded)" in page


def test_shipped_chart_in_both_languages(fresh_content):
    client = Client()
    english = client.get("/en/platforms/").content.decode()
    spanish = client.get("/es/platforms/").content.decode()
    assert len(re.findall(r'<th scope="row">', english)) == 5
    assert "Survivor must create an account" in english
    assert "La persona sobreviviente debe crear una cuenta" in spanish
    assert "Jitsi Meet" in spanish and 'lang="es"' in spanish


def test_nav_marks_the_current_section(three):
    client = Client()
    chart = client.get("/en/platforms/").content.decode()
    assert 'href="/en/platforms/" aria-current="page">Platforms</a>' in chart
    detail = client.get(f"/en/platforms/{three[0].slug}/").content.decode()
    assert 'href="/en/platforms/" aria-current="true">Platforms</a>' in detail
    assert 'href="/en/guides/">Guides</a>' in detail


@pytest.fixture
def split(db):
    """Echo encrypts its web chat end to end but not its text messages; Foxtrot chats only
    inside its calls."""
    from tests.factories import make_fact

    echo = make_platform(
        name="Echo",
        channels=["sms", "chat"],
        facts={Criterion.E2E_ENCRYPTION: FactValue.PARTLY},
    )
    make_fact(
        platform=echo,
        criterion=Criterion.E2E_ENCRYPTION,
        channel="chat",
        value=FactValue.YES,
        note_en="Web chat is encrypted end to end.",
        source="https://echo.example/chat",
    )
    make_fact(
        platform=echo,
        criterion=Criterion.E2E_ENCRYPTION,
        channel="sms",
        value=FactValue.NO,
        note_en="Text messages are not.",
        source="https://echo.example/sms",
    )
    foxtrot = make_platform(
        name="Foxtrot",
        channels=["video", "in_call_chat"],
        facts={Criterion.E2E_ENCRYPTION: FactValue.YES},
    )
    return echo, foxtrot


@pytest.mark.parametrize(
    "query, expected",
    [
        ("channel=chat", ["Echo"]),  # chat inside a call is not web chat
        ("channel=in_call_chat", ["Foxtrot"]),
        ("must=e2e", ["Foxtrot"]),  # Echo's platform-wide answer is only partly
        ("must=e2e&channel=chat", ["Echo"]),  # on web chat, Echo's own fact counts
        ("must=e2e&channel=chat&channel=sms", []),  # ... but not on its text messages
    ],
)
def test_a_channel_fact_counts_for_its_channel_in_the_filters(split, query, expected):
    assert shown(Client().get(f"/en/platforms/?{query}")) == expected


def test_the_chart_shows_channel_facts_with_their_source_and_date(split):
    page = Client().get("/en/platforms/").content.decode()
    assert "Text chat during a call" in page
    assert "Different on these channels:" in page
    assert '<span class="fact-channel">Web chat:</span>' in page
    assert '<a href="https://echo.example/sms" rel="noopener noreferrer">Source' in page
    assert "Echo, End-to-end encryption, Text messages (SMS)</span>" in page
    spanish = Client().get("/es/platforms/").content.decode()
    assert "Chat de texto durante una llamada" in spanish
    assert "Es distinto en estos canales:" in spanish


def test_the_platform_page_gives_each_channel_fact_a_row_of_its_own(split):
    echo, _ = split
    page = Client().get(f"/en/platforms/{echo.slug}/").content.decode()
    assert '<th scope="row">End-to-end encryption, on Web chat only</th>' in page
    assert "Web chat is encrypted end to end." in page and "Text messages are not." in page
    spanish = Client().get(f"/es/platforms/{echo.slug}/").content.decode()
    assert "Cifrado de extremo a extremo, solo en Chat web" in spanish


def test_compare_shows_channel_facts_with_their_notes(split):
    echo, foxtrot = split
    page = Client().get(f"/en/platforms/compare/?p={echo.slug}&p={foxtrot.slug}").content.decode()
    assert page.count('<th scope="row">') == 1 + len(Criterion)
    assert "Text messages are not." in page and 'href="https://echo.example/chat"' in page


def test_sessions_that_can_be_recorded_is_a_criterion_of_its_own(db):
    assert Criterion.SESSION_RECORDING in RISKY_WHEN_YES
    assert MUST_HAVES["no_recording"].accepted == {FactValue.NO}
    make_platform(name="Golf", facts={Criterion.SESSION_RECORDING: FactValue.NO})
    make_platform(name="Hotel", facts={Criterion.SESSION_RECORDING: FactValue.YES})
    response = Client().get("/en/platforms/?must=no_recording")
    assert shown(response) == ["Golf"]
    assert '<th scope="col">Sessions can be recorded</th>' in response.content.decode()
