"""Hostile input to every form and JSON endpoint: never a 5xx, never markup echoed unescaped,
and never a change to another organisation's rows.

Each property shares one world (built once per test, inside its transaction): every example
checks invariants that hold whatever earlier examples did, so no state has to be restored.
"""

import json
import os
from datetime import UTC, datetime

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Invitation, Membership, Organisation, Role
from assessments.answering.answers import base_token
from assessments.answering.content import current_content_version
from assessments.answering.lifecycle import vendor_add
from assessments.models import (
    ActionItem,
    Answer,
    Assessment,
    VendorAnswer,
    VendorEvaluation,
    VendorRequest,
)
from assessments.plan.actions import action_add
from assessments.vendor_link.links import vendor_request_send
from reports.signoff import assessment_finalise
from tests.assessments.helpers import questions_of, section_post
from tests.factories import PASSWORD, make_assessment, make_membership

pytestmark = pytest.mark.database_dependent(
    "hostile values (NUL bytes, huge numbers) meet each engine's column types"
)


def _n(count):
    """max_examples, scaled by HOSTILE_SCALE (e.g. 0.1 for a quick local run)."""
    return max(1, int(count * float(os.environ.get("HOSTILE_SCALE", "1"))))


SETTINGS = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "derandomize": True,
    "database": None,
}

XSS_SCRIPT = '<script>alert("xss-h")</script>'
XSS_IMG = '"><img src=x onerror=alert(1)>'
XSS_SVG = "<svg/onload=alert(2)>"
MARKUP = [XSS_SCRIPT, XSS_IMG, XSS_SVG, "javascript:alert(3)", "</textarea><b>x</b>"]
# What must never appear verbatim in an HTML page: the payloads above, unescaped.
ECHOES = ['<script>alert("xss-h")', "<img src=x onerror=", "<svg/onload=", "</textarea><b>"]

SPECIAL = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x07\x1b[31m",
    "\u202eevil\u202c",
    "\u200f\u05e9\u05dc\u05d5\u05dd",
    "\u0645\u0631\u062d\u0628\u0627",
    "\U0001f600\U0001f469\u200d\U0001f469\u200d\U0001f467",
    "\ufeff",
    "\r\n\t",
    "%00",
    "' OR 1=1 --",
    "../../etc/passwd",
    "null",
    "true",
    "[]",
    "{}",
    "-1",
    "0",
    "\u00b2",
    "\u0661",
    "99999999999999999999",
    "1e309",
    "NaN",
    "2027-02-30",
    "9999-12-31",
    "0000-00-00",
    "a" * 2001,
    *MARKUP,
]

texts = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(max_size=40),
    st.text(st.characters(codec="utf-8"), max_size=20),
    st.builds(
        lambda a, b, c: a + b + c, st.text(max_size=5), st.sampled_from(MARKUP), st.text(max_size=5)
    ),
    st.integers().map(str),
)
values = st.one_of(texts, st.lists(texts, min_size=0, max_size=3))
field_names = st.one_of(
    st.sampled_from(["pk", "id", "organisation", "vendor", "assessment", "csrfmiddlewaretoken"]),
    st.text(min_size=1, max_size=12),
)


def _snapshot_of(organisation) -> dict:
    """Every row of another organisation that must never change."""
    org = organisation.pk
    return {
        "organisation": list(Organisation.objects.filter(pk=org).values()),
        "assessments": list(Assessment.objects.filter(organisation=org).order_by("pk").values()),
        "answers": list(
            Answer.objects.filter(assessment__organisation=org).order_by("pk").values()
        ),
        "vendors": list(
            VendorEvaluation.objects.filter(assessment__organisation=org).order_by("pk").values()
        ),
        "actions": list(
            ActionItem.objects.filter(assessment__organisation=org).order_by("pk").values()
        ),
        "memberships": list(Membership.objects.filter(organisation=org).order_by("pk").values()),
        "invitations": list(Invitation.objects.filter(organisation=org).order_by("pk").values()),
        "vendor_requests": list(
            VendorRequest.objects.filter(vendor__assessment__organisation=org)
            .order_by("pk")
            .values()
        ),
        "vendor_answers": list(
            VendorAnswer.objects.filter(request__vendor__assessment__organisation=org)
            .order_by("pk")
            .values()
        ),
    }


