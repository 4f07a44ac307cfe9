from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from . import throttle
from .mail_limits import mail_allowed
from .models import Role, User

THROTTLED = _(
    "Too many failed sign-in attempts. Please wait %(minutes)s minutes and "
    "try again, or reset your password."
)


class ThrottledSignIn:
    """Refuses, with a translated message, after repeated failures (accounts/throttle.py)."""

    def clean(self):
        email = self.cleaned_data.get("username") or ""
        address = throttle.client_address(self.request)
        if throttle.is_locked(email=email, address=address):
            raise forms.ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": max(1, settings.TOOLKIT_LOGIN_LOCKOUT_SECONDS // 60)},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.record_failure(email=email, address=address)
            raise
        throttle.clear(email=email, address=address)
        return cleaned


class LoginForm(ThrottledSignIn, AuthenticationForm):
    """The site's sign-in."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("That e-mail address and password do not match. Please try again."),
        "throttled": THROTTLED,
    }


class AdminLoginForm(ThrottledSignIn, AdminAuthenticationForm):
    """The admin's sign-in, throttled like the site's."""

    error_messages = {**AdminAuthenticationForm.error_messages, "throttled": THROTTLED}


class PasswordSetMixin(forms.Form):
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters. A phrase of several words works well."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords do not match."))
        elif first:
            try:
                password_validation.validate_password(first, User(email=self.email_for_checks()))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def email_for_checks(self) -> str:
        return ""


class SignupForm(forms.Form):
    organisation_name = forms.CharField(
        label=_("Name of your program or organization"),
        max_length=200,
        help_text=_("The name of the program, never of a person you serve."),
    )
    email = forms.EmailField(
        label=_("Your work e-mail address"),
        help_text=_(
            "You will be the director of this organization in the toolkit. We send a "
            "link to confirm the address."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class SetPasswordForNewAccountForm(PasswordSetMixin):
    def __init__(self, *args, email: str, **kwargs):
        self._email = email
        super().__init__(*args, **kwargs)

    def email_for_checks(self) -> str:
        return self._email


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=Role.choices, initial=Role.STAFF, widget=forms.RadioSelect
    )

    def __init__(self, *args, organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if self.organisation.memberships.filter(user__email__iexact=email).exists():
            raise forms.ValidationError(_("This person is already a member of your organization."))
        return email


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class ChooseOrganisationForm(forms.Form):
    organisation = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, memberships, **kwargs):
        self.memberships = {m.organisation_id: m for m in memberships}
        super().__init__(*args, **kwargs)

    def clean_organisation(self):
        membership = self.memberships.get(self.cleaned_data["organisation"])
        if membership is None:
            raise forms.ValidationError(_("You are not a member of that organization."))
        return membership


class LimitedPasswordResetForm(PasswordResetForm):
    """Password reset that sends at most a few mails to one address, and from one client, an
    hour (accounts/mail_limits.py); the page says the same either way."""

    def save(self, *args, request=None, **kwargs):
        self.request = request
        return super().save(*args, request=request, **kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        if mail_allowed(kind="password-reset", email=to_email, request=self.request):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )
