"""Counterclaim's one settings module, driven by environment variables.

See the "Settings" section of README.md for every variable. Production safety
(secret key, debug, hosts) fails loudly instead of falling back silently: a
server without debug refuses to start without a key and host names
(config/wsgi.py).
"""

import os
from datetime import timedelta
from pathlib import Path

from django.utils.csp import CSP

from config.env import database_from_url, env_bool, env_int, env_list, env_rate, sqlite_database

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)

# Without debug, a server refuses to start without a secret key and host
# names (config/wsgi.py, which runserver and gunicorn load). Tools that only
# read the models and the database (makemigrations, migrate, collectstatic)
# do not need them, and run without.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "") or (
    "django-insecure-development-only-key-never-use-in-production" if DEBUG else ""
)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_htmx",
    "simple_history",
    "axes",
    "django_tasks_db",
    "sources",
    "claims",
]

MIDDLEWARE = [
    # First, so that every log line and error page of the request carries its id.
    "config.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before CommonMiddleware, so that even a refused host's 400 page gets the policy.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check and the sign-in requirement: TRACE, and OPTIONS
    # outside the API and the annotation endpoints, are a 405 for everyone.
    "config.methods.RefuseTraceAndOptionsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.sessions.EndInactiveSessionsMiddleware",
    # Default deny: every view needs a signed-in user unless it is marked
    # @login_not_required (the public pages, feeds, sitemap and sign-in).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into config.lockout's page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.csp",
                "config.context_processors.site",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
DATABASES = {
    "default": database_from_url(DATABASE_URL, base_dir=BASE_DIR)
    if DATABASE_URL
    else sqlite_database(BASE_DIR / "db.sqlite3")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "counterclaim",
        }
    }
else:
    # Each server process's own memory: the page cache then keeps its
    # generation in the database, where every process sees it.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# How long an anonymous reader's public page is kept (claims/public/caching.py); any