def _vendor_link(vendor, director, *, enforce_csrf=False) -> tuple[VendorRequest, Client]:
    """A link for this vendor, and an anonymous browser that opened it (as the vendor does)."""
    tokens = []
    link = vendor_request_send(
        vendor=vendor,
        email="sales@vendor.example",
        language="en",
        message="",
        days=14,
        by=director.user,
        link_url=lambda token, language: (
            tokens.append(token) or f"/{language}/vendor/open/{token}/"
        ),
    )
    browser = Client(enforce_csrf_checks=enforce_csrf)
    assert browser.get(f"/en/vendor/open/{tokens[0]}/").status_code == 302
    return link, browser


class World:
    """Our organisation (a director's signed-in client) and theirs, with rows of every kind."""

    def __init__(self, *, enforce_csrf=False):
        ours = make_membership(role=Role.DIRECTOR)
        self.me = ours
        self.staff = make_membership(organisation=ours.organisation, role=Role.STAFF)
        self.draft = make_assessment(organisation=ours.organisation, name="Ours")
        self.vendor = vendor_add(assessment=self.draft, name="Our vendor")
        self.action = action_add(assessment=self.draft, description="Our action")
        self.closing = make_assessment(organisation=ours.organisation, name="To finalize")
        self.final = make_assessment(organisation=ours.organisation, name="Final")
        self.quick = make_assessment(organisation=ours.organisation, name="Quick", kind="quick")
        assessment_finalise(assessment=self.final, by=ours.user)

        theirs = make_membership(role=Role.DIRECTOR)
        self.them = theirs
        self.their_staff = make_membership(organisation=theirs.organisation, role=Role.STAFF)
        self.their_assessment = make_assessment(organisation=theirs.organisation, name="Theirs")
        self.their_vendor = vendor_add(assessment=self.their_assessment, name="Their vendor")
        self.their_action = action_add(assessment=self.their_assessment, description="Theirs")
        self.their_final = make_assessment(organisation=theirs.organisation, name="Their final")
        self.their_quick = make_assessment(
            organisation=theirs.organisation, name="Their quick", kind="quick"
        )
        self.their_invitation = Invitation.objects.create(
            organisation=theirs.organisation,
            email="invited@example.org",
            token_hash="f" * 64,
            expires_at=datetime(2099, 1, 1, tzinfo=UTC),
        )
        their_client = Client()
        their_client.force_login(theirs.user)
        questions = questions_of("readiness", "purpose")
        response = their_client.post(
            f"/en/assessments/{self.their_assessment.pk}/readiness/purpose/",
            section_post(
                self.their_assessment,
                questions,
                {"q-purpose-goals-written": "yes", "n-purpose-goals-written": "Their note"},
            ),
        )
        assert response.status_code == 302, response.status_code
        assessment_finalise(assessment=self.their_final, by=theirs.user)
        assert Answer.objects.filter(assessment=self.their_assessment).exists()
        self.their_link, their_browser = _vendor_link(self.their_vendor, theirs)
        self.link, self.vendor_browser = _vendor_link(self.vendor, ours, enforce_csrf=enforce_csrf)
        self.snapshot = _snapshot_of(theirs.organisation)

        self.client = Client(enforce_csrf_checks=enforce_csrf)
        self.client.force_login(ours.user)
        self.anonymous = Client(enforce_csrf_checks=enforce_csrf)
        self.questions = questions
        self.version = current_content_version().number

    def ids(self):
        """Ids worth forging: ours, theirs, absent, and not numbers at all."""
        return st.one_of(
            st.sampled_from(
                [
                    self.draft.pk,
                    self.vendor.pk,
                    self.action.pk,
                    self.their_assessment.pk,
                    self.their_vendor.pk,
                    self.their_action.pk,
                    self.their_final.pk,
                    self.quick.pk,
                    self.their_quick.pk,
                    self.them.organisation.pk,
                    self.them.pk,
                    self.their_staff.pk,
                    self.their_invitation.pk,
                    self.link.pk,
                    self.their_link.pk,
                    0,
                    2**31,
                    2**63,
                ]
            ).map(str),
            texts,
        )

    def check(self, response, sent) -> None:
        assert response.status_code < 500, (response.status_code, sent)
        content_type = response.get("Content-Type", "")
        if content_type.startswith("text/html") and not response.streaming:
            html = response.content.decode("utf-8", "replace")
            for echo in ECHOES:
                assert echo not in html, (echo, sent)
        assert _snapshot_of(self.them.organisation) == self.snapshot, sent


@pytest.fixture
def world(db, settings):
    # Thousands of examples from one client: the vendor pages' hourly limits are tested apart.
    settings.TOOLKIT_VENDOR_LINK_PER_HOUR = settings.TOOLKIT_VENDOR_CLIENT_PER_HOUR = 10**9
    return World()


