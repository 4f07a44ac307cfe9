"""A site whose content is missing in part, or was never loaded, answers every page: never a 500.

Site admins are told what is missing and how to fix it; everyone else gets a plain message.
"""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from assessments.answering.lifecycle import vendor_add
from assessments.models import (
    Choice,
    ContentVersion,
    Question,
    ReadinessThreshold,
    Recommendation,
    Section,
    Worksheet,
)
from platforms.models import Guide, Platform
from tests.assessments.test_isolation import REQUESTS
from tests.factories import client_for, make_assessment

PAGES = ["/en/", "/en/assessments/", "/en/assessments/new/", "/en/methodology/", "/en/platforms/"]
PAGES += ["/en/guides/", "/es/assessments/", "/en/assessments/import/"]
NOT_READY_FOR_ADMINS = "The toolkit's content is not fully loaded"
NOT_READY_FOR_OTHERS = "This part of the toolkit is not ready yet"


def without_band(dimension="privacy"):
    ReadinessThreshold.objects.filter(dimension=dimension).delete()


def without_any_content():
    Recommendation.objects.all().delete()
    ReadinessThreshold.objects.all().delete()
    Choice.objects.all().delete()
    Question.objects.all().delete()
    Section.objects.all().delete()
    Worksheet.objects.all().delete()
    Guide.objects.all().delete()
    Platform.objects.all().delete()
    ContentVersion.objects.all().delete()


def every_response(client, assessment, vendor):
    """(what was asked, response) for each page and each assessment URL of the isolation test."""
    for path in PAGES:
        yield path, client.get(path)
    for name, (method, args, data) in sorted(REQUESTS.items()):
        if name == "assessments:delete":
            continue
        url = reverse(name, args=args(assessment, vendor))
        yield url, getattr(client, method)(url, data)


@pytest.mark.django_db
@pytest.mark.parametrize("damage", [without_band, without_any_content])
def test_no_page_answers_500_when_content_is_missing(director, damage):
    damage()
    assessment = make_assessment(organisation=director.organisation)
    vendor = vendor_add(assessment=assessment, name="A vendor")
    client = client_for(director.user)
    client.raise_request_exception = False
    failures = [
        (url, response.status_code)
        for url, response in every_response(client, assessment, vendor)
        if response.status_code >= 500 and response.status_code != 503
    ]
    assert failures == []


ADMIN_PAGES = [
    "/en/admin/",
    "/en/admin-tools/translation-status/",
    "/en/admin/assessments/question/",
]
ADMIN_PAGES += ["/en/admin/assessments/readinessthreshold/", "/en/admin/platforms/platform/"]


@pytest.mark.django_db
@pytest.mark.parametrize("damage", [without_band, without_any_content])
def test_the_admin_answers_when_content_is_missing(damage):
    damage()
    admin = User.objects.create_superuser(email="admin@example.org", password="x" * 20)
    client = Client(raise_request_exception=False)
    client.force_login(admin)
    assert [(path, client.get(path).status_code) for path in ADMIN_PAGES] == [
        (path, 200) for path in ADMIN_PAGES
    ]


@pytest.mark.django_db
def test_results_without_a_band_say_so_plainly_and_tell_admins_what_to_do(director):
    without_band()
    assessment = make_assessment(organisation=director.organisation)
    client = client_for(director.user)
    client.raise_request_exception = False
    url = reverse("assessments:results", args=[assessment.pk])
    response = client.get(url)
    assert response.status_code == 503
    content = response.content.decode()
    assert NOT_READY_FOR_OTHERS in content and "load_content" not in content

    admin = User.objects.create_superuser(email="admin@example.org", password="x" * 20)
    admin_client = Client(raise_request_exception=False)
    admin_client.force_login(admin)
    response = admin_client.get("/en/methodology/")
    assert response.status_code == 503
    content = response.content.decode()
    assert NOT_READY_FOR_ADMINS in content and "manage.py load_content" in content
    assert "Privacy" in content  # the missing band is named

    spanish = client.get(url.replace("/en/", "/es/"))
    assert "Esta parte del kit de herramientas aún no está lista" in spanish.content.decode()
