"""Production: HTTPS only, refuses to start without SECRET_KEY."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")

# A per-process cache (LocMemCache) is a system-check error here (articles.checks): the worker and every server
# process must see each other's purges. NEWSROOM_SINGLE_PROCESS=1 waives it for a site run as one process.
NEWSROOM_REQUIRE_SHARED_CACHE = not env_bool("NEWSROOM_SINGLE_PROCESS", False)  # noqa: F405

# Links in emails (and the demo's Site address): NEWSROOM_BASE_URL, by default https:// and the first ALLOWED_HOSTS
# entry. It must be https (articles.checks).
NEWSROOM_BASE_URL = os.environ.get("NEWSROOM_BASE_URL", "").rstrip("/") or (  # noqa: F405
    f"https://{ALLOWED_HOSTS[0].lstrip('.')}" if ALLOWED_HOSTS and ALLOWED_HOSTS[0] != "*" else ""  # noqa: F405
)
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", NEWSROOM_BASE_URL)  # noqa: F405
NEWSROOM_REQUIRE_HTTPS_BASE_URL = True

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)  # noqa: F405
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Read replicas: DATABASE_REPLICA_URLS="postgres://…@replica1/newsroom,postgres://…@replica2/newsroom".
for index, url in enumerate(env_list("DATABASE_REPLICA_URLS")):  # noqa: F405
    DATABASES[f"replica{index + 1}"] = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)  # noqa: F405
    DATABASES[f"replica{index + 1}"]["TEST"] = {"MIRROR": "default"}  # noqa: F405
if len(DATABASES) > 1:  # noqa: F405
    DATABASE_ROUTERS = ["newsroom.routers.PrimaryReplicaRouter"]

# Media on S3-compatible storage (pip install -r requirements-production.txt): set MEDIA_S3_BUCKET and the
# usual AWS_* variables (AWS_S3_ENDPOINT_URL for non-AWS providers, AWS_S3_CUSTOM_DOMAIN for a CDN).
if os.environ.get("MEDIA_S3_BUCKET"):  # noqa: F405
    STORAGES["default"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["MEDIA_S3_BUCKET"],  # noqa: F405
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": False,
        },
    }

# A CDN in front of the site: Wagtail purges changed pages from it (see articles.signals). Example for
# Cloudflare: WAGTAILFRONTENDCACHE_CLOUDFLARE_ZONEID and WAGTAILFRONTENDCACHE_CLOUDFLARE_BEARER_TOKEN.
if os.environ.get("WAGTAILFRONTENDCACHE_CLOUDFLARE_ZONEID"):  # noqa: F405
    WAGTAILFRONTENDCACHE = {
        "cloudflare": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "ZONEID": os.environ["WAGTAILFRONTENDCACHE_CLOUDFLARE_ZONEID"],  # noqa: F405
            "BEARER_TOKEN": os.environ.get("WAGTAILFRONTENDCACHE_CLOUDFLARE_BEARER_TOKEN", ""),  # noqa: F405
        }
    }
