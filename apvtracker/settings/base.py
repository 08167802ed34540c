"""Settings shared by every environment.

Every environment variable is declared once, here, with its type and default.
"""

import datetime
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env(
    DEBUG=(bool, False),
    SECRET_KEY=(str, "insecure-development-key-change-me"),
    ALLOWED_HOSTS=(list, ["localhost", "127.0.0.1", "[::1]"]),
    CSRF_TRUSTED_ORIGINS=(list, []),
    DATABASE_URL=(str, f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
    CELERY_BROKER_URL=(str, f"filesystem://{VAR_DIR / 'broker'}"),
    REDIS_URL=(str, ""),
    EMAIL_URL=(str, "consolemail://"),
    DEFAULT_FROM_EMAIL=(str, "APV-tracker <apv@localhost>"),
    SITE_URL=(str, "http://localhost:8000"),
    TIME_ZONE=(str, "Europe/Copenhagen"),
    LANGUAGE_CODE=(str, "da"),
    # Production only (settings/production.py): HTTPS and its strictness.
    SECURE_SSL_REDIRECT=(bool, True),
    SECURE_HSTS_SECONDS=(int, 31_536_000),
    SECURE_HSTS_INCLUDE_SUBDOMAINS=(bool, True),
    SECURE_HSTS_PRELOAD=(bool, True),
    # Sessions and tokens.
    APV_SESSION_IDLE_MINUTES=(int, 60),
    APV_SESSION_MAX_HOURS=(int, 10),
    APV_MAX_TOKENS_PER_USER=(int, 5),
    APV_LOGIN_FAILURE_LIMIT=(int, 5),
    APV_LOGIN_COOLOFF_MINUTES=(int, 15),
    APV_THROTTLE_LOGIN=(str, "20/min"),
    APV_THROTTLE_DASHBOARD=(str, "60/min"),
    # A code from an authenticator app after the password, for coordinators and superusers
    # (on by default in production: settings/production.py).
    APV_REQUIRE_SECOND_FACTOR=(bool, False),
    APV_THROTTLE_EXPORT=(str, "60/min"),
    # Looking a concern up by its receipt code (API and admin): nobody types more codes a
    # minute than this, and guessing needs far more.
    APV_THROTTLE_RECEIPT=(str, "10/min"),
    # The OpenAPI schema and its docs without a login (production: off unless set).
    APV_API_DOCS_PUBLIC=(bool, True),
    # The security log's own file (JSON lines); empty: the console only.
    APV_SECURITY_LOG_FILE=(str, str(VAR_DIR / "security.log")),
    # Privacy (GDPR art. 5(1)(e)): days after its APV closed that a confidential finding is
    # anonymised (apps/privacy). Three years, the revision period: by then the unit has made
    # its next APV, and the closed one stays the record of what was done, without who or what.
    APV_CONFIDENTIAL_RETENTION_DAYS=(int, 1095),
    # Days after its decision that a concern's text, answer and sender are removed: by then it
    # was answered, closed or taken into the APV as a finding (which follows its own rule).
    APV_CONCERN_RETENTION_DAYS=(int, 365),
    # Survey results (apps/surveys): a figure from fewer respondents is never shown, and a
    # figure is proposed as a finding below APV_SURVEY_WEAK_BELOW (0-100, a high score good)
    # or when it fell APV_SURVEY_DROP points or more since the unit's previous survey.
    APV_ANONYMITY_THRESHOLD=(int, 5),
    APV_SURVEY_WEAK_BELOW=(int, 50),
    APV_SURVEY_DROP=(int, 10),
    # Single sign-on through OpenID Connect (apps/sso): off until OIDC_RP_CLIENT_ID is set.
    # The provider's endpoints come from its discovery document (OIDC_OP_DISCOVERY) unless
    # given one by one; an endpoint given here wins over the discovered one.
    OIDC_RP_CLIENT_ID=(str, ""),
    OIDC_RP_CLIENT_SECRET=(str, ""),
    OIDC_OP_DISCOVERY=(str, ""),
    OIDC_OP_ISSUER=(str, ""),
    OIDC_OP_AUTHORIZATION_ENDPOINT=(str, ""),
    OIDC_OP_TOKEN_ENDPOINT=(str, ""),
    OIDC_OP_USER_ENDPOINT=(str, ""),
    OIDC_OP_JWKS_ENDPOINT=(str, ""),
    OIDC_OP_LOGOUT_ENDPOINT=(str, ""),
    OIDC_RP_SIGN_ALGO=(str, "RS256"),
    OIDC_RP_SCOPES=(str, "openid email profile"),
    # The claim that names a person for good: `sub` (OpenID Connect's own), or `oid` for Entra
    # ID, whose `sub` differs per application.
    OIDC_SUBJECT_CLAIM=(str, "sub"),
    OIDC_PROVIDER_NAME=(str, "din organisations login"),
    # Whether a login at the provider counts as the strong login that coordinators otherwise
    # prove with an authenticator app's code (APV_REQUIRE_SECOND_FACTOR): true only where the
    # provider itself demands a second factor (Entra ID: conditional access).
    OIDC_TRUST_MFA=(bool, False),
    # How often a session asks the provider again (silently) whether the person may still log in.
    OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS=(int, 300),
    OIDC_TIMEOUT_SECONDS=(int, 10),
    # Local passwords: off, only the break-glass superusers named here log in with one.
    APV_LOCAL_PASSWORDS=(bool, True),
    APV_BREAK_GLASS_USERS=(list, []),
    # An HR file (units or people) with more rows than this is imported in the background by
    # Celery when uploaded in the admin; the importer reads the result under Importkørsler.
    APV_IMPORT_BACKGROUND_ROWS=(int, 2000),
    # Attachments (apps/attachments): at most this many bytes per file and files per object;
    # stored on the file system under APV_MEDIA_ROOT, or with APV_ATTACHMENT_STORAGE=s3 in an
    # S3-compatible bucket (django-storages) named by the AWS_* variables.
    APV_ATTACHMENT_MAX_BYTES=(int, 20_000_000),
    APV_ATTACHMENTS_PER_OBJECT=(int, 20),
    APV_MEDIA_ROOT=(str, str(VAR_DIR / "media")),
    APV_ATTACHMENT_STORAGE=(str, "filesystem"),
    AWS_STORAGE_BUCKET_NAME=(str, ""),
    AWS_S3_ENDPOINT_URL=(str, ""),
    AWS_S3_REGION_NAME=(str, ""),
    AWS_ACCESS_KEY_ID=(str, ""),
    AWS_SECRET_ACCESS_KEY=(str, ""),
)
# The development key: production refuses to start with it (settings/production.py).
DEVELOPMENT_SECRET_KEY = env.scheme["SECRET_KEY"][1]

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL")

INSTALLED_APPS = [
    "apvtracker.admin.APVAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "import_export",
    "apps.accounts",
    "apps.organisation",
    "apps.factors",
    "apps.assessments",
    "apps.findings",
    "apps.actions",
    "apps.communications",
    "apps.reminders",
    "apps.dashboard",
    "apps.reports",
    "apps.overview",
    "apps.security",
    "apps.privacy",
    "apps.surveys",
    "apps.hr",
    "apps.governance",
    "apps.concerns",
    "apps.attachments",
    "apps.conversation",
    "apps.health",
    "apps.sso",
    "apps.demo",
]

MIDDLEWARE = [
    # First: a load balancer's probe by address over plain http (apps/health/middleware.py).
    "apps.health.middleware.HealthProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every response (the blocks below).
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apvtracker.middleware.DanishFirstLocaleMiddleware",
    "apvtracker.middleware.NoStoreMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "apps.security.log.SecurityContextMiddleware",
    "apps.accounts.sessions.IdleSessionMiddleware",
    "apps.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its answer.
    "axes.middleware.AxesMiddleware",
]

# Login protection (django-axes) on the admin and the token endpoint: after
# APV_LOGIN_FAILURE_LIMIT failures for a username the next attempt is refused, even with the
# right password, until APV_LOGIN_COOLOFF_MINUTES have passed or a coordinator removes the
# lock-out in the admin. By username only: by address would lock a whole municipality out
# behind one NAT.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's, refusing a password where local passwords are off (apps/sso/backends.py).
    "apps.sso.backends.PasswordBackend",
]
AXES_FAILURE_LIMIT = env("APV_LOGIN_FAILURE_LIMIT")
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env("APV_LOGIN_COOLOFF_MINUTES"))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes warns when the address is not a lock-out parameter; here that is the point (see above).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
# Lifted in the user admin (apps/accounts/admin.py, by a coordinator in scope) or by
# `manage.py axes_reset_username <username>`; axes' own admin pages would list every
# login attempt of the municipality to anyone with the model permission, outside any scope.
AXES_ENABLE_ADMIN = False
AXES_LOCKOUT_CALLABLE = "apps.accounts.lockout.lockout_response"
# A wrong second-factor code counts as a failed login too; axes keeps what was posted, but not
# the code.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]

