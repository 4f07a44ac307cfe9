"""An organization's data: everything of it in one ZIP, and deleting all of it.

Deleting removes its assessments (with their stored PDFs), memberships, invitations, the
organization itself, and the accounts of people who belong nowhere else, the deleting director's
included. Site admins keep their accounts. The change history records the deletion by number
only, under its own history account, so the record outlives the accounts deleted.
"""

import io
import json
import logging
import zipfile

from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from assessments.exchange.deletion import (
    deleted_with,
    deletion_record,
    history_keep,
    history_redact,
    history_redact_assessments,
    stored_files_delete_on_commit,
    stored_files_of,
)
from assessments.exchange.exports import assessment_json

from .models import Invitation, Membership, Organisation, User

logger = logging.getLogger(__name__)


def organisation_archive(*, organisation: Organisation) -> bytes:
    """One ZIP: assessment-<id>.json for each assessment, and each stored report PDF."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for assessment in organisation.assessments.order_by("pk"):
            data = json.dumps(
                assessment_json(assessment=assessment),
                cls=DjangoJSONEncoder,
                ensure_ascii=False,
                indent=2,
            )
            archive.writestr(f"assessment-{assessment.pk}.json", data)
            for report in assessment.report_files.exclude(file="").order_by("paper"):
                _archive_file(
                    archive,
                    report.file.name,
                    f"assessment-{assessment.pk}-report-{report.paper}.pdf",
                )
    return buffer.getvalue()


def _archive_file(archive: zipfile.ZipFile, name: str, arcname: str) -> None:
    try:
        with default_storage.open(name, "rb") as stored:
            archive.writestr(arcname, stored.read())
    except FileNotFoundError:  # a lost file must not stop the rest of the download
        logger.warning("Stored file %s is missing from the archive", name)


def _accounts_leaving(organisation: Organisation) -> list[User]:
    """Members who belong to no other organization; site admins always keep their account."""
    return list(
        User.objects.filter(memberships__organisation=organisation, is_staff=False).exclude(
            memberships__in=Membership.objects.exclude(organisation=organisation)
        )
    )


@transaction.atomic
def organisation_delete(*, organisation: Organisation, by: User) -> set[int]:
    """Delete all of the organization's data; return the ids of the accounts deleted with it."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    assessments = list(organisation.assessments.values_list("pk", flat=True))
    files = stored_files_of(assessments)
    leaving = _accounts_leaving(organisation)
    history_redact_assessments(assessments)
    history_redact(Membership, organisation.memberships.values_list("pk", flat=True))
    history_redact(Invitation, organisation.invitations.values_list("pk", flat=True))
    history_redact(User, [user.pk for user in leaving])
    history_redact(Organisation, [organisation.pk])
    for model, path in deleted_with(Organisation):  # a coalition membership, among others
        if model not in (Membership, Invitation):
            history_redact(
                model, model.objects.filter(**{path: organisation.pk}).values_list("pk", flat=True)
            )
    pk = organisation.pk
    organisation.delete()  # cascades to assessments, memberships and invitations
    history_keep(leaving)
    User.objects.filter(pk__in=[u.pk for u in leaving]).delete()
    deletion_record(model=Organisation, pk=pk, object_repr=f"Organization #{pk}", by=by)
    stored_files_delete_on_commit(files)
    return {u.pk for u in leaving}
