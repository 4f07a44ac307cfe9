from django.urls import path

from . import quick_plan, views

app_name = "reports"

A = "assessments/<int:pk>/"

urlpatterns = [
    path(A + "finalize/", views.finalise, name="finalise"),
    path(A + "report/", views.report, name="report"),
    path(A + "report.pdf", views.report_pdf, name="report_pdf"),
    path(A + "quick/plan.pdf", quick_plan.quick_plan_pdf, name="quick_plan_pdf"),
]