# The second factor (django-otp, TOTP) for superusers and coordinators (apps/accounts/
# selectors.py): off here, so that `make demo` and the test suite log in in one step.
APV_REQUIRE_SECOND_FACTOR = env("APV_REQUIRE_SECOND_FACTOR")
OTP_TOTP_ISSUER = "APV-tracker"
# After a wrong code the next is accepted only after 1, 2, 4, 8... seconds, per authenticator,
# whatever password logins happen in between.
OTP_TOTP_THROTTLE_FACTOR = 1

# Single sign-on through OpenID Connect (mozilla-django-oidc, with apps/sso's backend, views and
# session refresh). Nothing of it is mounted or shown unless OIDC_RP_CLIENT_ID is set.
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET")
OIDC_OP_DISCOVERY = env("OIDC_OP_DISCOVERY")
OIDC_OP_ISSUER = env("OIDC_OP_ISSUER")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT")
OIDC_OP_LOGOUT_ENDPOINT = env("OIDC_OP_LOGOUT_ENDPOINT")
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO")
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES")
OIDC_SUBJECT_CLAIM = env("OIDC_SUBJECT_CLAIM")
OIDC_PROVIDER_NAME = env("OIDC_PROVIDER_NAME")
OIDC_TRUST_MFA = env("OIDC_TRUST_MFA")
OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS = env("OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS")
OIDC_TIMEOUT = env("OIDC_TIMEOUT_SECONDS")
# The id token is kept for logging out at the provider too (id_token_hint); PKCE on top of the
# client secret; the id token's nonce is checked (the library's default).
OIDC_STORE_ID_TOKEN = True
OIDC_USE_PKCE = True
OIDC_OP_LOGOUT_URL_METHOD = "apps.sso.logout.provider_logout_url"
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
SSO_ENABLED = bool(OIDC_RP_CLIENT_ID)
if SSO_ENABLED and not (OIDC_OP_DISCOVERY or OIDC_OP_AUTHORIZATION_ENDPOINT):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "OIDC_RP_CLIENT_ID is set: set OIDC_OP_DISCOVERY (or the provider's endpoints) too."
    )
