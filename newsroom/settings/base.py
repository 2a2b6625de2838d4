"""Settings shared by every environment: secure by default, configured from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "articles",
    "wagtail.api.v2",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML compressed under gunicorn (WhiteNoise compresses static files itself). BREACH: public pages carry no
    # secret, and Django's gzip adds random bytes to each response to blunt length-based guessing on the rest.
    "django.middleware.gzip.GZipMiddleware",
    # Before sessions, auth, CSRF, the CSP and axes: a hit answers with the headers those added when the page was
    # stored (its CSP and Permissions-Policy have no per-request part), without running them again.
    "articles.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "newsroom.middleware.SecurityHeadersMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a 429.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Counts failed logins and refuses further attempts during a cool-off.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

# DATABASE_URL selects the database: SQLite file by default, PostgreSQL in production,
# e.g. postgres://postgres@127.0.0.1:5432/newsroom
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's PostgreSQL search index has SearchVectorFields and GIN indexes; Django's checks want this app.
    INSTALLED_APPS.append("django.contrib.postgres")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while an editor writes; a busy timeout instead of "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Every process (web server processes, the worker) must share one cache, or a purge made by one never reaches the
# pages another cached. REDIS_URL selects Redis; without it the cache is a table in the database (`migrate` creates
# it), shared by every process that uses the database.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom",
            "TIMEOUT": 600,
            "OPTIONS": {
                # A dead cache must never turn a page into a 500: fall back to rendering uncached.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "newsroom_cache",
            "KEY_PREFIX": "newsroom",
            "TIMEOUT": 600,
            # Culling deletes a third of the entries once there are more than this; pages re-render after it.
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }

# Full-page cache for anonymous readers (articles.cache), purged precisely by articles.signals.
NEWSROOM_PAGE_CACHE = env_bool("NEWSROOM_PAGE_CACHE", True)
NEWSROOM_BENCH_FLOOR = env_bool("NEWSROOM_BENCH_FLOOR", False)  # adds /bench/floor/ for bench/load.py only
NEWSROOM_PAGE_CACHE_SECONDS = int(os.environ.get("NEWSROOM_PAGE_CACHE_SECONDS", "600"))
# Stored pages each server process also keeps in its own memory (0: none), checked against the shared versions on
# every hit; a hit then costs one round trip to the shared cache instead of two (articles.cache, bench/README.md).
NEWSROOM_PAGE_COPIES = int(os.environ.get("NEWSROOM_PAGE_COPIES", "300"))
# Aggregates (list counts) and rendered fragments (story cards, article bodies) cached under dependency-tag versions;
# see articles.cache.remember and articles.fragments.
NEWSROOM_TAGGED_CACHE = env_bool("NEWSROOM_TAGGED_CACHE", True)
# A caching proxy or CDN in front (articles.cdn): how long it may keep a public page (0: no public caching headers),
# how long it may serve one stale while it fetches a new one, and where to send xkey purges (Varnish, see
# docs/deploy.md), e.g. NEWSROOM_XKEY_PURGE_URLS=http://127.0.0.1:6081/
NEWSROOM_CDN_SECONDS = int(os.environ.get("NEWSROOM_CDN_SECONDS", "600"))
NEWSROOM_CDN_STALE_SECONDS = int(os.environ.get("NEWSROOM_CDN_STALE_SECONDS", "30"))
NEWSROOM_XKEY_PURGE_URLS = env_list("NEWSROOM_XKEY_PURGE_URLS")
# A WebSub hub that feeds advertise and that publishing pings (articles/websub.py), e.g. https://hub.example/
NEWSROOM_WEBSUB_HUB = os.environ.get("NEWSROOM_WEBSUB_HUB", "")

# Sessions live in the database, so losing the cache never logs editors out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "collected-static"))
STATIC_URL = "/static/"
# /favicon.ico, /apple-touch-icon.png and /manifest.webmanifest, served from the site's root by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
WHITENOISE_MIMETYPES = {".webmanifest": "application/manifest+json"}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Uploads larger than this are refused before they reach a form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Security defaults; production.py adds HTTPS-only settings.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views override this to SAMEORIGIN
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Background tasks (Wagtail's own and ours) go through django-tasks. "database" queues them for
# `manage.py db_worker` (see `make worker`); "immediate" runs them inline, for development and tests.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKENDS[os.environ.get("TASK_BACKEND", "database")]}}

# Email for workflow notifications and password resets: SMTP on localhost unless overridden.
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom@localhost")

# Content Security Policy (Django's built-in). Public pages carry no inline script or style, so the policy
# needs no nonce and full pages stay cacheable; JSON-LD data blocks are not executed and need no allowance.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "media-src": [CSP.SELF],
    "frame-src": ["https://www.youtube-nocookie.com", "https://www.youtube.com", "https://player.vimeo.com"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Wagtail's preview requests (the editor's live preview panel): the public policy, framable by the admin only
# (newsroom.middleware.SecurityHeadersMiddleware tells them apart by Wagtail's own flag, not by a URL parameter).
PREVIEW_CSP = {**SECURE_CSP, "frame-ancestors": [CSP.SELF]}
# The Wagtail admin needs inline scripts and styles (newsroom.middleware applies this under /admin/); not eval:
# tests/e2e/test_admin_csp.py opens the editor, its live preview and accessibility checks without it.
ADMIN_CSP = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "frame-src": [CSP.SELF, *SECURE_CSP["frame-src"]],
    "frame-ancestors": [CSP.SELF],  # the page editor's live preview
}

# Browser features no page of ours uses; embeds keep theirs through their iframe's own allow attribute.
PERMISSIONS_POLICY = (
    "accelerometer=(), ambient-light-sensor=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), hid=(), interest-cohort=(), magnetometer=(), microphone=(), midi=(), payment=(), serial=(), usb=()"
)

# Behind a reverse proxy, how many proxies append to X-Forwarded-For; 0 trusts REMOTE_ADDR alone (newsroom.throttle).
NEWSROOM_TRUSTED_PROXIES = int(os.environ.get("NEWSROOM_TRUSTED_PROXIES", "0"))

# Login throttling (django-axes): after 5 failures for a username from an address, or 10 failures from an address
# for any usernames, 429 for 15 minutes. Page passwords (newsroom.views): 5 failures per restriction and address.
AXES_FAILURE_LIMIT = 5
NEWSROOM_LOGIN_ADDRESS_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "newsroom.throttle.LoginThrottleHandler"
AXES_CLIENT_IP_CALLABLE = "newsroom.throttle.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
AXES_VERBOSE = False
NEWSROOM_PAGE_PASSWORD_FAILURE_LIMIT = 5
NEWSROOM_PAGE_PASSWORD_WINDOW_SECONDS = 15 * 60

# The address readers and editors reach the site at, without a trailing slash: emails link to it and load_demo gives
# the demo's Wagtail Site its host and port (`make run` sets it from HOST and PORT). Canonical, sitemap and feed URLs
# follow the Wagtail Site (articles.seo.site_root_url), which a real deployment sets to the same address.
NEWSROOM_BASE_URL = os.environ.get("NEWSROOM_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Wagtail
WAGTAIL_SITE_NAME = "Newsroom"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", NEWSROOM_BASE_URL)  # links in notification emails
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no calls home
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no third-party avatars
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000  # refuse decompression bombs
WAGTAILIMAGES_IMAGE_FORM_BASE = "articles.admin.images.ImageForm"  # also refuses truncated and empty files
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"]
WAGTAILSEARCH_BACKENDS = {
    "default": {
        # Wagtail's database backend (PostgreSQL full-text search, SQLite FTS5), tuned for large archives.
        "BACKEND": "articles.search_backend",
        "AUTO_UPDATE": True,
    }
}
WAGTAILEMBEDS_RESPONSIVE_HTML = True
TAGGIT_CASE_INSENSITIVE = True
WAGTAIL_FRONTEND_LOGIN_TEMPLATE = "account/login.html"
LOGIN_REDIRECT_URL = "/"  # readers who sign in without a page to return to (Django's default is a 404)
