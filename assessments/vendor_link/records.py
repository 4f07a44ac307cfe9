"""A vendor's submitted answers as a record: copied into a re-assessment, written to the export.

Only submitted requests are records: what a vendor saved but never handed in is not its
statement. Neither copy nor export carries the contact's e-mail, the token or a person.
"""

import secrets

from assessments.models import VendorAnswer, VendorRequest, VendorRequestStatus

from .links import token_hash


def submitted_requests(vendors):
    """The submitted requests of these vendors, oldest first, with their answers."""
    return (
        VendorRequest.objects.filter(vendor__in=vendors, status=VendorRequestStatus.SUBMITTED)
        .select_related("vendor")
        .prefetch_related("answers__question__section__worksheet")
        .order_by("submitted_at", "pk")
    )


def statements_copy(vendors: dict) -> None:
    """Copy each submitted request of the old vendors to the new ones ({old id: new vendor}).

    The copy keeps the dates, language and the program's review; its link opens nothing (a
    fresh random hash that no token matches).
    """
    for old in submitted_requests([pk for pk in vendors if pk is not None]):
        new = VendorRequest.objects.create(
            vendor=vendors[old.vendor_id],
            email=old.email,
            language=old.language,
            message=old.message,
            token_hash=token_hash(secrets.token_urlsafe(32)),
            status=VendorRequestStatus.SUBMITTED,
            expires_at=old.expires_at,
            opened_at=old.opened_at,
            last_saved_at=old.last_saved_at,
            submitted_at=old.submitted_at,
        )
        fields = ["question_id", "selected", "number", "text", "note", "version"]
        fields += ["question_revision", "review", "review_note", "reviewed_at"]
        VendorAnswer.objects.bulk_create(
            VendorAnswer(request=new, **{f: getattr(a, f) for f in fields})
            for a in old.answers.all()
        )
