"""System checks for deployment settings that would make the site serve stale pages."""

from __future__ import annotations

from typing import Any

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
