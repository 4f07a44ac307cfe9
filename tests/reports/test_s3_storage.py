"""Report PDFs in an S3-compatible bucket: stored once and privately, served only by the view.

Production keeps the PDFs in a bucket when several hosts share the site (DJANGO_S3_BUCKET,
django-storages' S3Storage). Here moto's standalone server plays the bucket: one server per
test process (pytest-xdist runs several), on a free port, with a bucket of its own that is
emptied after each test. The PDFs are rendered for real (WeasyPrint), through the views.
"""

import os
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import timedelta

import boto3
import pytest
from botocore.exceptions import ClientError
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from storages.backends.s3 import S3Storage

from assessments.exchange.deletion import assessment_delete
from assessments.models import Assessment
from reports import rendering
from reports.models import ReportFile, ReportStatus
from reports.signoff import assessment_finalise
from tests.factories import client_for, make_assessment
from tests.live_site import free_port, stop_process
from toolkit.settings import s3_storage

pytestmark = pytest.mark.database_dependent(
    "stored files follow the database transaction: a PDF is recorded when its render commits, "
    "and removed from the bucket only after the deletion of its assessment commits"
)

REGION = "us-east-1"
KEY_ID, SECRET = "testing", "testing"  # moto accepts any keys; the storage must still sign


@dataclass
class Bucket:
    endpoint: str
    name: str

    @property
    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=KEY_ID,
            aws_secret_access_key=SECRET,
            region_name=REGION,
        )

    def keys(self, prefix: str = "") -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name, Prefix=prefix)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def body(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def empty(self) -> None:
        keys = self.keys()
        if keys:
            objects = [{"Key": key} for key in keys]
            self.client.delete_objects(Bucket=self.name, Delete={"Objects": objects})


def bucket_storage(bucket: Bucket) -> dict:
    """STORAGES["default"] as toolkit/settings.py builds it from DJANGO_S3_BUCKET and the rest."""
    return s3_storage(
        bucket.name,
        endpoint_url=bucket.endpoint,
        region=REGION,
        access_key=KEY_ID,
        secret_key=SECRET,
    )


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True  # an answer all the same
    except OSError:
        return False


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """moto's S3 server in a subprocess of this test process, on a free port: its endpoint."""
    log_path = tmp_path_factory.mktemp("moto") / "moto.log"
    for _attempt in range(3):  # another process may take the free port before moto binds it
        port = free_port()
        with open(log_path, "a") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                stdout=log,
                stderr=log,
            )
        endpoint = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while process.poll() is None and not _answers(endpoint) and time.monotonic() < deadline:
            time.sleep(0.05)
        if process.poll() is None and _answers(endpoint):
            break
        stop_process(process)
    else:
        pytest.fail(f"moto's S3 server did not start:\n{log_path.read_text()[-3000:]}")
    try:
        yield endpoint
    finally:
        stop_process(process)


@pytest.fixture(scope="session")
def s3_bucket(s3_server) -> Bucket:
    """A private bucket named for this test process (S3 names: 3-63 lowercase characters)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    bucket = Bucket(s3_server, f"toolkit-test-{worker}-{secrets.token_hex(4)}")
    bucket.client.create_bucket(Bucket=bucket.name, ACL="private")
    return bucket


@pytest.fixture
def s3(s3_bucket):
    """default_storage is the bucket for this test; the bucket is emptied afterwards."""
    assert s3_bucket.keys() == [], "a test before this one left objects behind"
    with override_settings(STORAGES={**settings.STORAGES, "default": bucket_storage(s3_bucket)}):
        assert isinstance(default_storage, S3Storage)
        assert default_storage.bucket_name == s3_bucket.name
        try:
            yield s3_bucket
        finally:
            s3_bucket.empty()


@pytest.fixture
def finalized(director) -> Assessment:
    assessment = make_assessment(
        organisation=director.organisation, name="Bucket drill QZ7", channels=["text"]
    )
    assessment_finalise(assessment=assessment, by=director.user)
    return assessment


def pdf_url(assessment) -> str:
    return reverse("reports:report_pdf", args=[assessment.pk])


def ask_for_pdf(client, assessment, paper: str, capture):
    """POST as the page's form does; the immediate task backend renders after the commit."""
    with capture(execute=True):
        response = client.post(pdf_url(assessment), {"paper": paper})
    assert response.status_code == 302
    return response


