from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import deletion_views, views
from .forms import LimitedPasswordResetForm, LoginForm

app_name = "accounts"

urlpatterns = [
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=LimitedPasswordResetForm,
            success_url=reverse_lazy("accounts:password_reset_done"),
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("accounts:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            success_url=reverse_lazy("accounts:password_change_done")
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("sign-up/", views.signup, name="signup"),
    path("sign-up/<str:token>/", views.signup_confirm, name="signup_confirm"),
    path("organisations/", views.home, name="home"),
    path("organisation/members/", views.members, name="members"),
    path("organisation/members/<int:pk>/role/", views.member_role, name="member_role"),
    path("organisation/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path(
        "organisation/invitations/<int:pk>/withdraw/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("organisation/data/", deletion_views.organisation_data, name="organisation_data"),
    path(
        "organisation/data/download/",
        deletion_views.organisation_download,
        name="organisation_download",
    ),
    path("organisation/deleted/", deletion_views.organisation_deleted, name="organisation_deleted"),
]
