"""Production settings: everything from the environment (declared once, in base.py), secure
defaults that pass `manage.py check --deploy --fail-level WARNING`."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEVELOPMENT_SECRET_KEY, INSTALLED_APPS, REST_FRAMEWORK, SECRET_KEY, env

DEBUG = False
# The development default must never sign a production session.
if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment: at least 50 random characters.")

# The demo data (and its superuser with a known password) exist only where they belong.
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "apps.demo"]

# HTTPS behind a proxy that sets X-Forwarded-Proto; HSTS from the environment, on by default.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS")
SECURE_HSTS_INCLUDE_SUBDOMAINS = env("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env("SECURE_HSTS_PRELOAD")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Coordinators and superusers log in with a code from an authenticator app as well (until
# single sign-on replaces local logins); APV_REQUIRE_SECOND_FACTOR=false turns it off.
APV_REQUIRE_SECOND_FACTOR = env("APV_REQUIRE_SECOND_FACTOR", default=True)

# The API's schema and docs only for people who are logged in, unless the operator says so.
APV_API_DOCS_PUBLIC = env("APV_API_DOCS_PUBLIC", default=False)

# No browsable API in production: JSON only.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