def _tokens():
    return st.one_of(
        st.sampled_from(
            ["", "0:", "1:0000000000000000", "0:" + "z" * 16, "99999999999999999999:abc"]
        ),
        st.builds(lambda v, f: f"{v}:{f}", st.integers(-5, 10**20), st.text(max_size=17)),
        texts,
    )


def _versions():
    return st.one_of(st.integers(-(2**70), 2**70).map(str), texts)


def endpoints(w: World):
    """(name, client, url, typical fields) for every form and JSON endpoint."""
    a, final, v, item = w.draft.pk, w.final.pk, w.vendor.pk, w.action.pk
    their, their_v, their_item = w.their_assessment.pk, w.their_vendor.pk, w.their_action.pk
    keys = [q.key for q in w.questions]
    section_fields = [f"q-{k}" for k in keys] + [f"n-{k}" for k in keys] + [f"b-{k}" for k in keys]
    section_fields.append("content_version")
    autosave_fields = ["worksheet", "section", "question", "vendor", *section_fields]
    action_fields = [f"action-{item}-{f}" for f in ("description", "owner", "due_on", "status")]
    their_action_fields = [f"action-{their_item}-{f}" for f in ("description", "status")]
    c, anon, vendor = w.client, w.anonymous, w.vendor_browser
    link, their_link = w.link.pk, w.their_link.pk
    vendor_keys = ["vendor-encryption", "vendor-can-read-content"]
    vendor_fields = [f"{p}-{k}" for k in vendor_keys for p in ("q", "n", "b")]
    vendor_fields += ["content_version", "continue", "save"]
    quick, their_quick = w.quick.pk, w.their_quick.pk
    quick_keys = ["devices-personal-use", "platform-survivor-account", "reassess-when"]
    quick_fields = [f"{p}-{k}" for k in quick_keys for p in ("q", "n", "b")]
    quick_fields += ["content_version", "continue", "save"]
    return [
        ("quick", c, f"/en/assessments/{quick}/quick/", quick_fields),
        ("quick-start", c, "/es/assessments/quick/new/", ["name", "channels"]),
        ("quick-grow", c, f"/en/assessments/{quick}/quick/continue/", []),
        ("their-quick", c, f"/en/assessments/{their_quick}/quick/", quick_fields),
        ("their-quick-grow", c, f"/en/assessments/{their_quick}/quick/continue/", []),
        ("vendor-link-section", vendor, f"/en/vendor/{link}/vendor/encryption/", vendor_fields),
        (
            "vendor-link-autosave",
            vendor,
            f"/es/vendor/{link}/autosave/",
            ["worksheet", "section", "question", *vendor_fields],
        ),
        ("vendor-link-submit", vendor, f"/en/vendor/{link}/submit/", []),
        (
            "their-vendor-link-section",
            vendor,
            f"/en/vendor/{their_link}/vendor/encryption/",
            vendor_fields,
        ),
        ("their-vendor-link-submit", vendor, f"/en/vendor/{their_link}/submit/", []),
        (
            "vendor-ask",
            c,
            f"/en/assessments/{a}/vendors/{v}/ask/",
            ["email", "language", "days", "message"],
        ),
        (
            "their-vendor-ask",
            c,
            f"/en/assessments/{a}/vendors/{their_v}/ask/",
            ["email", "language", "days", "message"],
        ),
        ("vendor-review", c, f"/en/assessments/{a}/vendors/{v}/review/", ["r-vendor-encryption"]),
        ("their-vendor-review", c, f"/en/assessments/{their}/vendors/{their_v}/review/", []),
        (
            "their-vendor-withdraw",
            c,
            f"/en/assessments/{a}/vendor-links/{w.their_link.pk}/withdraw/",
            [],
        ),
        ("section", c, f"/en/assessments/{a}/readiness/purpose/", [*section_fields, "continue"]),
        ("section-es", c, f"/es/assessments/{a}/readiness/staffing/", ["content_version"]),
        (
            "vendor-section",
            c,
            f"/en/assessments/{a}/vendors/{v}/vendor/product-features/",
            ["content_version"],
        ),
        ("their-section", c, f"/en/assessments/{their}/readiness/purpose/", section_fields),
        (
            "their-vendor-section",
            c,
            f"/en/assessments/{a}/vendors/{their_v}/vendor/product-features/",
            ["content_version"],
        ),
        ("autosave", c, f"/en/assessments/{a}/autosave/", autosave_fields),
        ("their-autosave", c, f"/en/assessments/{their}/autosave/", autosave_fields),
        ("vendor-add", c, f"/en/assessments/{a}/vendors/", ["name"]),
        ("their-vendor-add", c, f"/en/assessments/{their}/vendors/", ["name"]),
        ("create", c, "/en/assessments/new/", ["name", "channels", "report_language"]),
        (
            "action-add",
            c,
            f"/en/assessments/{a}/add-action/",
            ["new-description", "new-owner", "new-due_on"],
        ),
        ("their-action-add", c, f"/en/assessments/{their}/add-action/", ["new-description"]),
        (
            "action-update",
            c,
            f"/en/assessments/{a}/actions/{item}/change/",
            ["form", f"done-{item}-status", *action_fields],
        ),
        (
            "their-action-update",
            c,
            f"/en/assessments/{a}/actions/{their_item}/change/",
            ["form", *their_action_fields],
        ),
        (
            "their-action-update-2",
            c,
            f"/en/assessments/{their}/actions/{their_item}/change/",
            ["form", *their_action_fields],
        ),
        ("action-move", c, f"/en/assessments/{a}/actions/{item}/move/", ["direction"]),
        ("their-action-move", c, f"/en/assessments/{a}/actions/{their_item}/move/", ["direction"]),
        ("action-refresh", c, f"/en/assessments/{a}/update-actions/", []),
        ("their-action-refresh", c, f"/en/assessments/{their}/update-actions/", []),
        (
            "finalise",
            c,
            f"/en/assessments/{w.closing.pk}/finalize/",
            ["include_names", "reassess_by", "confirm"],
        ),
        ("their-finalise", c, f"/en/assessments/{their}/finalize/", ["confirm"]),
        ("report-pdf", c, f"/en/assessments/{final}/report.pdf", ["paper"]),
        ("their-report-pdf", c, f"/en/assessments/{w.their_final.pk}/report.pdf", ["paper"]),
        ("their-delete", c, f"/en/assessments/{their}/delete/", []),
        ("their-reassess", c, f"/en/assessments/{w.their_final.pk}/reassess/", []),
        ("import", c, "/en/assessments/import/", ["text"]),
        ("members", c, "/en/organisation/members/", ["email", "role"]),
        ("member-role", c, f"/en/organisation/members/{w.staff.pk}/role/", ["role"]),
        ("their-member-role", c, f"/en/organisation/members/{w.their_staff.pk}/role/", ["role"]),
        ("their-member-remove", c, f"/en/organisation/members/{w.their_staff.pk}/remove/", []),
        (
            "their-invitation-revoke",
            c,
            f"/en/organisation/invitations/{w.their_invitation.pk}/withdraw/",
            [],
        ),
        ("chooser", c, "/en/organisations/", ["organisation", "next"]),
        ("organisation-data", c, "/en/organisation/data/", ["name"]),
        ("signup", anon, "/en/sign-up/", ["organisation_name", "email"]),
        ("signup-confirm", anon, "/en/sign-up/forged-token/", ["password1", "password2"]),
        ("invitation", anon, "/en/invitations/forged-token/", ["password1", "password2"]),
        ("sign-in", anon, "/en/sign-in/", ["username", "password", "next"]),
        ("password-reset", anon, "/en/password/reset/", ["email"]),
        (
            "password-change",
            c,
            "/en/password/change/",
            ["old_password", "new_password1", "new_password2"],
        ),
    ]


