"""A quick check grows into the full assessment: every quick answer already in place."""

from django.db import transaction
from django.utils.translation import gettext as _

from assessments.answering.content import current_content_version
from assessments.models import Answer, Assessment, AssessmentKind, Channel


@transaction.atomic
def quick_grow(*, quick: Assessment, by) -> tuple[Assessment, bool]:
    """The full assessment this quick check grew into, started now if there is none yet (True).

    The quick check stays as it is, readable with its plan; its answers are copied, not moved,
    and count as answered in the full assessment (nothing to type or confirm twice).
    """
    quick = Assessment.objects.select_for_update().get(pk=quick.pk, kind=AssessmentKind.QUICK)
    existing = quick.grown_into.order_by("-created_at").first()
    if existing is not None:
        return existing, False
    full = Assessment.objects.create(
        organisation=quick.organisation,
        name=(_("%(name)s: full assessment") % {"name": quick.name})[:200],
        report_language=quick.report_language,
        created_by=by,
        content_version=current_content_version(),
        grown_from=quick,
        **{f"consider_{c}": getattr(quick, f"consider_{c}") for c in Channel.values},
    )
    Answer.objects.bulk_create(
        Answer(
            assessment=full,
            question_id=answer.question_id,
            selected=answer.selected,
            number=answer.number,
            text=answer.text,
            note=answer.note,
            question_revision=answer.question_revision,
            content_version=full.content_version,
            updated_by_id=answer.updated_by_id,
        )
        for answer in quick.answers.filter(vendor=None)
    )
    return full, True