if SSO_ENABLED:
    AUTHENTICATION_BACKENDS.append("apps.sso.backends.SSOBackend")
    MIDDLEWARE.insert(
        MIDDLEWARE.index("apps.accounts.sessions.IdleSessionMiddleware") + 1,
        "apps.sso.middleware.SessionRefresh",
    )
# Local passwords (admin, token endpoint, password change): with APV_LOCAL_PASSWORDS off only
# the superusers named in APV_BREAK_GLASS_USERS use one, to get in when the provider is down.
APV_LOCAL_PASSWORDS = env("APV_LOCAL_PASSWORDS")
APV_BREAK_GLASS_USERS = env("APV_BREAK_GLASS_USERS")

# Content Security Policy (django-csp): our own files only, no inline script or style on any
# page (tests/deploy/test_csp.py reads every page for them), no page framed; neither
# 'unsafe-inline' nor 'unsafe-eval'. The dashboard alone adds the hashes of three styles
# plotly.js writes (apps/dashboard/views.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # blob: the walk-round's photo, read from the file input and shrunk on a canvas
        # before the upload (apps/attachments/static/apv/walkround.js).
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if SSO_ENABLED:
    from urllib.parse import urlsplit

    # Logging out posts to the tracker, which redirects to the provider's end_session endpoint:
    # browsers hold a form's redirects to form-action too, so without the provider's origin the
    # logout stops at the tracker. Its origin: the discovery document's (or the logout
    # endpoint's, where that is set).
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] += sorted(
        {
            f"{url.scheme}://{url.netloc}"
            for url in map(urlsplit, (OIDC_OP_DISCOVERY, OIDC_OP_LOGOUT_ENDPOINT))
            if url.netloc
        }
    )
# Permissions-Policy (django-permissions-policy): the browser's powerful features are off for
# every page and anything it might frame; the tracker uses none of them. Only names Chromium
# knows: it warns in the console about the others (tests/e2e/test_csp_browser.py).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "clipboard-read",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "gamepad",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "window-management",
        "xr-spatial-tracking",
    )
}

ROOT_URLCONF = "apvtracker.urls"
WSGI_APPLICATION = "apvtracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db_url("DATABASE_URL")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the Celery worker share the file: wait for the other's write instead of
    # failing at once, and take the write lock at BEGIN so two writers never deadlock upgrading.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

