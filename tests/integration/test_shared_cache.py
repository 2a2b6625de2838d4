"""The worker, a separate process, publishes a scheduled story; the web process's cached home page shows it at once.

Without REDIS_URL the cache is the database's (newsroom.settings.base), so the worker's purge reaches the pages the
server cached. Both processes must open one database: the PostgreSQL pass uses its test database, the SQLite pass
(whose test database is in memory) runs `make run`'s server and `make worker` as two processes on a file. With a
per-process cache (LocMemCache) it fails: the home page stays the one cached before the worker ran.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import time
import urllib.request
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

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def schedule_a_story(home):
    """A topic with a live story and one scheduled a minute ago: the revision the worker's next pass publishes."""
    topic = TopicPageFactory(parent=home, title="Movie News", slug="movie-news")
    ArticlePageFactory(parent=topic, title="An older story")
    story = ArticlePageFactory(parent=topic, title="The embargoed story", live=False)
    story.go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    revision = story.save_revision()
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=story.go_live_at)
    return story


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


@pytest.mark.postgres
def test_a_story_the_worker_publishes_on_schedule_shows_on_the_cached_home_page(client, settings, home_page):
    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs a database it can open: runs in the PostgreSQL pass")
    settings.NEWSROOM_PAGE_CACHE = True
    settings.NEWSROOM_TAGGED_CACHE = True
    with override_settings(CACHES=DEFAULT_CACHES):
        call_command("createcachetable", verbosity=0)
        cache.clear()
        try:
            story = schedule_a_story(home_page)

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


# The SQLite test's server and worker run on their own database, which this builds in a third process.
SETUP_SCRIPT = """
from tests.factories import make_home_page
from tests.integration.test_shared_cache import schedule_a_story

schedule_a_story(make_home_page())
"""


def test_make_run_and_make_worker_share_invalidation_without_redis(tmp_path):
    """`make run` (runserver) and `make worker` as two real processes on one SQLite file and the default cache: the
    story the worker publishes on schedule shows on the home page the server had cached."""
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL pass runs the same with the test database above")
    from .test_faults import free_port

    env = {
        **{key: value for key, value in os.environ.items() if key not in ("DJANGO_ALLOW_ASYNC_UNSAFE",)},
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'newsroom.sqlite3'}",
        "REDIS_URL": "",
        "TASK_BACKEND": "immediate",
        "DEBUG": "0",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }

    def manage(*args: str) -> None:
        subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=env, check=True, timeout=180)

    manage("migrate", "--noinput", "-v0")
    manage("shell", "-c", SETUP_SCRIPT)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        home = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(home, timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        with urllib.request.urlopen(home, timeout=5) as response:
            assert response.headers["X-Page-Cache"] == "hit"
            assert "The embargoed story" not in response.read().decode()

        manage("worker", "--once")

        with urllib.request.urlopen(home, timeout=5) as response:
            assert "The embargoed story" in response.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=20)
