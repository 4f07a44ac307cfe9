from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("assessments/", views.assessment_list, name="list"),
    path("assessments/new/", views.assessment_create, name="create"),
    path("assessments/<int:pk>/", views.assessment_detail, name="detail"),
    path("assessments/<int:pk>/vendors/", views.vendor_add, name="vendor_add"),
    path("assessments/<int:pk>/autosave/", views.autosave, name="autosave"),
    path(
        "assessments/<int:pk>/vendors/<int:vendor_pk>/<slug:worksheet_key>/<slug:section_key>/",
        views.section,
        name="vendor_section",
    ),
    path(
        "assessments/<int:pk>/<slug:worksheet_key>/<slug:section_key>/",
        views.section,
        name="section",
    ),
]

from . import result_views  # noqa: E402  (appended with its patterns)

urlpatterns += [
    path("assessments/<int:pk>/results/", result_views.results, name="results"),
    path("methodology/", result_views.methodology, name="methodology"),
]
