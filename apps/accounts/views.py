"""The second step of logging in to the admin: the code from an authenticator app, or setting
one up (a QR code to scan, the key to type). Two pages of the admin site (second_factor_urls)."""

from __future__ import annotations

import base64
from urllib.parse import urlencode

import django_otp
import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from apps.core.errors import DomainError
from apps.sso.selectors import strong_sso_session

from . import services
from .forms import SecondFactorCodeForm
from .lockout import lockout_response
from .selectors import confirmed_device, is_locked_out, second_factor_required


def second_factor_urls(site) -> list:
    """The two pages, for the admin site's get_urls (behind its login, as every admin page)."""
    return [
        path("totrin/", site.admin_view(lambda r: verify(r, site)), name="second_factor"),
        path(
            "totrin/opsaet/",
            site.admin_view(lambda r: set_up(r, site)),
            name="second_factor_setup",
        ),
    ]


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if safe else reverse("admin:index")


def _done(request) -> bool:
    if strong_sso_session(request):
        return True
    return not second_factor_required(request.user) or request.user.is_verified()


def _passed(request, device, next_url):
    # A new session key for the higher privilege: a key known before this step is useless.
    request.session.cycle_key()
    django_otp.login(request, device)
    return HttpResponseRedirect(next_url)


def _page(request, site, template, context):
    context = {**site.each_context(request), **context, "next": _next_url(request)}
    return TemplateResponse(request, template, context)


def verify(request, site):
    """Ask for the code of the person's authenticator after their password."""
    next_url = _next_url(request)
    if _done(request):
        return HttpResponseRedirect(next_url)
    if confirmed_device(request.user) is None:
        setup = reverse("admin:second_factor_setup")
        return HttpResponseRedirect(f"{setup}?{urlencode({'next': next_url})}")
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST":
        if is_locked_out(request.user):
            # Locked out meanwhile (wrong passwords elsewhere): this login ends as well.
            logout(request)
            return lockout_response(request)
        if form.is_valid():
            try:
                device = services.second_factor_verify(
                    user=request.user, token=form.cleaned_data["otp_token"], request=request
                )
            except DomainError as refusal:
                form.add_error("otp_token", refusal.message)
                if getattr(request, "axes_locked_out", False):
                    logout(request)
                    return lockout_response(request)
            else:
                return _passed(request, device, next_url)
    return _page(
        request,
        site,
        "registration/second_factor.html",
        {"title": _("Two-step verification"), "form": form},
    )


def set_up(request, site):
    """Set up an authenticator app: scan the QR code (or type the key), confirm with a code."""
    next_url = _next_url(request)
    if _done(request):
        return HttpResponseRedirect(next_url)
    if confirmed_device(request.user) is not None:
        verify_url = reverse("admin:second_factor")
        return HttpResponseRedirect(f"{verify_url}?{urlencode({'next': next_url})}")
    device = services.second_factor_enrolment_start(user=request.user)
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.second_factor_enrol(
                user=request.user, token=form.cleaned_data["otp_token"], request=request
            )
        except DomainError as refusal:
            form.add_error("otp_token", refusal.message)
        else:
            messages.success(
                request, _("Two-step verification is set up. Use the app at every login.")
            )
            return _passed(request, device, next_url)
    return _page(
        request,
        site,
        "registration/second_factor_setup.html",
        {
            "title": _("Set up two-step verification"),
            "form": form,
            "qr_code": qr_code_data_uri(device.config_url),
            "config_url": device.config_url,
            "key_groups": key_groups(device.bin_key),
        },
    )


def qr_code_data_uri(text: str) -> str:
    """`text` as a QR code, an SVG in a data: URI for an <img> (no script, no inline style:
    the page keeps to the Content-Security-Policy). White behind it, for the dark theme."""
    svg = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def key_groups(key: bytes) -> list[str]:
    """The key as an authenticator app takes it typed: base32, in groups of four."""
    text = base64.b32encode(key).decode("ascii").rstrip("=")
    return [text[i : i + 4] for i in range(0, len(text), 4)]
