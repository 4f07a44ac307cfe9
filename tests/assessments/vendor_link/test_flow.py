"""A vendor answers through its private link; the program reviews every answer."""

import hashlib

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail

from assessments.answering.answers import AnswerInput, AnswerValue, answers_save, parse_base_token
from assessments.models import (
    Answer,
    VendorAnswer,
    VendorRequest,
    VendorRequestStatus,
    VendorReview,
)
from tests.assessments.helpers import answer, base_for
from tests.assessments.vendor_link.helpers import (
    LINK,
    ask_vendor,
    asked,
    section_form,
    vendor_browser,
)
from tests.factories import client_for

pytestmark = pytest.mark.django_db


def test_asking_sends_one_mail_with_a_link_stored_only_as_its_hash(director):
    assessment, vendor, path = asked(director, language="es")
    message = mail.outbox[-1]
    assert message.to == ["sales@vendor.example"] and message.reply_to == [director.user.email]
    assert director.organisation.name in message.subject and "Acme Chat" in message.body
    assert "/es/vendor/open/" in path  # in the language chosen
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert len(token) >= 43  # 256 bits, base64
    link = VendorRequest.objects.get()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = [str(v) for v in VendorRequest.objects.values_list().get()]
    assert not any(token in value for value in stored)
    assert LogEntry.objects.filter(object_id=str(link.pk), action_flag=1).exists()
    page = client_for(director.user).get(f"/en/assessments/{assessment.pk}/").content.decode()
    assert "not opened yet" in page and "sales@vendor.example" in page


def test_the_vendor_answers_without_an_account_saves_comes_back_and_submits(director):
    assessment, vendor, path = asked(director, language="es")
    browser, overview = vendor_browser(path)
    assert "/vendor/open/" not in overview  # the key leaves the address bar at once
    page = browser.get(overview)
    html = page.content.decode()
    assert page.status_code == 200 and page["X-Robots-Tag"].startswith("noindex")
    assert page["Referrer-Policy"] == "no-referrer" and "no-store" in page["Cache-Control"]
    assert director.organisation.name in html and "Preguntas de" in html
    assert VendorRequest.objects.get().opened_at is not None
    url = f"/es/vendor/{VendorRequest.objects.get().pk}/vendor/encryption/"
    data = section_form(browser, url)
    saved = browser.post(
        url, {**data, "q-vendor-encryption": "program-keys", "n-vendor-encryption": "Claves AES"}
    )
    assert saved.status_code == 302
    stored = VendorAnswer.objects.get()
    assert stored.selected == ["program-keys"] and stored.note == "Claves AES"
    assert not Answer.objects.filter(assessment=assessment, vendor=vendor).exists()
    # Comes back later through the same link, in a new browser: the answer is there.
    again, overview = vendor_browser(path)
    assert (
        'value="program-keys" checked'
        in again.get(url).content.decode().replace('checked="checked"', "checked")
        or "checked" in again.get(url).content.decode()
    )
    submit = f"/es/vendor/{stored.request_id}/submit/"
    assert "Claves AES" in again.get(submit).content.decode()
    done = again.post(submit)
    assert done.status_code == 302 and done["Location"].endswith("/done/")
    link = VendorRequest.objects.get()
    assert link.status == VendorRequestStatus.SUBMITTED and link.submitted_at
    assert "Claves AES" in again.get(done["Location"]).content.decode()
    # Submitted: writing is refused with the reason, and what was typed stays on the page.
    refused = again.post(url, {**data, "q-vendor-encryption": "not-encrypted"})
    assert refused.status_code == 409
    assert "ya se enviaron" in refused.content.decode()
    assert VendorAnswer.objects.get().selected == ["program-keys"]


def test_the_program_accepts_some_answers_and_keeps_its_own_with_a_note(director, staff):
    assessment, vendor, path = asked(director)
    answer(assessment, director.user, vendor=vendor, vendor_can_read_content="yes")
    browser, _overview = vendor_browser(path)
    link = VendorRequest.objects.get()
    for section, values in [
        ("encryption", {"q-vendor-encryption": "program-keys", "q-vendor-can-read-content": "no"}),
    ]:
        url = f"/en/vendor/{link.pk}/vendor/{section}/"
        assert browser.post(url, {**section_form(browser, url), **values}).status_code == 302
    browser.post(f"/en/vendor/{link.pk}/submit/")
    review_url = f"/en/assessments/{assessment.pk}/vendors/{vendor.pk}/review/"
    staff_client = client_for(staff.user)
    page = staff_client.get(review_url).content.decode()
    assert "The vendor said" in page
    beside = staff_client.get(
        f"/en/assessments/{assessment.pk}/vendors/{vendor.pk}/vendor/encryption/"
    ).content.decode()
    assert "The vendor said:" in beside and "Not reviewed yet" in beside
    base_ours = base_for(assessment, "vendor-can-read-content", vendor)
    missing_note = staff_client.post(
        review_url,
        {
            "r-vendor-encryption": "accept",
            "rb-vendor-encryption": base_for(assessment, "vendor-encryption", vendor),
            "r-vendor-can-read-content": "keep",
            "rb-vendor-can-read-content": base_ours,
        },
    )
    assert missing_note.status_code == 400 and "why you keep your answer" in (
        missing_note.content.decode()
    )
    assert not Answer.objects.filter(question__key="vendor-encryption").exists()
    done = staff_client.post(
        review_url,
        {
            "r-vendor-encryption": "accept",
            "rb-vendor-encryption": base_for(assessment, "vendor-encryption", vendor),
            "r-vendor-can-read-content": "keep",
            "rn-vendor-can-read-content": "Their terms let support staff read chats.",
            "rb-vendor-can-read-content": base_ours,
        },
    )
    assert done.status_code == 302
    accepted = Answer.objects.get(vendor=vendor, question__key="vendor-encryption")
    assert accepted.selected == ["program-keys"] and accepted.from_vendor
    ours = Answer.objects.get(vendor=vendor, question__key="vendor-can-read-content")
    assert ours.selected == ["yes"] and not ours.from_vendor
    reviews = dict(VendorAnswer.objects.values_list("question__key", "review"))
    assert reviews == {
        "vendor-encryption": VendorReview.ACCEPTED,
        "vendor-can-read-content": VendorReview.KEPT_OWN,
    }
    assert LogEntry.objects.filter(change_message__startswith="Reviewed: 1 accepted, 1 kept")
    # A later change by staff makes the answer the program's again.
    change = AnswerInput(
        accepted.question,
        AnswerValue(selected=("vendor-keys",)),
        parse_base_token(base_for(assessment, "vendor-encryption", vendor)),
    )
    answers_save(assessment=assessment, vendor=vendor, inputs=[change], by=staff.user)
    assert not Answer.objects.get(vendor=vendor, question__key="vendor-encryption").from_vendor