LANGUAGE_CODE = env("LANGUAGE_CODE")
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Uploaded files are never served from a URL of their own (no MEDIA_URL route): the download
# views ask the access module first.
MEDIA_ROOT = env("APV_MEDIA_ROOT")
APV_ATTACHMENT_MAX_BYTES = env("APV_ATTACHMENT_MAX_BYTES")
APV_ATTACHMENTS_PER_OBJECT = env("APV_ATTACHMENTS_PER_OBJECT")
if env("APV_ATTACHMENT_STORAGE") == "s3":
    ATTACHMENT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env("AWS_S3_REGION_NAME") or None,
            "access_key": env("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env("AWS_SECRET_ACCESS_KEY") or None,
            # Private objects, never overwritten; reads go through our views only.
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
else:
    ATTACHMENT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    "attachments": ATTACHMENT_STORAGE,
}

vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")

REDIS_URL = env("REDIS_URL")
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
# A request that writes must never wait on the broker (DESIGN.md §7): connecting gives up after
# a second, a publish is not retried for long, and the caller logs the failure and goes on (the
# reminders are derived from the database, so the next sweep catches up).
CELERY_BROKER_CONNECTION_TIMEOUT = 1.0
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# Redis hands an unacknowledged task to another worker after this long; every retry's backoff
# (APV_REMINDER_RETRY_BACKOFF_MAX) must stay below it, or a waiting retry would run twice.
APV_BROKER_VISIBILITY_TIMEOUT = 3600
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": APV_BROKER_VISIBILITY_TIMEOUT,
    # Used whenever kombu (re)connects to publish: one attempt, then the caller's guard.
    "max_retries": 0,
    "socket_connect_timeout": 1.0,
}
if CELERY_BROKER_URL.startswith("filesystem://"):
    # kombu's filesystem transport needs no server: folders for messages, processed ones and
    # the exchange bindings (kombu would otherwise put those in ./control), created here.
    _broker_dir = Path(CELERY_BROKER_URL.removeprefix("filesystem://"))
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS |= {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
# The schedule is defined in apps/reminders/schedule.py and mirrored into the database by
# `manage.py reminders_schedule` (run after every migrate); CELERY_BEAT_SCHEDULE stays unset,
# because django-celery-beat would overwrite an operator's changes with it at every start.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

REST_FRAMEWORK = {
    # Token first: DRF answers 401 (not 403) only when its first class names a scheme.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "apps.api.pagination.Pagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "apps.api.filters.SearchFilter",
    ],
    # Only views that name a `throttle_scope` are throttled (APV_THROTTLE_RATES).
    "DEFAULT_THROTTLE_CLASSES": ["apps.api.throttles.ScopedThrottle"],
    "DEFAULT_SCHEMA_CLASS": "apps.api.schema.APVAutoSchema",
    "EXCEPTION_HANDLER": "apps.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# A session ends after APV_SESSION_IDLE_MINUTES without a request and at the latest
# APV_SESSION_MAX_HOURS after login (apps.accounts.sessions): a shared PC in a staff room must
# not stay logged in to confidential findings.
APV_SESSION_IDLE_MINUTES = env("APV_SESSION_IDLE_MINUTES")
SESSION_COOKIE_AGE = env("APV_SESSION_MAX_HOURS") * 3600
# Requests per client on the token endpoint and per person on the dashboards, PDFs and exports
# (apps/api/throttles.py), counted in the default cache: Redis when REDIS_URL is set, so that every
# gunicorn worker counts the same requests.
APV_THROTTLE_RATES = {
    "login": env("APV_THROTTLE_LOGIN"),
    "dashboard": env("APV_THROTTLE_DASHBOARD"),
    "export": env("APV_THROTTLE_EXPORT"),
    "receipt": env("APV_THROTTLE_RECEIPT"),
}
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
APV_ANONYMITY_THRESHOLD = env("APV_ANONYMITY_THRESHOLD")
APV_SURVEY_WEAK_BELOW = env("APV_SURVEY_WEAK_BELOW")
APV_SURVEY_DROP = env("APV_SURVEY_DROP")
APV_IMPORT_BACKGROUND_ROWS = env("APV_IMPORT_BACKGROUND_ROWS")
# Imports (django-import-export) write through our services, which keep their own history.
IMPORT_EXPORT_SKIP_ADMIN_LOG = True
IMPORT_EXPORT_USE_TRANSACTIONS = True

# Live API tokens per person; a new login revokes the oldest beyond this.
APV_MAX_TOKENS_PER_USER = env("APV_MAX_TOKENS_PER_USER")
REST_KNOX = {"TOKEN_TTL": datetime.timedelta(hours=10), "AUTH_HEADER_PREFIX": "Token"}
APV_API_DOCS_PUBLIC = env("APV_API_DOCS_PUBLIC")
SPECTACULAR_SETTINGS = {
    "TITLE": "APV tracker API",
    "DESCRIPTION": "The Danish workplace assessment (APV), from finding to follow-up.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No validator badge: it would load an image from swagger.io (refused by the policy) and
    # tell it where our schema is.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models share field names (status, forum, kind): name each enumeration once.
    "ENUM_NAME_OVERRIDES": {
        "PhaseEnum": "apps.assessments.models.Phase",
        "ApprovalForumEnum": "apps.assessments.models.ApprovalForum",
        "DialogueForumEnum": "apps.findings.models.Dialogue.Forum",
        "FindingKindEnum": "apps.findings.models.Finding.Kind",
        "AttachmentKindEnum": "apps.attachments.models.Attachment.Kind",
        "FindingSourceEnum": "apps.findings.models.Finding.Source",
        "FindingStatusEnum": "apps.findings.models.Finding.Status",
        "LevelEnum": "apps.findings.models.Level",
        "ActionStatusEnum": "apps.actions.models.Action.Status",
        "ConcernStatusEnum": "apps.concerns.models.Concern.Status",
        "ConcernDecisionEnum": "apps.concerns.models.Concern.Decision",
    },
}

# Product rules that operators may tune (DESIGN.md §5, §7).
APV_REVISION_YEARS = 3
APV_EVALUATION_DAYS_AFTER_DONE = 30
APV_CONFIDENTIAL_RETENTION_DAYS = env("APV_CONFIDENTIAL_RETENTION_DAYS")
APV_CONCERN_RETENTION_DAYS = env("APV_CONCERN_RETENTION_DAYS")
# Reminders (DESIGN.md §7): when each kind is due.
APV_REMINDER_DUE_SOON_DAYS = 7
APV_REMINDER_OVERDUE_REPEAT_DAYS = 7
APV_PHASE_STALLED_DAYS = 30
# A round's phase deadline: its TRIO is reminded this many days before (apps/reminders/due.py).
APV_PHASE_DUE_NOTICE_DAYS = 7
APV_REVISION_NOTICE_DAYS = 90
# The annual review and the TRIO agreement's yearly review: their people are reminded this many
# days before the year runs out (apps/reminders/due_organisation.py).
APV_ANNUAL_REVIEW_NOTICE_DAYS = 30
APV_AGREEMENT_REVIEW_NOTICE_DAYS = 30
# A role with a last day (an AMR's term of office): its holder and the unit's coordinators are
# reminded this many days before it ends, so that the election is held in time.
APV_ROLE_ENDING_NOTICE_DAYS = 30
# The MED digest goes out on this weekday (0 = Monday); a sweep that missed it catches up on the
# following days of the window, never earlier.
APV_MED_DIGEST_WEEKDAY = 0
APV_MED_DIGEST_CATCH_UP_DAYS = 3
# Reminders: how they are sent. A claimed (`sending`) reminder whose lease ran out is retried.
APV_REMINDER_LEASE_SECONDS = 300
APV_REMINDER_MAX_ATTEMPTS = 5
APV_REMINDER_RETRY_BACKOFF_MAX = 600
# Reminders that a change implies wait for these local hours [start, end) before they go out.
APV_REMINDER_SEND_HOURS = (7, 18)
EMAIL_TIMEOUT = 30

# The security log (apps/security/log.py): JSON lines on the console with everything else, and
# in a file of their own for the data-protection officer (WatchedFileHandler: logrotate may move
# it). Its directory is created when the settings load.
APV_SECURITY_LOG_FILE = env("APV_SECURITY_LOG_FILE")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"apvtracker.security": {"level": "INFO"}},
}
if APV_SECURITY_LOG_FILE:
    Path(APV_SECURITY_LOG_FILE).parent.mkdir(parents=True, exist_ok=True)
    LOGGING["handlers"]["security_file"] = {
        "class": "logging.handlers.WatchedFileHandler",
        "filename": APV_SECURITY_LOG_FILE,
        "formatter": "line",
    }
    LOGGING["loggers"]["apvtracker.security"]["handlers"] = ["security_file"]

# Reverting a record from its history would bypass the services' rules.
SIMPLE_HISTORY_REVERT_DISABLED = True
