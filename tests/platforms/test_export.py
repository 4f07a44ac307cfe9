import csv
import io
import json
from pathlib import Path

import yaml
from django.conf import settings
from django.test import Client

from platforms.export import CSV_HEADER
from platforms.models import Criterion, PlatformFact
from tests.factories import make_platform


def shipped_platforms() -> list[dict]:
    return yaml.safe_load((Path(settings.BASE_DIR) / "content" / "platforms.yaml").read_text())[
        "platforms"
    ]


def test_json_export_round_trips_the_shipped_chart(content):
    response = Client().get("/en/platforms/export.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert 'filename="platforms.json"' in response["Content-Disposition"]
    data = json.loads(response.content)
    assert "does not endorse any product" in data["notice"]
    assert data["risky_when_yes"] == [
        "survivor_account",
        "survivor_download",
        "vendor_reads_content",
        "device_history",
        "third_party_tracking",
        "session_recording",
    ]
    exported = {p["slug"]: p for p in data["platforms"]}
    for shipped in shipped_platforms():
        platform = exported[shipped["slug"]]
        for key in ("name", "website", "status", "description"):
            assert platform[key] == shipped[key], (shipped["slug"], key)
        assert sorted(platform["channels"]) == sorted(shipped["channels"])
        facts = {(f["criterion"], f.get("channel", "")): f for f in platform["facts"]}
        assert len(facts) == len(shipped["facts"]) >= len(Criterion)
        for fact in shipped["facts"]:
            key = (fact["criterion"], fact.get("channel", ""))
            assert facts[key] == {**fact, "reviewed": fact["reviewed"].isoformat()}


def test_json_export_reproduces_the_database_facts(db):
    make_platform(name="Alpha", facts={Criterion.OPEN_SOURCE: "yes"})
    data = json.loads(Client().get("/es/platforms/export.json").content)
    rows = {
        (p["slug"], f["criterion"], f.get("channel", "")): (
            f["value"],
            f["note"]["en"],
            f["note"]["es"],
            f["source"],
            f["reviewed"],
        )
        for p in data["platforms"]
        for f in p["facts"]
    }
    in_db = {
        (f.platform.slug, f.criterion, f.channel): (
            f.value,
            f.note_en,
            f.note_es,
            f.source,
            f.reviewed_on.isoformat(),
        )
        for f in PlatformFact.objects.select_related("platform")
    }
    assert rows == in_db


def test_csv_export_has_one_row_per_platform_and_criterion(content):
    response = Client().get("/es/platforms/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="platforms.csv"' in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode())  # spreadsheets read it as UTF-8
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0]) == CSV_HEADER
    assert len(rows) == PlatformFact.objects.count() == 5 * len(Criterion) + 13
    in_db = {
        (f.platform.slug, f.criterion, f.channel): f
        for f in PlatformFact.objects.select_related("platform")
    }
    for row in rows:
        fact = in_db.pop((row["platform"], row["criterion"], row["channel"]))
        assert (row["value"], row["note_en"], row["note_es"], row["source"], row["reviewed"]) == (
            fact.value,
            fact.note_en,
            fact.note_es,
            fact.source,
            fact.reviewed_on.isoformat(),
        )
    assert in_db == {}
    jitsi = next(row for row in rows if row["platform"] == "jitsi-meet")
    assert jitsi["channels"] == "video audio group_video in_call_chat"
    sms = next(r for r in rows if r["platform"] == "resourceconnect" and r["channel"] == "sms")
    assert (sms["criterion"], sms["value"]) == ("e2e_encryption", "no")
    assert (
        next(r for r in rows if r["criterion"] == "survivor_account")["criterion_label"]
        == "La persona sobreviviente debe crear una cuenta"
    )


def test_csv_cells_cannot_become_spreadsheet_formulas(db):
    platform = make_platform()
    platform.facts.filter(criterion=Criterion.LANGUAGES).update(note_en='=HYPERLINK("https://x")')
    text = Client().get("/en/platforms/export.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ',"=HYPERLINK' not in text
