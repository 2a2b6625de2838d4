"""The worker, a separate process, publishes a scheduled story; the web process's cached home page shows it at once.

Without REDIS_URL the cache is the database's (newsroom.settings.base), so the worker's purge reaches the pages the
server cached. Both processes must open one database, so this runs in the PostgreSQL pass (the SQLite pass keeps
its test database in memory). With a per-process cache (LocMemCache) in the test process it fails: the home page
stays the one cached before the worker ran.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Revision

from ..factories import ArticlePageFactory, TopicPageFactory

REPO = Path(__file__).resolve().parents[2]
# What newsroom.settings.base configures without REDIS_URL, which the worker below runs with.
DEFAULT_CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "newsroom_cache",
        "KEY_PREFIX": "newsroom",
    }
}

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def run_worker_once() -> None:
    """``manage.py worker --once`` in its own process, on the test database, with the default (shared) cache."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.dev",
        "DATABASE_URL": url,
        "REDIS_URL": "",
        "TASK_BACKEND": "immediate",
    }
    subprocess.run([sys.executable, "manage.py", "worker", "--once"], cwd=REPO, env=env, check=True, timeout=120)


def test_a_story_the_worker_publishes_on_schedule_shows_on_the_cached_home_page(client, settings, home_page):
    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs a database it can open: runs in the PostgreSQL pass")
    settings.NEWSROOM_PAGE_CACHE = True
    settings.NEWSROOM_TAGGED_CACHE = True
    with override_settings(CACHES=DEFAULT_CACHES):
        call_command("createcachetable", verbosity=0)
        cache.clear()
        try:
            topic = TopicPageFactory(parent=home_page, title="Movie News", slug="movie-news")
            ArticlePageFactory(parent=topic, title="An older story")
            story = ArticlePageFactory(parent=topic, title="The embargoed story", live=False)
            # Scheduled a while ago for a minute ago: the revision the worker's next pass publishes.
            story.go_live_at = timezone.now() - datetime.timedelta(minutes=1)
            revision = story.save_revision()
            Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=story.go_live_at)

            client.get("/")
            cached = client.get("/")
            assert cached["X-Page-Cache"] == "hit"
            assert "The embargoed story" not in cached.content.decode()

            run_worker_once()

            story.refresh_from_db()
            assert story.live
            assert "The embargoed story" in client.get("/").content.decode()
        finally:
            cache.clear()
