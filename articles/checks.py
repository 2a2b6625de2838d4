"""System checks for deployment settings that would make the site serve stale pages or send links that lie."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register

PER_PROCESS_CACHES = {"django.core.cache.backends.locmem.LocMemCache"}


@register()
def shared_cache(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Production with a per-process cache: a purge made by one process (the worker publishing on schedule, another
    web server process) never reaches the pages the others cached. ``NEWSROOM_SINGLE_PROCESS=1`` waives it."""
    if not getattr(settings, "NEWSROOM_REQUIRE_SHARED_CACHE", False):
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PER_PROCESS_CACHES:
        return []
    return [
        Error(
            f"The default cache ({backend}) is private to each process, so pages stay stale after another "
            "process (the worker, another web server process) publishes.",
            hint="Unset CACHES to use the database cache, or set REDIS_URL. If the site really runs as a single "
            "process with no worker, set NEWSROOM_SINGLE_PROCESS=1.",
            id="newsroom.E001",
        )
    ]


@register()
def https_base_url(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Production needs NEWSROOM_BASE_URL on https: emails link to it, and a missing or http address sends editors
    to the wrong host or over plain HTTP."""
    if not getattr(settings, "NEWSROOM_REQUIRE_HTTPS_BASE_URL", False):
        return []
    base_url = getattr(settings, "NEWSROOM_BASE_URL", "")
    parts = urlsplit(base_url)
    if parts.scheme == "https" and parts.hostname:
        return []
    return [
        Error(
            f"NEWSROOM_BASE_URL ({base_url or 'unset'}) must be an https:// address in production.",
            hint="Set NEWSROOM_BASE_URL=https://<the site's host>, or list that host first in ALLOWED_HOSTS.",
            id="newsroom.E002",
        )
    ]
