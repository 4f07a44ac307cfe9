"""Deleting an assessment with everything of it, its stored PDFs included.

The change history (the admin's LogEntry list) records each deletion by number only, and
earlier entries about what is deleted lose their names, so no deleted content stays behind.

What belongs to an assessment is found from the models themselves: every model with a foreign
key to Assessment, in any app (the reports app's snapshots and PDFs among them), has its history
redacted and its stored files removed. So an app added later is covered without a change here,
and this app never imports the apps built on it.
"""

import logging
from collections.abc import Iterable
from functools import partial

from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models.functions import Concat

from assessments.models import Assessment, newest_signed_off_refresh

DELETED_BY_A_DIRECTOR = "Deleted by a director"
# The change history needs an account for each entry and loses its entries with that account
# (Django deletes a LogEntry with its user), so deletions are recorded under this one: inactive,
# with no password, a member of nothing. Site admins should leave it in place.
HISTORY_ACCOUNT_EMAIL = "change-history@toolkit.invalid"

logger = logging.getLogger(__name__)


def _belonging() -> list[tuple[type[models.Model], str]]:
    """Each model that belongs to an assessment, with the name of its field pointing at it."""
    return [
        (relation.related_model, relation.field.name)
        for relation in Assessment._meta.related_objects
        if relation.on_delete is models.CASCADE
    ]


def stored_files_of(assessments) -> list[str]:
    """Names in default_storage of the files kept for these assessments (a queryset or ids)."""
    names = []
    for model, field in _belonging():
        for file_field in (f for f in model._meta.fields if isinstance(f, models.FileField)):
            names += (
                model.objects.filter(**{f"{field}__in": assessments})
                .exclude(**{file_field.name: ""})
                .values_list(file_field.name, flat=True)
            )
    return names


def stored_files_delete_on_commit(names: Iterable[str]) -> None:
    """Remove the files once the deletion is committed: a rollback keeps them."""
    transaction.on_commit(partial(_stored_files_delete, list(names)))


def _stored_files_delete(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except Exception:  # one file left behind must not keep the others
            logger.exception("Stored file %s could not be deleted", name)


def history_redact(model: type[models.Model], pks: Iterable) -> None:
    """Earlier change-history entries about these objects keep their number, not their content."""
    ids = [str(pk) for pk in pks]
    if not ids:
        return
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=ids
    ).update(
        object_repr=Concat(
            models.Value(f"{model._meta.object_name} #"),
            "object_id",
            output_field=models.CharField(),
        ),
        change_message="",
    )


def deleted_with(model, lookup: str = "", depth: int = 3) -> list[tuple[type[models.Model], str]]:
    """Each model deleted with `model` (cascading, a few levels down), with the lookup from it
    to `model`'s id (from an assessment to a vendor's link: "vendor__assessment")."""
    found = []
    for relation in model._meta.related_objects:
        if relation.on_delete is models.CASCADE and depth > 0:
            path = f"{relation.field.name}__{lookup}" if lookup else relation.field.name
            found.append((relation.related_model, path))
            found += deleted_with(relation.related_model, path, depth - 1)
    return found


def history_redact_assessments(assessment_ids: list[int]) -> None:
    history_redact(Assessment, assessment_ids)
    for model, path in deleted_with(Assessment):
        pks = model.objects.filter(**{f"{path}__in": assessment_ids}).values_list("pk", flat=True)
        history_redact(model, pks)


def history_account():
    """The account deletions are recorded under, so the record outlives the people who made it."""
    account, created = get_user_model().objects.get_or_create(
        email=HISTORY_ACCOUNT_EMAIL, defaults={"is_active": False}
    )
    if created:
        account.set_unusable_password()
        account.save(update_fields=["password"])
    return account


def history_note(*, obj: models.Model, by, message: str, flag: int = CHANGE) -> LogEntry:
    """A change-history entry about `obj`, under `by` (None: no person, such as a vendor through
    its link, under the history account)."""
    return LogEntry.objects.create(
        user=by or history_account(),
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        action_flag=flag,
        change_message=message,
    )


def history_keep(users: Iterable) -> None:
    """Move these people's change-history entries to the history account before they go."""
    LogEntry.objects.filter(user__in=users).update(user=history_account())


def deletion_record(*, model: type[models.Model], pk: int, object_repr: str, by) -> LogEntry:
    """A change-history entry saying what was deleted, by number only (the account's too)."""
    return LogEntry.objects.create(
        user=history_account(),
        content_type=ContentType.objects.get_for_model(model),
        object_id=str(pk),
        object_repr=object_repr,
        action_flag=DELETION,
        change_message=f"{DELETED_BY_A_DIRECTOR} (account #{by.pk})",
    )


@transaction.atomic
def assessment_delete(*, assessment: Assessment, by) -> None:
    """Delete the assessment, everything of it and its stored PDFs; record it without content."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    files = stored_files_of([assessment.pk])
    history_redact_assessments([assessment.pk])
    object_repr = f"Assessment #{assessment.pk} of organization #{assessment.organisation_id}"
    pk, organisation_id = assessment.pk, assessment.organisation_id
    assessment.delete()
    newest_signed_off_refresh(organisation_id)  # an earlier sign-off may be the newest again
    deletion_record(model=Assessment, pk=pk, object_repr=object_repr, by=by)
    stored_files_delete_on_commit(files)
