from django.urls import path

from . import program_views, views

app_name = "coalitions"

urlpatterns = [
    # The coalition's side.
    path("coalition/", views.dashboard, name="dashboard"),
    path("coalition/figures.csv", views.figures_download, name="figures_csv"),
    path("coalition/invite/", views.invite, name="invite"),
    path("coalition/requests/<int:pk>/", views.answer_request, name="answer_request"),
    # The program's side.
    path("organisation/coalitions/", program_views.program_coalitions, name="program"),
    path("organisation/coalitions/ask/", program_views.ask, name="ask"),
    path("organisation/coalitions/<int:pk>/accept/", program_views.accept, name="accept"),
    path("organisation/coalitions/<int:pk>/leave/", program_views.leave, name="leave"),
    path("organisation/coalitions/<int:pk>/consent/", program_views.consent, name="consent"),
    path("organisation/coalitions/peers/", program_views.peers, name="peers"),
    path("organisation/coalitions/size/", program_views.size, name="size"),
]