# change to what the pages show makes it unreachable at once. 0 turns it off.
PUBLIC_PAGE_CACHE_SECONDS = env_int("COUNTERCLAIM_PAGE_CACHE_SECONDS", 600)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes watches every sign-in (its backend comes first and only refuses
# locked-out attempts); the model backend does the signing in.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Where collectstatic gathers the files that WhiteNoise serves in production.
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", "") or BASE_DIR / "staticfiles")
# Uploaded and captured files. Nothing under it is served directly: the
# archive's files go out only through views that check who is asking.
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", "") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # The archive of captured pages and uploaded PDFs (sources/capture/archive.py):
    # WARC files under MEDIA_ROOT/archive by default. Any Django storage backend
    # (django-storages' S3, say) works here by replacing this entry.
    "archive": {
        "BACKEND": os.environ.get(
            "COUNTERCLAIM_ARCHIVE_STORAGE", "django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": {"location": str(MEDIA_ROOT / "archive")}
        if "COUNTERCLAIM_ARCHIVE_STORAGE" not in os.environ
        else {},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# A pasted source may be long (the import form allows 2,000,000 characters,
# up to 8 MB of UTF-8); uploads over 2.5 MB go to a temporary file.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# The largest form (the claim page's, one section at a time) has a few dozen
# fields, and only the import form takes a file, one: a request with more is
# refused with a 400 before any view reads it.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 1

# --- Security (README.md, "Security") ---------------------------------------------

# Behind reverse proxies: how many there are in front of the application.
# Each must append the address it saw to X-Forwarded-For and set
# X-Forwarded-Proto, overwriting whatever the client sent; the client's
# address and HTTPS are then read from those headers (config/client_address.py).
TRUSTED_PROXIES = env_int("DJANGO_TRUSTED_PROXIES", 0)
if TRUSTED_PROXIES > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# HTTPS only, outside development: plain HTTP is redirected, and browsers are
# told (HSTS) never to try it for a year.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# Health checks from a load balancer often come over plain HTTP; a redirect
# would read as "not healthy".
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Only allows the site to be submitted to the browsers' preload lists;
# submitting is a separate, deliberate step.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG and env_bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content Security Policy: scripts and styles come from this site only (a
# script may also carry the request's nonce), never inline or from eval;
# the pages cannot be framed. htmx is configured for it in base.html.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT failures for one
# username from one address, that pair is refused for AXES_COOLOFF_TIME. The
# pair, not the username alone: an attacker elsewhere cannot lock a
# journalist out by guessing at their name.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env_int("COUNTERCLAIM_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("COUNTERCLAIM_LOGIN_COOLOFF_MINUTES", 15))
AXES_RESET_ON_SUCCESS = True
# An attempt while locked out starts the wait again, so guessing on never helps.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
# The one rule for a client's address (config/client_address.py): sign-in
# throttling and the API's throttling (claims/api/throttling.py) both read it.
CLIENT_ADDRESS_CALLABLE = "config.client_address.client_address"
AXES_CLIENT_IP_CALLABLE = CLIENT_ADDRESS_CALLABLE
AXES_LOCKOUT_CALLABLE = "config.lockout.lockout_response"
# No start-up banner on every manage.py command; failures and lockouts are
# still logged, with the username and address masked.
AXES_VERBOSE = False

# Email goes to the console unless SMTP is configured (Django 6.1's MAILERS).
if os.environ.get("DJANGO_EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["DJANGO_EMAIL_HOST"],
                "port": env_int("DJANGO_EMAIL_PORT", 587),
                "username": os.environ.get("DJANGO_EMAIL_USER", ""),
                "password": os.environ.get("DJANGO_EMAIL_PASSWORD", ""),
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", default=True),
                "timeout": env_int("DJANGO_EMAIL_TIMEOUT", 10),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "counterclaim@localhost")

# The newsroom that publishes the verdicts; shown on pages and, later, as the
# ClaimReview author.
NEWSROOM_NAME = os.environ.get("COUNTERCLAIM_NEWSROOM_NAME", "Counterclaim Newsroom")
NEWSROOM_URL = os.environ.get("COUNTERCLAIM_NEWSROOM_URL", "")

# How many editors must approve a verdict before it is public.
VERDICT_APPROVALS_REQUIRED = env_int("COUNTERCLAIM_VERDICT_APPROVALS", 1)

# The API's throttling (claims/api/throttling.py), as requests per period:
# per address for requests without a token, per token for the newsroom's.
API_RATE_ANONYMOUS = env_rate("COUNTERCLAIM_API_RATE_ANONYMOUS", "60/min")
API_RATE_TOKEN = env_rate("COUNTERCLAIM_API_RATE_TOKEN", "600/min")

# --- Capture from the web and from PDFs (README.md, "Capture and the archive") -------

# Background work (django.tasks) on the project's own database: any number of
# `manage.py db_worker` processes, on any number of machines, share the queue.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# How often a task that failed for a reason that may pass (a capture that
# timed out or met a server error, an email the mail server refused) is tried
# in all, and how long to wait after the first try (then twice that, ...).
TASK_ATTEMPTS = env_int("COUNTERCLAIM_TASK_ATTEMPTS", 3)
TASK_RETRY_SECONDS = env_int("COUNTERCLAIM_TASK_RETRY_SECONDS", 30)
# Re-check every captured source for changes this many days after its last
# capture; 0 (the default) checks only when a journalist asks.
RECHECK_DAYS = env_int("COUNTERCLAIM_RECHECK_DAYS", 0)
# Whether readers may download the archived copy of a public source (off by
# default: the copy is the outlet's work). Newsroom members always may.
PUBLIC_ARCHIVE = env_bool("COUNTERCLAIM_PUBLIC_ARCHIVE", default=False)

# Safe fetching (sources/capture/fetching.py). Hosts listed here may be
# fetched although they resolve to loopback, private or reserved addresses:
# a newsroom's intranet, or the tests' local server. Empty by default.
FETCH_ALLOWED_HOSTS = env_list("COUNTERCLAIM_FETCH_ALLOWED_HOSTS", [])
FETCH_TIMEOUT_SECONDS = env_int("COUNTERCLAIM_FETCH_TIMEOUT_SECONDS", 20)
FETCH_MAX_BYTES = env_int("COUNTERCLAIM_FETCH_MAX_BYTES", 20 * 1024 * 1024)
FETCH_USER_AGENT = os.environ.get(
    "COUNTERCLAIM_FETCH_USER_AGENT",
    "Counterclaim/1.0 (newsroom fact-checking archive; +https://github.com/counterclaim)",
)
# PDFs, uploaded or fetched: their largest size and page count.
PDF_MAX_BYTES = env_int("COUNTERCLAIM_PDF_MAX_BYTES", 20 * 1024 * 1024)
PDF_MAX_PAGES = env_int("COUNTERCLAIM_PDF_MAX_PAGES", 500)
# Extraction (HTML and PDF) runs in a child process with these limits, so a
# hostile document cannot hold a worker or exhaust its memory.
EXTRACT_TIMEOUT_SECONDS = env_int("COUNTERCLAIM_EXTRACT_TIMEOUT_SECONDS", 60)
EXTRACT_MAX_MEMORY_MB = env_int("COUNTERCLAIM_EXTRACT_MAX_MEMORY_MB", 1024)

# Every line carries the request's id (config/request_id.py), which the 500
# page shows, so a reader's report can be matched to its error.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.request_id.RequestIdFilter"}},
    "formatters": {
        "with_request_id": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "with_request_id",
        }
    },
    "loggers": {
        # Server errors with their traceback (and refused requests as
        # warnings); the filter here as well puts the id on the record itself,
        # for every handler that receives it, not only the console.
        "django.request": {"filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
