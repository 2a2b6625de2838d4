"""Tests: fast hashing, local-memory cache, SQLite in memory unless DATABASE_URL points at PostgreSQL."""

import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # noqa: S303 - test speed only
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "newsroom-tests"}}
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
MEDIA_ROOT = Path(os.environ.get("TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="newsroom-media-"))  # noqa: F405
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
NEWSROOM_BASE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"  # the test client's host, whatever the shell sets
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Throttling is exercised by its own tests with override_settings; elsewhere it would trip on client.login().
AXES_ENABLED = False
# Purges run on transaction commit, which the usual rolled-back test transaction never reaches; the cache's own
# tests (tests/test_cache.py) switch it on with real transactions.
NEWSROOM_PAGE_CACHE = False
NEWSROOM_TAGGED_CACHE = False  # same reason; tests/test_listings.py switches it on with real transactions
WHITENOISE_USE_FINDERS = True  # serve static files without collectstatic
