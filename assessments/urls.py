from django.urls import path

from assessments.answering import reassess_views, section_views, views
from assessments.exchange import deletion_views
from assessments.exchange import views as exchange_views
from assessments.plan import views as action_views
from assessments.quick import views as quick_views
from assessments.scoring import comparison_views
from assessments.scoring import views as result_views
from assessments.vendor_link import staff_views as vendor_link_views
from assessments.vendor_link import vendor_views

app_name = "assessments"

A = "assessments/<int:pk>/"

urlpatterns = [
    path("assessments/", views.assessment_list, name="list"),
    path("assessments/new/", views.assessment_create, name="create"),
    path("methodology/", result_views.methodology, name="methodology"),
    path(A, views.assessment_detail, name="detail"),
    path(A + "vendors/", views.vendor_add, name="vendor_add"),
    path(A + "autosave/", section_views.autosave, name="autosave"),
    # Results and what follows from them.
    path(A + "results/", result_views.results, name="results"),
    path(A + "platforms/", comparison_views.platform_matches, name="platform_matches"),
    path(A + "vendors/compare/", comparison_views.vendor_comparison, name="vendor_comparison"),
    path(A + "actions/", action_views.action_plan, name="actions"),
    path(A + "actions.csv", action_views.actions_csv, name="actions_csv"),
    path(A + "add-action/", action_views.action_add, name="action_add"),
    path(A + "update-actions/", action_views.action_refresh, name="action_refresh"),
    path(A + "actions/<int:item_pk>/change/", action_views.action_update, name="action_update"),
    path(A + "actions/<int:item_pk>/move/", action_views.action_move, name="action_move"),
    path(A + "delete/", deletion_views.delete, name="delete"),
    path(A + "reassess/", reassess_views.reassess, name="reassess"),
    path(A + "compare/", reassess_views.compare, name="compare"),
    path(A + "answers.csv", exchange_views.answers_csv, name="answers_csv"),
    path(A + "export.json", exchange_views.export_json, name="export_json"),
    path("assessments/import/", exchange_views.assessment_import, name="import"),
    # The quick check: a provisional verdict and a temporary-use plan for programs starting now.
    path("assessments/quick/new/", quick_views.start, name="quick_start"),
    path(A + "quick/", quick_views.answer, name="quick"),
    path(A + "quick/plan/", quick_views.plan, name="quick_plan"),
    path(A + "quick/continue/", quick_views.grow, name="quick_grow"),
    # Asking a vendor to answer, and reviewing what it said.
    path(A + "vendors/<int:vendor_pk>/ask/", vendor_link_views.ask, name="vendor_ask"),
    path(A + "vendors/<int:vendor_pk>/review/", vendor_link_views.review, name="vendor_review"),
    path(
        A + "vendor-links/<int:request_pk>/withdraw/",
        vendor_link_views.withdraw,
        name="vendor_withdraw",
    ),
    # The vendor's own pages: no account, only the private link (`open`), then the session.
    path("vendor/open/<str:token>/", vendor_views.open_link, name="vendor_link_open"),
    path("vendor/<int:link_pk>/", vendor_views.overview, name="vendor_link_overview"),
    path("vendor/<int:link_pk>/autosave/", vendor_views.autosave, name="vendor_link_autosave"),
    path("vendor/<int:link_pk>/submit/", vendor_views.submit, name="vendor_link_submit"),
    path("vendor/<int:link_pk>/done/", vendor_views.done, name="vendor_link_done"),
    path(
        "vendor/<int:link_pk>/<slug:worksheet_key>/<slug:section_key>/",
        vendor_views.section,
        name="vendor_link_section",
    ),
    # Worksheet pages last: their two free segments would match the paths above.
    path(
        A + "vendors/<int:vendor_pk>/<slug:worksheet_key>/<slug:section_key>/",
        section_views.section,
        name="vendor_section",
    ),
    path(A + "<slug:worksheet_key>/<slug:section_key>/", section_views.section, name="section"),
]