def test_accepting_over_an_answer_someone_changed_meanwhile_is_a_conflict(director, staff):
    assessment, vendor, path = asked(director)
    browser, _overview = vendor_browser(path)
    link = VendorRequest.objects.get()
    url = f"/en/vendor/{link.pk}/vendor/encryption/"
    browser.post(url, {**section_form(browser, url), "q-vendor-encryption": "program-keys"})
    browser.post(f"/en/vendor/{link.pk}/submit/")
    seen = base_for(assessment, "vendor-encryption", vendor)
    answer(assessment, staff.user, vendor=vendor, vendor_encryption="in-transit-only")
    response = client_for(director.user).post(
        f"/en/assessments/{assessment.pk}/vendors/{vendor.pk}/review/",
        {"r-vendor-encryption": "accept", "rb-vendor-encryption": seen},
        follow=True,
    )
    assert "was not accepted" in response.content.decode()
    stored = Answer.objects.get(vendor=vendor, question__key="vendor-encryption")
    assert stored.selected == ["in-transit-only"] and not stored.from_vendor
    assert VendorAnswer.objects.get().review == VendorReview.PENDING


def test_program_only_questions_are_not_asked_of_the_vendor(director):
    _assessment, _vendor, path = asked(director)
    browser, overview = vendor_browser(path)
    link = VendorRequest.objects.get()
    cost = browser.get(f"/en/vendor/{link.pk}/vendor/cost/").content.decode()
    assert "q-vendor-startup-cost" in cost and "q-vendor-hardware-fit" not in cost
    board = browser.get(f"/en/vendor/{link.pk}/vendor/service-reliability/").content.decode()
    assert "q-vendor-board-note" not in board and "q-vendor-notes" not in board


def test_a_new_link_replaces_the_old_and_withdrawal_closes_it(director):
    assessment, vendor, first = asked(director)
    _response, second = ask_vendor(director, vendor)
    assert first != second
    old = Client_get(first)
    assert old.status_code == 410 and "newer link" in old.content.decode()
    link = VendorRequest.objects.get(status=VendorRequestStatus.OPEN)
    browser, _overview = vendor_browser(second)
    client_for(director.user).post(
        f"/en/assessments/{assessment.pk}/vendor-links/{link.pk}/withdraw/"
    )
    url = f"/en/vendor/{link.pk}/vendor/encryption/"
    assert browser.get(url).status_code == 410
    assert "withdrew" in browser.get(second).content.decode()
    statuses = sorted(VendorRequest.objects.values_list("status", flat=True))
    assert statuses == ["replaced", "withdrawn"]


def Client_get(path):
    from django.test import Client

    return Client().get(path)


def test_mail_link_regex_matches_both_languages():
    assert LINK.search("x http://testserver/es/vendor/open/" + "a" * 43 + "/ y")


def test_the_deadline_is_at_most_sixty_days_and_bad_input_keeps_what_was_typed(director):
    from tests.assessments.vendor_link.helpers import make_vendor
    from tests.factories import make_assessment

    vendor = make_vendor(make_assessment(organisation=director.organisation))
    response, path = ask_vendor(director, vendor, days=61, message="Hola, gracias")
    assert response.status_code == 400 and path is None
    html = response.content.decode()
    assert "60" in html and "Hola, gracias" in html and "sales@vendor.example" in html
    response, path = ask_vendor(director, vendor, email="not an e-mail")
    assert response.status_code == 400 and path is None
    assert not VendorRequest.objects.exists()
    response, path = ask_vendor(director, vendor, days=60)
    link = VendorRequest.objects.get()
    assert (link.expires_at.date() - link.created_at.date()).days in (60, 61)


def test_a_vendor_without_an_account_has_four_idle_hours_a_signed_in_person_keeps_one(director):
    from tests.assessments.vendor_link.helpers import vendor_browser as opened

    _assessment, _vendor, path = asked(director)
    browser, _overview = opened(path)
    assert browser.session.get_expiry_age() == 4 * 3600
    signed_in = client_for(director.user)
    assert signed_in.get(path).status_code == 302
    assert signed_in.session.get_expiry_age() == 3600
