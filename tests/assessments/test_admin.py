"""Site admins edit worksheet content in both languages; edits flag the answers they affect."""

import pytest
from django.test import Client

from assessments.models import Choice, ContentVersion, Question
from tests.admin_forms import admin_form_data
from tests.factories import make_user

pytestmark = pytest.mark.database_dependent(
    "admin edits start a content version inside the same transaction"
)


@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


@pytest.mark.django_db
def test_question_edit_in_spanish_bumps_revision_and_content_version(admin_client):
    question = Question.objects.get(key="purpose-goals-written")
    url = f"/en/admin/assessments/question/{question.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="text_en"' in html and 'name="text_es"' in html
    data = admin_form_data(html)
    data["text_es"] = "¿Tiene su programa un propósito escrito?"
    versions = ContentVersion.objects.count()
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    question.refresh_from_db()
    assert question.text_es == "¿Tiene su programa un propósito escrito?" and question.revision == 2
    assert ContentVersion.objects.count() == versions + 1


def inline_row(data: dict, prefix: str, key: str) -> str:
    """The index of the inline row (`prefix`-N-...) whose key is `key`, in admin form data."""
    return next(
        k.split("-")[1]
        for k, v in data.items()
        if k.startswith(f"{prefix}-") and k.endswith("-key") and v == key
    )


def question_form_with_yes_weight(admin_client, weight: str):
    """The admin form of a question, with the safety weight of its "yes" choice changed."""
    question = Question.objects.get(key="purpose-goals-written")
    url = f"/en/admin/assessments/question/{question.pk}/change/"
    data = admin_form_data(admin_client.get(url).content.decode())
    data[f"choices-{inline_row(data, 'choices', 'yes')}-weight_safety"] = weight
    return question, url, data


@pytest.mark.django_db
def test_choice_weight_edit_through_the_inline_revises_the_question(admin_client):
    question, url, data = question_form_with_yes_weight(admin_client, "3")
    assert admin_client.post(url, data).status_code == 302
    assert Choice.objects.get(question=question, key="yes").weight_safety == 3
    question.refresh_from_db()
    assert question.revision == 2


@pytest.mark.django_db
def test_weights_out_of_range_are_refused(admin_client):
    question, url, data = question_form_with_yes_weight(admin_client, "7")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "less than or equal to 3" in response.content.decode()
    assert Choice.objects.get(question=question, key="yes").weight_safety != 7


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model", ["worksheet", "section", "question", "contentversion", "assessment"]
)
def test_admin_lists_have_search_and_render(admin_client, model):
    response = admin_client.get(f"/es/admin/assessments/{model}/?q=a")
    assert response.status_code == 200


@pytest.mark.django_db
def test_recommendation_edited_in_spanish(admin_client):
    from assessments.models import Recommendation

    recommendation = Recommendation.objects.get(key="write-emergency-plan")
    url = f"/es/admin/assessments/recommendation/{recommendation.pk}/change/"
    data = admin_form_data(admin_client.get(url).content.decode())
    data["title_es"] = "Escriba un plan para emergencias"
    assert admin_client.post(url, data).status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.title_es == "Escriba un plan para emergencias"


@pytest.mark.django_db
def test_threshold_bands_must_be_ordered(admin_client):
    from assessments.models import ReadinessThreshold

    threshold = ReadinessThreshold.objects.get(dimension="safety")
    url = f"/en/admin/assessments/readinessthreshold/{threshold.pk}/change/"
    data = admin_form_data(admin_client.get(url).content.decode())
    versions = ContentVersion.objects.count()
    response = admin_client.post(url, {**data, "ready_min": "50", "conditions_min": "70"})
    assert response.status_code == 200 and "cannot be above" in response.content.decode()
    assert (
        admin_client.post(url, {**data, "ready_min": "90", "conditions_min": "70"}).status_code
        == 302
    )
    threshold.refresh_from_db()
    assert (threshold.ready_min, threshold.conditions_min) == (90, 70)
    assert ContentVersion.objects.count() == versions + 1


# Pages and autosave keep each content version's worksheets in memory (worksheet_cache): every
# way the admin changes worksheet content must start a new version, or the change would not show.


@pytest.fixture
def purpose_page(db):
    """A director's signed-in client on the Purpose page (so its worksheet is kept in memory)."""
    from tests.assessments.helpers import section_url
    from tests.factories import client_for, make_assessment, make_membership

    director = make_membership(role="director")
    assessment = make_assessment(organisation=director.organisation)
    client = client_for(director.user)
    url = section_url(assessment, "readiness", "purpose")
    assert client.get(url).status_code == 200
    return client, url, assessment


def changes_version(admin_client, url, data) -> None:
    versions = ContentVersion.objects.count()
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ContentVersion.objects.count() == versions + 1


@pytest.mark.django_db
def test_a_question_added_in_the_admin_shows_on_the_page_at_once(admin_client, purpose_page):
    client, url, _ = purpose_page
    purpose = Question.objects.get(key="purpose-goals-written").section
    data = admin_form_data(admin_client.get("/en/admin/assessments/question/add/").content.decode())
    data.update(
        section=str(purpose.pk),
        key="purpose-board-knows",
        order="99",
        kind="short_text",
        text_en="Does your board know about this plan?",
        text_es="¿Conoce su junta directiva este plan?",
        max_length="2000",
        applies_text=["on"],
        applies_chat=["on"],
        applies_video=["on"],
    )
    changes_version(admin_client, "/en/admin/assessments/question/add/", data)
    assert "Does your board know about this plan?" in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_question_deleted_in_the_admin_leaves_the_page_at_once(admin_client, purpose_page):
    client, url, _ = purpose_page
    question = Question.objects.get(key="purpose-goals-written")
    text = question.text_en
    assert text in client.get(url).content.decode()
    delete = f"/en/admin/assessments/question/{question.pk}/delete/"
    changes_version(admin_client, delete, {"post": "yes"})
    assert text not in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_choice_deleted_through_the_inline_can_no_longer_be_saved(admin_client, purpose_page):
    from tests.assessments.helpers import purpose_autosave

    client, _, assessment = purpose_page
    question = Question.objects.get(key="purpose-goals-written")
    url = f"/en/admin/assessments/question/{question.pk}/change/"
    data = admin_form_data(admin_client.get(url).content.decode())
    data[f"choices-{inline_row(data, 'choices', 'no')}-DELETE"] = ["on"]
    changes_version(admin_client, url, data)
    reply = client.post(
        f"/en/assessments/{assessment.pk}/autosave/",
        {**purpose_autosave("no"), "content_version": ContentVersion.objects.first().number},
    )
    assert reply.status_code == 400
    assert reply.json()["errors"] == ["Choose one of the answers listed."]


@pytest.mark.django_db
def test_a_question_reworded_through_the_section_inline_is_revised(admin_client, purpose_page):
    client, page_url, _ = purpose_page
    question = Question.objects.get(key="purpose-goals-written")
    url = f"/en/admin/assessments/section/{question.section_id}/change/"
    data = admin_form_data(admin_client.get(url).content.decode())
    index = inline_row(data, "questions", question.key)
    data[f"questions-{index}-text_en"] = "Are your program's goals for this service written down?"
    changes_version(admin_client, url, data)
    question.refresh_from_db()
    assert question.revision == 2
    assert "goals for this service written down?" in client.get(page_url).content.decode()