def folder_of(assessment) -> str:
    return f"reports/assessment-{assessment.pk}/"


def anonymous_get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_the_storage_override_reaches_default_storage_and_is_undone(s3_bucket):
    """The premise of every test below: override_settings(STORAGES=...) swaps default_storage
    (Django resets it on setting_changed), and puts the file system back afterwards."""
    assert isinstance(default_storage, FileSystemStorage)
    with override_settings(STORAGES={**settings.STORAGES, "default": bucket_storage(s3_bucket)}):
        assert isinstance(default_storage, S3Storage)
        name = default_storage.save("probe/override.txt", ContentFile(b"in the bucket"))
        assert s3_bucket.keys() == ["probe/override.txt"]
        assert s3_bucket.body(name) == b"in the bucket"
        default_storage.delete(name)
    assert isinstance(default_storage, FileSystemStorage)
    assert str(default_storage.location) == str(settings.MEDIA_ROOT)
    assert s3_bucket.keys() == []


@pytest.mark.django_db
def test_a_finalized_reports_pdf_is_stored_once_in_the_bucket_and_privately(
    s3, finalized, director, django_capture_on_commit_callbacks
):
    ask_for_pdf(client_for(director.user), finalized, "letter", django_capture_on_commit_callbacks)

    report = ReportFile.objects.get(assessment=finalized)
    assert report.status == ReportStatus.READY
    assert s3.keys() == [report.file.name]  # one object in the whole bucket: this report's
    assert re.fullmatch(
        rf"reports/assessment-{finalized.pk}/letter-[A-Za-z0-9_-]{{16}}\.pdf", report.file.name
    )
    assert s3.body(report.file.name).startswith(b"%PDF")

    acl = s3.client.get_object_acl(Bucket=s3.name, Key=report.file.name)
    grants = [
        (g["Grantee"].get("ID"), g["Grantee"].get("URI"), g["Permission"]) for g in acl["Grants"]
    ]
    assert grants == [(acl["Owner"]["ID"], None, "FULL_CONTROL")]  # the owner, nobody else

    address = f"{s3.endpoint}/{s3.name}/{report.file.name}"
    assert anonymous_get(address) == (403, b"")
    # The same address signed is served, and a public object is served unsigned: the 403 is
    # this object's ACL, not a wrong address or a server that refuses everyone.
    signed = s3.client.generate_presigned_url(
        "get_object", Params={"Bucket": s3.name, "Key": report.file.name}
    )
    assert anonymous_get(signed) == (200, s3.body(report.file.name))
    s3.client.put_object(Bucket=s3.name, Key="control/public.txt", Body=b"open", ACL="public-read")
    assert anonymous_get(f"{s3.endpoint}/{s3.name}/control/public.txt") == (200, b"open")


