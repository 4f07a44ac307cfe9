"""The report's models moved from the assessments app to this one: a database made before the
move keeps its snapshots, its PDFs' rows, and the content types its change history points at."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.database_dependent(
    "a migration that renames tables and moves content types runs on each database"
)

# Every app back to before the move (accounts too: its later migrations add required columns
# that the models of that time do not know).
BEFORE = [
    ("coalitions", None),
    ("accounts", "0002_us_spelling_labels"),
    ("assessments", "0009_assessment_list_order"),
    ("reports", None),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1]]).apps


@pytest.mark.django_db(transaction=True)
def test_rows_and_content_types_survive_the_move():
    old = migrate(BEFORE)
    Organisation = old.get_model("accounts", "Organisation")
    ContentVersion = old.get_model("assessments", "ContentVersion")
    Assessment = old.get_model("assessments", "Assessment")
    ContentType = old.get_model("contenttypes", "ContentType")
    organisation = Organisation.objects.create(name="Before the move")
    version = ContentVersion.objects.order_by("-number").first() or ContentVersion.objects.create(
        number=999
    )
    assessment = Assessment.objects.create(
        organisation=organisation, name="Kept", content_version=version, consider_text=True
    )
    old.get_model("assessments", "ReportSnapshot").objects.create(
        assessment=assessment, data={"title": "Kept"}
    )
    old.get_model("assessments", "ReportFile").objects.create(assessment=assessment)
    file_type = ContentType.objects.get_or_create(app_label="assessments", model="reportfile")[0]

    new = migrate(
        [("assessments", "0010_report_models_move_to_reports"), ("reports", "0001_initial")]
    )
    assert new.get_model("reports", "ReportSnapshot").objects.get().data == {"title": "Kept"}
    assert new.get_model("reports", "ReportFile").objects.get().assessment_id == assessment.pk
    moved = new.get_model("contenttypes", "ContentType").objects.get(pk=file_type.pk)
    assert (moved.app_label, moved.model) == ("reports", "reportfile")
    tables = connection.introspection.table_names()
    assert "reports_reportfile" in tables and "assessments_reportfile" not in tables

    # And back: the move can be undone.
    migrate(BEFORE)
    assert "assessments_reportfile" in connection.introspection.table_names()
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
