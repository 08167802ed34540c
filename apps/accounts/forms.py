"""The admin's password forms, saving through the service: a new password (one's own, or one a
coordinator sets) ends the person's API tokens and calendar URL too; and the second factor's
code form."""

from __future__ import annotations

import contextvars

from django import forms
from django.contrib.admin.forms import AdminPasswordChangeForm as OwnPasswordForm
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AdminPasswordChangeForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from apps import access
from apps.organisation import services

# Who sets another person's password; bound by the admin view around Django's own form
# handling (a context variable, so concurrent requests never see each other's).
password_set_by: contextvars.ContextVar = contextvars.ContextVar("password_set_by", default=None)


class PasswordSetForm(AdminPasswordChangeForm):
    """A coordinator sets (or removes) another person's password."""

    def save(self, commit=True):
        usable = self.cleaned_data.get("set_usable_password", True)
        password = self.cleaned_data["password1"] if usable else None
        return services.user_set_password(
            by=password_set_by.get(), user=self.user, password=password
        )


class OwnPasswordChangeForm(OwnPasswordForm):
    """A person changes their own password (old one first)."""

    def save(self, commit=True):
        return services.user_set_password(
            by=self.user, user=self.user, password=self.cleaned_data["new_password1"]
        )


class SecondFactorCodeForm(forms.Form):
    """The 6-digit code an authenticator app shows (spaces allowed: apps show "123 456")."""

    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=16,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
            }
        ),
    )


class LeaverChangeForm(UserChangeForm):
    """A person's page, with whom their open actions go to when they leave (unticking
    "active"); empty: the unit's leader, or a handler of a confidential finding."""

    successor = forms.ModelChoiceField(
        label=_("Successor"),
        queryset=get_user_model().objects.filter(is_active=True),
        required=False,
        help_text=_(
            "When you untick “active”, the person's roles end and their open actions go to "
            "this person, if they may read them; otherwise to the unit's leader, a handler of "
            "a confidential finding, or a coordinator. Each new owner is told why."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "is_active" in self.fields and "successor" in self.fields:
            self.fields["is_active"].help_text = _(
                "Untick it when the person leaves (never delete them): see “When the person "
                "leaves” below."
            )
        admin_site = getattr(self, "admin_site", None)
        if admin_site is not None and "successor" in self.fields:
            # The directory's own search (the action owner's field asks the users' page); the
            # widget first: setting the queryset hands it the field's choices.
            from apps.actions.models import Action

            field = self.fields["successor"]
            field.widget = AutocompleteSelect(Action._meta.get_field("owner"), admin_site)
            field.queryset = access.users_visible_to(self.request.user).filter(is_active=True)