@pytest.mark.django_db
def test_the_pdf_is_served_by_the_view_and_no_bucket_address_reaches_a_browser(
    s3, finalized, director, staff, other_director, django_capture_on_commit_callbacks
):
    client = client_for(director.user)
    port = s3.endpoint.rsplit(":", 1)[1]
    # What a bucket address would carry: the server, the bucket, a query-string signature
    # (SigV4 or, as django-storages signs for moto by default, SigV2).
    markers = [s3.endpoint, f"127.0.0.1:{port}", s3.name, "X-Amz-", "Signature=", "AWSAccessKeyId"]

    before = client.get(pdf_url(finalized))
    assert before.status_code == 200 and "Prepare the PDF" in before.content.decode()
    asked = ask_for_pdf(client, finalized, "letter", django_capture_on_commit_callbacks)
    assert asked["Location"] == f"{pdf_url(finalized)}?paper=letter"
    ready = client.get(pdf_url(finalized), {"paper": "letter"})
    assert "Your report is ready." in ready.content.decode()
    assert "?paper=letter&amp;download=1" in ready.content.decode()
    report_page = client.get(reverse("reports:report", args=[finalized.pk]))
    assert report_page.status_code == 200

    download = client.get(pdf_url(finalized), {"paper": "letter", "download": "1"})
    assert download.status_code == 200 and not download.has_header("Location")
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    body = b"".join(download.streaming_content)
    name = ReportFile.objects.get(assessment=finalized).file.name
    assert body.startswith(b"%PDF") and body == s3.body(name)

    # The storage would hand out such an address if asked (so the markers would find one)...
    handed_out = default_storage.url(name)
    assert s3.endpoint in handed_out and s3.name in handed_out and "Signature=" in handed_out
    # ...and no page, redirect or header the browser gets carries one.
    seen = {
        "the page before": before.content.decode(),
        "the page when ready": ready.content.decode(),
        "the report page": report_page.content.decode(),
    }
    for what, response in [
        ("the page before", before),
        ("the request for the PDF", asked),
        ("the page when ready", ready),
        ("the report page", report_page),
        ("the download", download),
    ]:
        seen[f"the headers of {what}"] = str(dict(response.headers))
    for what, text in seen.items():
        found = [marker for marker in markers if marker in text]
        assert found == [], f"{what} carries {found}"

    download_url = f"{pdf_url(finalized)}?paper=letter&download=1"
    assert client_for(staff.user).get(download_url).status_code == 403
    outsider = client_for(other_director.user)
    assert outsider.get(download_url).status_code == 404
    assert outsider.get(pdf_url(finalized), {"paper": "letter"}).status_code == 404


@pytest.mark.django_db
def test_deleting_the_assessment_removes_its_pdf_from_the_bucket_once_committed(
    s3, finalized, director, django_capture_on_commit_callbacks
):
    ask_for_pdf(client_for(director.user), finalized, "letter", django_capture_on_commit_callbacks)
    name = ReportFile.objects.get(assessment=finalized).file.name
    stored = s3.body(name)

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        assessment_delete(assessment=finalized, by=director.user)
        raise RuntimeError  # the deletion rolls back
    assert Assessment.objects.filter(pk=finalized.pk).exists()
    assert s3.keys() == [name] and s3.body(name) == stored

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(director.user).post(
            reverse("assessments:delete", args=[finalized.pk])
        )
    assert response.status_code == 302
    assert not Assessment.objects.filter(pk=finalized.pk).exists()
    assert s3.keys() == [name]  # not before the commit
    for callback in callbacks:
        callback()
    assert s3.keys() == []
    with pytest.raises(ClientError) as missing:
        s3.client.head_object(Bucket=s3.name, Key=name)
    assert missing.value.response["Error"]["Code"] == "404"


@pytest.mark.django_db
def test_a_render_whose_worker_died_after_storing_its_pdf_leaves_the_report_stored_once(
    s3, finalized, director, settings, django_capture_on_commit_callbacks
):
    """A worker killed between storing the PDF and recording it leaves an object nothing refers
    to; the retry, once its own PDF is recorded, removes it, and only it."""
    client = client_for(director.user)
    ask_for_pdf(client, finalized, "a4", django_capture_on_commit_callbacks)
    a4 = ReportFile.objects.get(assessment=finalized, paper="a4").file.name
    a4_stored = s3.body(a4)

    # The killed render: its report still "being prepared", long past the stale time, and its
    # PDF stored under the name a render gives.
    report = ReportFile.objects.create(
        assessment=finalized, paper="letter", requested_by=director.user
    )
    ReportFile.objects.filter(pk=report.pk).update(
        updated_at=timezone.now() - timedelta(minutes=settings.TOOLKIT_REPORT_STALE_MINUTES + 1)
    )
    orphan = default_storage.save(rendering._file_name(report), ContentFile(b"%PDF-1.7 orphan"))
    assert orphan.startswith(f"{folder_of(finalized)}letter-")
    # Beside it, objects the clean-up must not touch: an old-style name of this assessment (no
    # folder) and the folder of another assessment whose number starts with this one's.
    old_style = default_storage.save(
        f"reports/assessment-{finalized.pk}-letter-oldstyle.pdf", ContentFile(b"%PDF-1.7 old")
    )
    neighbour = default_storage.save(
        f"reports/assessment-{finalized.pk}0/letter-neighbour.pdf", ContentFile(b"%PDF-1.7 n")
    )
    assert s3.keys(folder_of(finalized)) == sorted([a4, orphan])

    page = client.get(pdf_url(finalized), {"paper": "letter"}).content.decode()
    assert "The report could not be prepared." in page  # stale: offered again
    ask_for_pdf(client, finalized, "letter", django_capture_on_commit_callbacks)

    report.refresh_from_db()
    assert report.status == ReportStatus.READY and report.file.name != orphan
    letters = s3.keys(f"{folder_of(finalized)}letter-")
    assert letters == [report.file.name]  # stored once: the object the database names
    assert s3.keys() == sorted([a4, report.file.name, old_style, neighbour])
    assert s3.body(a4) == a4_stored
    download = client.get(pdf_url(finalized), {"paper": "letter", "download": "1"})
    body = b"".join(download.streaming_content)
    assert body.startswith(b"%PDF") and body == s3.body(report.file.name)


@pytest.mark.django_db
def test_a_pdf_stored_under_an_old_style_name_is_still_served_and_deleted(
    s3, finalized, director, django_capture_on_commit_callbacks
):
    """PDFs stored before the per-assessment folders keep the name the database gives them."""
    old = default_storage.save(
        f"reports/assessment-{finalized.pk}-letter-{secrets.token_urlsafe(12)}.pdf",
        ContentFile(b"%PDF-1.7 stored before the folders"),
    )
    ReportFile.objects.create(
        assessment=finalized, paper="letter", status=ReportStatus.READY, file=old
    )
    client = client_for(director.user)
    download = client.get(pdf_url(finalized), {"paper": "letter", "download": "1"})
    assert b"".join(download.streaming_content) == b"%PDF-1.7 stored before the folders"

    ask_for_pdf(client, finalized, "a4", django_capture_on_commit_callbacks)
    a4 = ReportFile.objects.get(assessment=finalized, paper="a4").file.name
    assert a4.startswith(f"{folder_of(finalized)}a4-")
    assert s3.keys() == sorted([old, a4])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("assessments:delete", args=[finalized.pk]))
    assert s3.keys() == []


@pytest.mark.django_db
def test_a_clean_up_that_fails_is_logged_and_the_report_is_kept_all_the_same(
    s3, finalized, director, monkeypatch, caplog
):
    """Credentials that may read and write objects but not list the bucket (no s3:ListBucket)
    cost the clean-up, never the report."""

    def refused(self, path):
        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "Access Denied"}}, "List")

    monkeypatch.setattr(S3Storage, "listdir", refused)
    report = ReportFile.objects.create(assessment=finalized, paper="letter")
    orphan = default_storage.save(rendering._file_name(report), ContentFile(b"%PDF-1.7 orphan"))

    rendering.report_render(report_file_id=report.pk)

    report.refresh_from_db()
    assert report.status == ReportStatus.READY
    assert s3.keys() == sorted([orphan, report.file.name])  # the orphan stays, nothing else
    [record] = [r for r in caplog.records if r.name == "reports.rendering"]
    assert record.levelname == "ERROR" and record.exc_info[0] is ClientError
    download = client_for(director.user).get(pdf_url(finalized), {"download": "1"})
    assert b"".join(download.streaming_content) == s3.body(report.file.name)
