"""WebSub (https://www.w3.org/TR/websub/): with ``NEWSROOM_WEBSUB_HUB`` set, feeds name the hub (``<link rel="hub">``
and ``Link`` headers, articles.feeds) and publishing or unpublishing a story tells the hub which feeds changed, so
subscribers get the new items pushed instead of polling.

The pipeline (articles.signals) collects the changed feeds' paths; once the change commits, ``announce`` is queued
on the task backend (the worker, ``manage.py worker``, in production) and posts ``hub.mode=publish`` with each
feed's URL, as the hubs in use accept it. A hub that is down or refuses is logged and skipped: it never undoes or
delays a publication.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django_tasks import task

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 5


def hub_url() -> str:
    """The configured hub's URL, or "" when none is."""
    return getattr(settings, "NEWSROOM_WEBSUB_HUB", "") or ""


def announce_on_commit(page, paths: Iterable[str]) -> None:
    """Queue ``announce`` for these feed paths (on the page's Site) once the current transaction commits."""
    paths = sorted(set(paths))
    if not paths or not hub_url():
        return
    site = page.get_site()
    root = site.root_url if site is not None else settings.NEWSROOM_BASE_URL
    topics = [path if "://" in path else f"{root}{path}" for path in paths]
    transaction.on_commit(lambda: announce.enqueue(topics))


@task()
def announce(topics: list[str]) -> int:
    """Tell the hub that these feeds changed (one ``hub.mode=publish`` post per feed); returns how many it took."""
    hub = hub_url()
    if not hub:
        return 0
    accepted = 0
    for topic in topics:
        data = urllib.parse.urlencode({"hub.mode": "publish", "hub.url": topic}).encode()
        request = urllib.request.Request(  # noqa: S310 - the hub the operator configured
            hub, data=data, method="POST", headers={"Content-Type": "application/x-www-form-urlencoded"}
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                response.read()
                accepted += 1
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            logger.warning("WebSub hub %s refused or missed %s: %s", hub, topic, error)
    return accepted