@st.composite
def hostile_post(draw, w: World, theirs: bool | None = None):
    """A POST to one endpoint (only those at another organisation's ids, or only ours)."""
    choices = [e for e in endpoints(w) if theirs is None or e[0].startswith("their-") == theirs]
    name, client, url, fields = draw(st.sampled_from(choices))
    data = {}
    for field in fields:
        if draw(st.booleans()):
            data[field] = draw(st.one_of(values, w.ids(), _tokens()))
    for _ in range(draw(st.integers(0, 2))):
        data[draw(field_names)] = draw(values)
    return name, client, url, data


@settings(max_examples=_n(1400), **SETTINGS)
@given(st.data())
def test_hostile_posts_to_every_form(world, data):
    name, client, url, payload = data.draw(hostile_post(world, theirs=False))
    world.check(client.post(url, payload), (name, payload))


@settings(max_examples=_n(3000), **SETTINGS)
@given(st.data())
def test_forged_ids_of_another_organisation_are_404(world, data):
    name, client, url, payload = data.draw(hostile_post(world, theirs=True))
    response = client.post(url, payload)
    world.check(response, (name, payload))
    assert response.status_code == 404, (name, response.status_code)


@settings(max_examples=_n(400), **SETTINGS)
@given(
    question=st.sampled_from(
        ["purpose-goals-written", "purpose-community-support", "purpose-what-it-adds"]
    ),
    base=_tokens(),
    version=_versions(),
    value=values,
    note=values,
    forged_vendor=st.one_of(st.none(), st.sampled_from(["their", "ours", "x", "\u00b2", "-1"])),
    via_autosave=st.booleans(),
)
def test_forged_base_tokens_and_content_versions(
    world, question, base, version, value, note, forged_vendor, via_autosave
):
    payload = {
        "content_version": version,
        f"q-{question}": value,
        f"n-{question}": note,
        f"b-{question}": base,
    }
    if via_autosave:
        payload.update(worksheet="readiness", section="purpose", question=question)
        if forged_vendor:
            payload["vendor"] = {
                "their": str(world.their_vendor.pk),
                "ours": str(world.vendor.pk),
            }.get(forged_vendor, forged_vendor)
        url = f"/en/assessments/{world.draft.pk}/autosave/"
    else:
        url = f"/en/assessments/{world.draft.pk}/readiness/purpose/"
    response = world.client.post(url, payload)
    world.check(response, payload)


