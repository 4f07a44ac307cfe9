"""The report's two models move here from the assessments app, rows and history kept.

The models are taken over in Django's state only (their tables already exist), then their tables
take this app's names, and their content types follow, so permissions and change-history entries
keep pointing at them. On a new database the same steps create the tables from scratch.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("reportsnapshot", "reportfile")


def content_types_follow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        ContentType.objects.using(schema_editor.connection.alias).filter(
            app_label="assessments", model=model
        ).update(app_label="reports")


def content_types_return(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        ContentType.objects.using(schema_editor.connection.alias).filter(
            app_label="reports", model=model
        ).update(app_label="assessments")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("assessments", "0009_assessment_list_order"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ReportSnapshot",
                    fields=[
                        (
                            "assessment",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                primary_key=True,
                                related_name="snapshot",
                                serialize=False,
                                to="assessments.assessment",
                            ),
                        ),
                        ("data", models.JSONField(verbose_name="report content")),
                        (
                            "include_names",
                            models.BooleanField(default=False, verbose_name="names included"),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="taken"),
                        ),
                    ],
                    options={
                        "verbose_name": "report snapshot",
                        "verbose_name_plural": "report snapshots",
                        "db_table": "assessments_reportsnapshot",
                    },
                ),
                migrations.CreateModel(
                    name="ReportFile",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "paper",
                            models.CharField(
                                choices=[("letter", "US Letter"), ("a4", "A4")],
                                default="letter",
                                max_length=10,
                                verbose_name="paper",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("preparing", "Being prepared"),
                                    ("ready", "Ready"),
                                    ("failed", "Could not be prepared"),
                                ],
                                default="preparing",
                                max_length=20,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "file",
                            models.FileField(blank=True, upload_to="reports/", verbose_name="file"),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "assessment",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="report_files",
                                to="assessments.assessment",
                            ),
                        ),
                        (
                            "requested_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "report file",
                        "verbose_name_plural": "report files",
                        "db_table": "assessments_reportfile",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("assessment", "paper"), name="report_file_once_per_paper"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("paper__in", ["letter", "a4"])),
                                name="report_file_paper_valid",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("status__in", ["preparing", "ready", "failed"])),
                                name="report_file_status_valid",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("status", "ready"), models.Q(("file", ""), _negated=True)),
                                    models.Q(models.Q(("status", "ready"), _negated=True), ("file", "")),
                                    _connector="OR",
                                ),
                                name="report_file_ready_has_file",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="reportsnapshot", table=None),
        migrations.AlterModelTable(name="reportfile", table=None),
        migrations.RunPython(content_types_follow, content_types_return),
    ]
