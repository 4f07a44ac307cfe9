from django.urls import path

from . import views

app_name = "platforms"

urlpatterns = [
    path("platforms/", views.chart, name="chart"),
    path("platforms/compare/", views.compare, name="compare"),
    path("platforms/export.csv", views.export_csv, name="export_csv"),
    path("platforms/export.json", views.export_json, name="export_json"),
    path("platforms/<slug:slug>/", views.platform, name="platform"),
    path("guides/", views.guides, name="guides"),
    path("guides/<slug:slug>/", views.guide, name="guide"),
    path("guides/<slug:slug>/preview/", views.guide_preview, name="guide_preview"),
]
