"""Bad input is refused next to the field, what was typed stays, and nothing stored changes."""

import pytest

from assessments.models import Answer, ContentVersion
from tests.assessments.helpers import form_state, questions_of, section_post, section_url
from tests.factories import client_for, make_assessment

pytestmark = pytest.mark.database_dependent(
    "a refused save leaves every stored row as it was (transactions); values meet column types"
)

PURPOSE = "purpose"


@pytest.fixture
def assessment(director):
    return make_assessment(organisation=director.organisation)


def post(director, assessment, values, section=PURPOSE, worksheet="readiness", lang="en", **extra):
    data = section_post(assessment, questions_of(worksheet, section), values, **extra)
    return client_for(director.user).post(
        section_url(assessment, worksheet, section, lang=lang), data
    )


def assert_refused(response, *texts):
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html or "Hay un problema" in html
    for text in texts:
        assert text in html, text
    assert not Answer.objects.exists()


@pytest.mark.django_db
def test_a_choice_of_another_question_is_refused_and_other_input_stays(director, assessment):
    response = post(
        director,
        assessment,
        {
            "q-purpose-goals-written": "reach-new",
            "n-purpose-goals-written": "Keep this note",
            "q-purpose-community-support": "4",
        },
    )
    assert_refused(response, "Choose one of the answers listed.", "Keep this note")
    assert 'value="4"' in response.content.decode() and "checked" in response.content.decode()


@pytest.mark.django_db
def test_not_sure_cannot_be_combined_with_other_answers(director, assessment):
    response = post(director, assessment, {"q-purpose-what-it-adds": ["unsure", "deaf"]}, lang="es")
    assert_refused(response, "«No lo sé» por sí sola")


@pytest.mark.django_db
def test_an_answer_for_another_worksheets_question_is_refused(director, assessment):
    response = post(
        director,
        assessment,
        {
            "q-purpose-goals-written": "yes",
            "q-vendor-can-read-content": "no",
            "b-vendor-can-read-content": "0:0000000000000000",
        },
    )
    assert_refused(response, "do not belong to this section")


@pytest.mark.django_db
def test_an_answer_made_against_another_content_version_is_refused(director, assessment):
    ContentVersion.objects.create(
        number=ContentVersion.objects.order_by("-number").first().number + 1
    )
    data = section_post(
        assessment, questions_of("readiness", PURPOSE), {"q-purpose-goals-written": "yes"}
    )
    data["content_version"] = int(data["content_version"]) - 1
    response = client_for(director.user).post(
        section_url(assessment, "readiness", PURPOSE, lang="es"), data
    )
    assert_refused(response, "se actualizó mientras usted respondía")
    assert 'value="yes"' in response.content.decode()
    # The page now carries the new version: saving again, as the message says, saves.
    again = {**data, **form_state(response.content.decode())}
    assert again["content_version"] == str(ContentVersion.objects.first().number)
    response = client_for(director.user).post(section_url(assessment, "readiness", PURPOSE), again)
    assert response.status_code == 302
    assert Answer.objects.get(assessment=assessment).selected == ["yes"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value, message",
    [
        ("200", "less than or equal to 168"),
        ("-1", "greater than or equal to 0"),
        ("forty", "Enter a number."),
    ],
)
def test_numbers_out_of_range_or_not_numbers(director, assessment, value, message):
    response = post(director, assessment, {"q-staffing-hours-per-week": value}, section="staffing")
    assert_refused(response, message, f'value="{value}"')


@pytest.mark.django_db
def test_text_over_the_length_limit(director, assessment):
    response = post(
        director, assessment, {"q-reassess-lead-role": "x" * 301}, section="reassessment"
    )
    assert_refused(response, "at most 300 characters")
    response = post(director, assessment, {"n-purpose-goals-written": "y" * 2001})
    assert_refused(response, "at most 2000 characters")


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["bad\x00byte", "bell\x07", "escape\x1b[31m"])
def test_control_characters_are_refused(director, assessment, text):
    response = post(director, assessment, {"n-purpose-goals-written": text}, lang="es")
    assert_refused(response, "caracteres de control invisibles")


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["", "garbage", "1:short", "x:0123456789abcdef"])
def test_a_forged_base_token_is_refused(director, assessment, token):
    response = post(
        director, assessment, {"q-purpose-goals-written": "yes", "b-purpose-goals-written": token}
    )
    assert_refused(response, "could not be matched")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "note, warning",
    [
        ("Call our office at (555) 123-4567 after 5", "phone number"),
        ("Write to coordinator@program.example", "e-mail address"),
        ("We meet at 1234 Main Street on Tuesdays", "street address"),
    ],
)
def test_notes_that_look_personal_get_a_warning_but_are_saved(director, assessment, note, warning):
    response = post(
        director, assessment, {"n-purpose-goals-written": note, "q-purpose-goals-written": "yes"}
    )
    assert response.status_code == 200
    assert warning in response.content.decode()
    assert Answer.objects.get().note == note


@pytest.mark.django_db
def test_plain_program_notes_get_no_warning(director, assessment):
    response = post(
        director,
        assessment,
        {"n-purpose-goals-written": "Approved by the board in 2025; 3 advocates."},
    )
    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/en/assessments/abc/",
        "/en/assessments/1/readiness/no-such-section/",
        "/en/assessments/1/no-such-worksheet/purpose/",
        "/en/assessments/1/vendors/999/vendor/purpose/",
    ],
)
def test_malformed_or_unknown_addresses_are_404(director, assessment, path):
    path = path.replace("/1/", f"/{assessment.pk}/")
    assert client_for(director.user).get(path).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("digit", ["²", "٣", "1²"])
def test_non_ascii_digits_in_ids_and_tokens_are_refused_not_500(director, digit):
    """Found by the hostile-input properties: "²".isdigit() is true but int("²") fails."""
    assessment = make_assessment(organisation=director.organisation)
    client = client_for(director.user)
    reply = client.post(
        f"/en/assessments/{assessment.pk}/autosave/",
        {
            "worksheet": "readiness",
            "section": "purpose",
            "question": "purpose-goals-written",
            "vendor": digit,
            "q-purpose-goals-written": "yes",
        },
    )
    assert reply.status_code == 400
    reply = client.post(
        f"/en/assessments/{assessment.pk}/autosave/",
        {
            "worksheet": "readiness",
            "section": "purpose",
            "question": "purpose-goals-written",
            "q-purpose-goals-written": "yes",
            "b-purpose-goals-written": f"{digit}:" + "0" * 16,
        },
    )
    assert reply.status_code == 400
    assert client.get(f"/en/assessments/{assessment.pk}/compare/?with={digit}").status_code == 404
