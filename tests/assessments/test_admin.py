"""Site admins edit worksheet content in both languages; edits flag the answers they affect."""

import pytest
from django.test import Client

from assessments.models import Choice, ContentVersion, Question
from tests.admin_forms import admin_form_data
from tests.factories import make_user


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


def question_form_with_yes_weight(admin_client, weight: str):
    """The admin form of a question, with the safety weight of its "yes" choice changed."""
    question = Question.objects.get(key="purpose-goals-written")
    url = f"/en/admin/assessments/question/{question.pk}/change/"
    data = admin_form_data(admin_client.get(url).content.decode())
    index = next(k.split("-")[1] for k, v in data.items() if k.endswith("-key") and v == "yes")
    data[f"choices-{index}-weight_safety"] = weight
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
