"""Site admins edit a choice's weights and platform needs, and a question's criteria, as plain
fields: no raw JSON to type or to break."""

import pytest
from django.test import Client

from assessments.models import Choice, Question
from tests.admin_forms import admin_form_data
from tests.factories import make_user

pytestmark = pytest.mark.database_dependent(
    "admin edits start a content version inside the same transaction"
)


@pytest.fixture
def site_admin(db):
    client = Client()
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


def question_with_needs() -> Question:
    return Question.objects.filter(choices__needs__has_key="survivor_account").first()


@pytest.mark.django_db
def test_needs_and_weights_are_edited_as_choices_not_json(site_admin):
    question = question_with_needs()
    url = f"/en/admin/assessments/question/{question.pk}/change/"
    page = site_admin.get(url).content.decode()
    assert 'name="choices-0-needs"' not in page and "need_1" in page  # no JSON box
    data = admin_form_data(page)
    first = Choice.objects.get(pk=data["choices-0-id"])
    data["choices-0-need_channel"] = "chat"
    data["choices-0-need_1"] = "e2e_encryption=yes"
    data["choices-0-need_2"] = ""
    data["choices-0-weight_privacy"] = "2"
    data["criteria"] = "platform-account, platform-download"
    response = site_admin.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    first.refresh_from_db()
    assert first.needs == {"channel": "chat", "e2e_encryption": "yes"}
    assert first.weight_privacy == 2
    question.refresh_from_db()
    assert question.criteria == ["platform-account", "platform-download"]


@pytest.mark.django_db
def test_a_need_chosen_twice_or_a_bad_criterion_key_is_refused_and_kept(site_admin):
    question = question_with_needs()
    url = f"/en/admin/assessments/question/{question.pk}/change/"
    data = admin_form_data(site_admin.get(url).content.decode())
    before = Choice.objects.get(pk=data["choices-0-id"]).needs
    data["choices-0-need_1"] = "open_source=yes"
    data["choices-0-need_2"] = "open_source=no"
    data["criteria"] = "fine-key, not a key!"
    response = site_admin.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "This need is already chosen above." in html
    assert "fine-key, not a key!" in html  # what was typed stays
    assert Choice.objects.get(pk=data["choices-0-id"]).needs == before
