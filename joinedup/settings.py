"""Django settings. Everything comes from the environment; defaults are safe for production.

See docs/configuration.md for every variable. Development and the demo set JOINEDUP_DEV=1, which
allows a generated secret key and localhost hosts; production must set SECRET_KEY and ALLOWED_HOSTS.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url

from joinedup.core.env import envbool, envint, envlist, envsecret, envstr

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("JOINEDUP_VAR_DIR", str(BASE_DIR / "var")))

DEV = envbool("JOINEDUP_DEV", False)
DEBUG = envbool("DEBUG", False)

SECRET_KEY = envsecret("SECRET_KEY", required=not DEV) or "dev-only-insecure-key-never-used-in-production"
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEV else [])
if not DEV and not ALLOWED_HOSTS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("ALLOWED_HOSTS must be set outside development")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "axes",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "joinedup.core",
    "joinedup.agencies",
    "joinedup.accounts",
    "joinedup.people",
    "joinedup.places",
    "joinedup.events",
    "joinedup.associations",
    "joinedup.audit",
    "joinedup.imports",
    "joinedup.search",
    "joinedup.casenotes",
    "joinedup.language",
    "joinedup.linkage",
    "joinedup.chronology",
    "joinedup.prompts",
    "joinedup.contexts",
    "joinedup.network",
    "joinedup.referrals",
    "joinedup.signs",
    "joinedup.inbox",
    "joinedup.sharing",
    "joinedup.decisions",
    "joinedup.escalations",
    "joinedup.meetings",
    "joinedup.training",
    "joinedup.encompass",
    "joinedup.cpis",
    "joinedup.cpteams",
    "joinedup.identifiers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "joinedup.core.middleware.RequestIdMiddleware",
    "joinedup.accounts.idle.IdleTimeoutMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "joinedup.urls"
WSGI_APPLICATION = "joinedup.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "joinedup" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "joinedup.core.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'joinedup.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web server read while an import writes; IMMEDIATE avoids lock upgrades mid-import.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "search:home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "joinedup.accounts.passwords.NoOwnNameValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve from app static dirs without collectstatic in dev and tests

SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEV)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEV)
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Signed out after this many minutes without a request (docs/security.md); SESSION_COOKIE_AGE is the absolute limit.
JOINEDUP_IDLE_TIMEOUT_MINUTES = envint("JOINEDUP_IDLE_TIMEOUT_MINUTES", 30)
# API tokens stop working this many days after they were issued; an administrator deletes one to revoke it.
JOINEDUP_API_TOKEN_DAYS = envint("JOINEDUP_API_TOKEN_DAYS", 30)

# Sign-in lock-out (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username from one address,
# that pair is locked for the cool-off; every failure is recorded (admin: Access attempts / failures).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = envint("JOINEDUP_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("JOINEDUP_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "joinedup.accounts.tokens.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "JoinedUp API",
    "DESCRIPTION": "Multi-agency child-safeguarding platform. Every read of a person's record is access-logged.",
    "VERSION": "0.1.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    # one name for a choice set several fields share
    "ENUM_NAME_OVERRIDES": {"EncompassAnswerEnum": "joinedup.encompass.models.Answer",
                            "Section47OutcomeEnum": "joinedup.cpteams.models.Outcome",
                            "ReferralOutcomeEnum": "joinedup.referrals.models.Outcome"},
}

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "joinedup@localhost")
# The audit chain's anchors (`joinedup audit anchor`): a file outside the database, and optionally a mailbox.
AUDIT_ANCHOR_FILE = Path(envstr("JOINEDUP_AUDIT_ANCHOR_FILE", str(VAR_DIR / "audit-anchors.jsonl")))
AUDIT_ANCHOR_EMAIL = envstr("JOINEDUP_AUDIT_ANCHOR_EMAIL", "")
# Links in notification emails, and the safeguarding partnership business unit (told of partnership-stage escalations).
JOINEDUP_SITE_URL = envstr("JOINEDUP_SITE_URL", "http://127.0.0.1:8000")
# Context prompts after an import: files whose neighbourhood holds more people are left to the daily run.
JOINEDUP_CONTEXT_IMPORT_LIMIT = envint("JOINEDUP_CONTEXT_IMPORT_LIMIT", 5000)
JOINEDUP_PARTNERSHIP_UNIT_EMAIL = envstr("JOINEDUP_PARTNERSHIP_UNIT_EMAIL", "partnership-unit@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}

# The map of places (docs/map.md): areas from a GeoJSON file (unset: the synthetic layout); tiles only if a URL is set.
JOINEDUP_MAP_AREAS = envstr("JOINEDUP_MAP_AREAS", "")
JOINEDUP_MAP_TILE_URL = envstr("JOINEDUP_MAP_TILE_URL", "")
JOINEDUP_MAP_TILE_ATTRIBUTION = envstr("JOINEDUP_MAP_TILE_ATTRIBUTION", "")
