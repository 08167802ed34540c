"""Logins, failed logins, logouts and lock-outs into the security log (Django's and django-axes'
signals), whichever door they came through: the admin, the token endpoint, a test client."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from .log import security_event


def logged_in(sender, request, user, **kwargs):
    security_event("login", user=user, request=request)


def logged_out(sender, request, user, **kwargs):
    security_event("logout", user=user, request=request)


def login_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in `credentials`; only the username is kept.
    security_event("login_failed", request=request, attempted_username=credentials.get("username"))


def locked_out(sender, request, username, ip_address, **kwargs):
    security_event("locked_out", request=request, attempted_username=username)


def connect():
    user_logged_in.connect(logged_in, dispatch_uid="security-login")
    user_logged_out.connect(logged_out, dispatch_uid="security-logout")
    user_login_failed.connect(login_failed, dispatch_uid="security-login-failed")
    user_locked_out.connect(locked_out, dispatch_uid="security-locked-out")