@settings(max_examples=_n(200), **SETTINGS)
@given(
    paths=st.lists(st.integers(0, 10**6), min_size=1, max_size=4), value=values, raw=st.booleans()
)
def test_pasting_a_tampered_export(world, paths, value, raw):
    """A real export with some of its values (ids, keys, texts) replaced, pasted in."""
    if not hasattr(world, "export"):
        response = world.client.get(f"/en/assessments/{world.draft.pk}/export.json")
        world.export = json.loads(response.content)
        world.leaves = list(_leaves(world.export))
    document = json.loads(json.dumps(world.export))
    for index in paths:
        path = world.leaves[index % len(world.leaves)]
        _replace(document, path, value if not raw else _json_value(value))
    text = json.dumps(document, ensure_ascii=False)
    response = world.client.post("/en/assessments/import/", {"text": text})
    world.check(response, text[:500])


def _json_value(value):
    if isinstance(value, list):
        return {"forged": value}
    digits = value.lstrip("-")
    return int(value) if digits.isascii() and digits.isdigit() and len(value) < 30 else value


def _leaves(node, path=()):
    if isinstance(node, dict):
        for key, child in node.items():
            yield from _leaves(child, (*path, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _leaves(child, (*path, index))
    yield path


def _replace(document, path, value):
    if not path:
        return
    node = document
    try:  # an earlier replacement may have removed this path: then leave it
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value
    except (KeyError, IndexError, TypeError):
        pass


@settings(max_examples=_n(40), **SETTINGS)
@given(
    data=st.data(),
    size=st.integers(400 * 1024, 600 * 1024),
    character=st.sampled_from(["A", "<", "\u00e9", "\U0001f600", "%"]),
)
def test_huge_bodies(world, data, size, character):
    """Bodies near and over the 512 KB limit are refused or handled, never a server error."""
    name, client, url, fields = data.draw(st.sampled_from(endpoints(world)))
    field = data.draw(st.sampled_from(fields or ["text"]))
    payload = {field: character * (size // len(character.encode()))}
    response = client.post(url, payload)
    world.check(response, (name, field, size))


@pytest.fixture
def csrf_world(db):
    return World(enforce_csrf=True)


@settings(max_examples=_n(5000), **SETTINGS)
@given(data=st.data(), token=st.one_of(st.none(), st.sampled_from(["", "x" * 64, "wrong"]), texts))
def test_posts_without_a_valid_csrf_token_are_refused(csrf_world, data, token):
    name, client, url, payload = data.draw(hostile_post(csrf_world))
    payload = dict(payload)
    payload.pop("csrfmiddlewaretoken", None)
    if token is not None:
        payload["csrfmiddlewaretoken"] = token
    response = client.post(url, payload)
    csrf_world.check(response, (name, payload))
    assert response.status_code == 403, (name, response.status_code)


@pytest.mark.django_db
def test_the_world_is_what_the_properties_assume(db):
    w = World()
    assert w.client.get(f"/en/assessments/{w.draft.pk}/").status_code == 200
    response = w.client.post(
        f"/en/assessments/{w.draft.pk}/readiness/purpose/",
        section_post(w.draft, w.questions, {"q-purpose-goals-written": "yes"}),
    )
    assert response.status_code == 302
    assert Answer.objects.filter(assessment=w.draft).count() == 1
    assert base_token(None).startswith("0:")
    assert (
        w.anonymous.post(
            "/en/sign-in/", {"username": w.me.user.email, "password": PASSWORD}
        ).status_code
        == 302
    )
