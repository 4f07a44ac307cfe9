from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from toolkit.admin_deletion import DeletesThroughTheApp

from .deletion import organisation_delete
from .forms import AdminLoginForm
from .models import Invitation, Membership, Organisation, User
from .organisations import invitation_send


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


# The admin signs in through the same throttle as the site.
admin.site.login_form = AdminLoginForm


@admin.register(Organisation)
class OrganisationAdmin(DeletesThroughTheApp, admin.ModelAdmin):
    """Deleting an organization here is the app's deletion: its assessments with their stored
    PDFs, memberships, invitations, and the accounts of people who belong nowhere else."""

    list_display = ["name", "kind", "size_band", "created_at"]
    list_filter = ["kind", "size_band"]
    search_fields = ["name", "memberships__user__email"]
    inlines = [MembershipInline]

    def delete_with_the_app(self, request, obj):
        organisation_delete(organisation=obj, by=request.user)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_active"]
    search_fields = ["email"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    inlines = [MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Adding an invitation here e-mails its one-time link, as a director's invitation does: the
    way to give a new organisation (created here when self sign-up is off) its first director."""

    list_display = [
        "email",
        "organisation",
        "role",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = ["role"]
    search_fields = ["email", "organisation__name"]
    autocomplete_fields = ["organisation"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["organisation", "email", "role"]
        return [
            "organisation",
            "email",
            "role",
            "invited_by",
            "created_at",
            "expires_at",
            "accepted_at",
            "revoked_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        return (
            []
            if obj is None
            else [
                "organisation",
                "email",
                "role",
                "invited_by",
                "created_at",
                "expires_at",
                "accepted_at",
            ]
        )

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        sent = invitation_send(
            organisation=obj.organisation,
            email=obj.email,
            role=obj.role,
            by=request.user,
            request=request,
        )
        obj.pk = sent.pk  # the admin logs and redirects with the instance it passed in
