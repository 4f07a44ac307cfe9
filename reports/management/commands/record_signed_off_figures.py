"""Keep the figures of finalized assessments signed off before the toolkit kept them."""

from django.core.management.base import BaseCommand

from assessments.models import Assessment, AssessmentStatus
from reports.figures import figures_record


class Command(BaseCommand):
    help = (
        "Record each finalized assessment's channel bands, scores and recommendation keys where "
        "they are missing (assessments signed off before the toolkit kept them). They are "
        "computed from the frozen answers with today's content."
    )

    def handle(self, *args, **options):
        missing = Assessment.objects.filter(
            status=AssessmentStatus.FINALISED, signed_off_channels__isnull=True
        ).distinct()
        count = 0
        for assessment in missing.iterator():
            figures_record(assessment=assessment)
            count += 1
        self.stdout.write(f"Figures recorded for {count} finalized assessment(s).")
