"""Filling out worksheets without JavaScript: every kind of question renders and saves."""

import re
from decimal import Decimal

import pytest

from assessments.models import Answer, Assessment, Question, Section
from reports.signoff import assessment_finalise
from tests.assessments.helpers import form_state, questions_of, section_post, section_url
from tests.factories import client_for, make_assessment

pytestmark = pytest.mark.database_dependent(
    "a section's answers are saved together in one transaction"
)


@pytest.fixture
def assessment(director):
    return make_assessment(organisation=director.organisation, by=director.user)


@pytest.mark.django_db
def test_start_an_assessment_and_see_it_listed(director):
    client = client_for(director.user)
    response = client.post(
        "/es/assessments/new/",
        {"name": "Chat y texto", "channels": ["text", "chat"], "report_language": "es"},
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.organisation == director.organisation and assessment.channels == [
        "text",
        "chat",
    ]
    assert assessment.created_by == director.user and assessment.content_version.number >= 1
    listing = client.get("/es/assessments/").content.decode()
    assert "Chat y texto" in listing and "respondidas" in listing
    detail = client.get(f"/es/assessments/{assessment.pk}/").content.decode()
    assert "<progress" in detail


@pytest.mark.django_db
def test_start_form_errors_keep_input_and_need_a_channel(director):
    response = client_for(director.user).post(
        "/en/assessments/new/", {"name": "Spring review", "report_language": "en"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose at least one channel." in html and 'value="Spring review"' in html
    assert not Assessment.objects.exists()


@pytest.mark.django_db
def test_forged_organisation_in_the_start_form_is_ignored(director, other_director):
    client_for(director.user).post(
        "/en/assessments/new/",
        {
            "name": "Mine",
            "channels": ["video"],
            "report_language": "en",
            "organisation": other_director.organisation.pk,
        },
    )
    assert Assessment.objects.get().organisation == director.organisation


@pytest.mark.django_db
@pytest.mark.parametrize(
    "section, values, expected",
    [
        ("purpose", {"q-purpose-goals-written": "yes"}, {"purpose-goals-written": ["yes"]}),
        (
            "purpose",
            {"q-purpose-what-it-adds": ["reach-new", "deaf"]},
            {"purpose-what-it-adds": ["reach-new", "deaf"]},
        ),
        ("purpose", {"q-purpose-community-support": "4"}, {"purpose-community-support": ["4"]}),
        ("audience", {"q-audience-connectivity": "mixed"}, {"audience-connectivity": ["mixed"]}),
    ],
)
def test_choice_kinds_save_without_javascript(director, assessment, section, values, expected):
    client = client_for(director.user)
    url = section_url(assessment, "readiness", section)
    assert client.get(url).status_code == 200
    data = section_post(assessment, questions_of("readiness", section), values)
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == url
    for key, selected in expected.items():
        answer = Answer.objects.get(assessment=assessment, question__key=key)
        assert (
            answer.selected == selected
            and answer.updated_by == director.user
            and answer.version == 1
        )


@pytest.mark.django_db
def test_number_and_text_kinds_save(director, assessment):
    client = client_for(director.user)
    data = section_post(
        assessment, questions_of("readiness", "staffing"), {"q-staffing-hours-per-week": "40"}
    )
    assert client.post(section_url(assessment, "readiness", "staffing"), data).status_code == 302
    assert Answer.objects.get(question__key="staffing-hours-per-week").number == Decimal("40")
    data = section_post(
        assessment,
        questions_of("readiness", "reassessment"),
        {"q-reassess-lead-role": "Program director"},
    )
    assert (
        client.post(section_url(assessment, "readiness", "reassessment"), data).status_code == 302
    )
    assert Answer.objects.get(question__key="reassess-lead-role").text == "Program director"
    data = section_post(
        assessment,
        questions_of("platform", "control-contracts"),
        {"q-platform-other-needs": "Needs to work on old phones.\nAnd in Spanish."},
    )
    assert (
        client.post(section_url(assessment, "platform", "control-contracts"), data).status_code
        == 302
    )
    assert Answer.objects.get(question__key="platform-other-needs").text.endswith("in Spanish.")


@pytest.mark.django_db
def test_saved_answers_show_again_with_who_changed_them(director, staff, assessment):
    url = section_url(assessment, "readiness", "purpose")
    data = section_post(
        assessment,
        questions_of("readiness", "purpose"),
        {"q-purpose-goals-written": "no", "n-purpose-goals-written": "Board meets in May."},
    )
    client_for(staff.user).post(url, data)
    html = client_for(director.user).get(url).content.decode()
    assert re.search(r'name="q-purpose-goals-written" value="no"[^>]*checked', html)
    assert "Board meets in May." in html
    assert f"Last changed by {staff.user.email}" in html


@pytest.mark.django_db
def test_save_and_continue_goes_to_the_next_section_then_back_to_the_overview(director, assessment):
    client = client_for(director.user)
    data = section_post(assessment, questions_of("readiness", "purpose"), {}, **{"continue": "1"})
    response = client.post(section_url(assessment, "readiness", "purpose"), data)
    assert response["Location"] == section_url(assessment, "readiness", "audience")
    final = Section.objects.filter(worksheet__key="platform").order_by("-order").first()
    data = section_post(assessment, questions_of("platform", final.key), {}, **{"continue": "1"})
    response = client.post(section_url(assessment, "platform", final.key), data)
    assert response["Location"] == f"/en/assessments/{assessment.pk}/"


@pytest.mark.django_db
def test_progress_counts_answers_in_words(director, assessment):
    client = client_for(director.user)
    data = section_post(
        assessment,
        questions_of("readiness", "purpose"),
        {"q-purpose-goals-written": "yes", "q-purpose-community-support": "3"},
    )
    client.post(section_url(assessment, "readiness", "purpose"), data)
    html = client.get(section_url(assessment, "readiness", "purpose")).content.decode()
    assert "2 of " in html and "Section 1 of" in html


@pytest.mark.django_db
def test_channel_specific_questions_only_show_for_those_channels(director):
    video_only = make_assessment(organisation=director.organisation, channels=["video"])
    html = (
        client_for(director.user)
        .get(section_url(video_only, "readiness", "staffing"))
        .content.decode()
    )
    assert "staffing-hours-per-week" in html
    assert "staffing-concurrent-count" not in html  # text and chat only
    texting = make_assessment(organisation=director.organisation, channels=["text"])
    html = (
        client_for(director.user)
        .get(section_url(texting, "readiness", "staffing"))
        .content.decode()
    )
    assert "staffing-concurrent-count" in html


@pytest.mark.django_db
def test_vendor_worksheet_is_filled_once_per_vendor(director, assessment):
    client = client_for(director.user)
    client.post(f"/en/assessments/{assessment.pk}/vendors/", {"name": "Vendor A"})
    client.post(f"/en/assessments/{assessment.pk}/vendors/", {"name": "Vendor B"})
    a, b = assessment.vendors.all()
    question = Question.objects.filter(
        section__worksheet__key="vendor", kind="yes_no_unsure"
    ).first()
    section = question.section.key
    for vendor, value in ((a, "yes"), (b, "no")):
        data = section_post(
            assessment, questions_of("vendor", section), {f"q-{question.key}": value}, vendor=vendor
        )
        assert (
            client.post(section_url(assessment, "vendor", section, vendor=vendor), data).status_code
            == 302
        )
    answers = dict(Answer.objects.filter(question=question).values_list("vendor__name", "selected"))
    assert answers == {"Vendor A": ["yes"], "Vendor B": ["no"]}
    # The vendor worksheet has no page without a vendor, and vendors do not mix across assessments.
    assert client.get(section_url(assessment, "vendor", section)).status_code == 404
    duplicate = client.post(
        f"/en/assessments/{assessment.pk}/vendors/", {"name": "vendor a"}, follow=True
    )
    assert "already has a vendor with that name" in duplicate.content.decode()
    assert duplicate.status_code == 400 and 'value="vendor a"' in duplicate.content.decode()
    assert assessment.vendors.count() == 2


@pytest.mark.django_db
def test_finalised_assessments_cannot_be_changed(director, assessment):
    assessment_finalise(assessment=assessment, by=director.user)
    data = section_post(
        assessment, questions_of("readiness", "purpose"), {"q-purpose-goals-written": "yes"}
    )
    response = client_for(director.user).post(
        section_url(assessment, "readiness", "purpose", lang="es"), data
    )
    assert response.status_code == 409 and "finalizada" in response.content.decode()
    assert re.search(r'value="yes"[^>]*checked', response.content.decode())  # the input stays
    assert not Answer.objects.exists()


@pytest.mark.django_db
def test_the_rendered_form_round_trips(director, assessment):
    client = client_for(director.user)
    url = section_url(assessment, "readiness", "purpose")
    state = form_state(client.get(url).content.decode())
    assert state["content_version"] and all(
        v.startswith("0:") for k, v in state.items() if k.startswith("b-")
    )
    state["q-purpose-goals-written"] = "yes"
    assert client.post(url, state).status_code == 302


@pytest.mark.django_db
def test_questions_link_to_their_guide_in_the_readers_language(director, assessment):
    html = (
        client_for(director.user)
        .get(section_url(assessment, "readiness", "purpose", lang="es"))
        .content.decode()
    )
    assert 'href="/es/guides/assessing-readiness/"' in html and "Lea la guía" in html
