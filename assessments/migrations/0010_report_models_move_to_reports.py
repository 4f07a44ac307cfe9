"""The report's models now belong to the reports app (its migration 0001 takes them over)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0009_assessment_list_order"),
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ReportFile"),
                migrations.DeleteModel(name="ReportSnapshot"),
            ],
            database_operations=[],
        ),
    ]
