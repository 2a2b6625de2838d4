"""Faults: the cache server dying mid-load, and two editors publishing or creating the same page at once.

The Redis test starts its own throwaway redis-server on a free port (never the shared one) and kills it while
readers and a logged-in editor keep requesting pages. The concurrency tests need PostgreSQL's row locking and run
only there. Each prints a one-line report (``FAULT …``) in the run's summary.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time

import pytest
from django.db import connection, connections
from wagtail.models import Page

from articles.models import ArticlePage

from ..factories import ArticlePageFactory, StudioFactory
from ..security._report import report, tally


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_server():
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield process, port
    process.kill()
    process.wait()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_redis_killed_mid_load_pages_stay_up_uncached_and_editors_stay_logged_in(
    client, settings, topic_page, django_user_model, redis_server
):
    process, port = redis_server
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
    settings.NEWSROOM_PAGE_CACHE = True
    studio = StudioFactory(slug="stx")
    story = ArticlePageFactory(parent=topic_page, title="Still here", links={"studios": [studio]})
    urls = ["/", topic_page.url, story.url, "/studios/stx/", "/search/?q=here", "/feed/"]
    editor = django_user_model.objects.create_superuser("desk", "desk@example.com", "pw")
    desk = type(client)()
    desk.force_login(editor)  # database sessions: the login outlives the cache

    served, errors, cached_before, started = 0, 0, 0, time.monotonic()
    for round_number in range(12):
        if round_number == 6:
            process.kill()
            process.wait()
        for url in urls:
            response = client.get(url)
            served += 1
            errors += response.status_code >= 500
            if round_number < 6 and response.get("X-Page-Cache") == "hit":
                cached_before += 1
            if round_number >= 6:
                assert response.get("X-Page-Cache") != "hit", url  # nothing can come from a dead cache
        admin = desk.get("/admin/")
        served += 1
        errors += admin.status_code != 200
    seconds = time.monotonic() - started
    line = (
        f"FAULT redis-kill: served={served} errors={errors} 5xx={errors} "
        f"cache_hits_before={cached_before} in {seconds:.1f}s"
    )
    report(line)
    tally("fault: redis killed (requests)", served, errors)
    assert cached_before > 0  # the cache really was in use before the kill
    assert errors == 0, line


def run_in_threads(*targets) -> list[BaseException]:
    """Start the targets together; each thread closes its own database connection."""
    failures: list[BaseException] = []
    barrier = threading.Barrier(len(targets))

    def wrap(target):
        def run():
            try:
                barrier.wait()
                target()
            except BaseException as error:  # noqa: BLE001 - reported to the test
                failures.append(error)
            finally:
                connections.close_all()

        return run

    threads = [threading.Thread(target=wrap(target)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return failures


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_editors_publishing_the_same_page_at_once_leave_one_clean_result(topic_page):
    if connection.vendor != "postgresql":
        pytest.skip("row locking under concurrency is tested on PostgreSQL")
    story = ArticlePageFactory(parent=topic_page, title="Original", slug="contested")
    rounds, failures_seen = 10, 0
    for attempt in range(rounds):

        def publish(title: str):
            def run():
                page = ArticlePage.objects.get(pk=story.pk)
                page.title = title
                page.save_revision().publish()

            return run

        failures = run_in_threads(publish(f"First {attempt}"), publish(f"Second {attempt}"))
        failures_seen += len(failures)
        assert not failures, failures
        page = ArticlePage.objects.get(pk=story.pk)
        assert page.live and page.title in (f"First {attempt}", f"Second {attempt}")
        assert page.live_revision.as_object().title == page.title
    assert not any(Page.find_problems())
    report(f"FAULT same-page publish: rounds={rounds} errors={failures_seen} tree_problems=0")
    tally("fault: concurrent publish (rounds)", rounds, failures_seen)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_editors_creating_the_same_slug_at_once_get_one_page(topic_page):
    if connection.vendor != "postgresql":
        pytest.skip("row locking under concurrency is tested on PostgreSQL")
    rounds, created_total = 8, 0
    for attempt in range(rounds):
        slug = f"breaking-{attempt}"

        def create(title: str, slug: str = slug):
            def run():
                parent = Page.objects.get(pk=topic_page.pk).specific
                parent.add_child(instance=ArticlePage(title=title, slug=slug, standfirst="x"))

            return run

        failures = run_in_threads(create("One"), create("Two"))
        created = ArticlePage.objects.filter(slug=slug).count()
        created_total += created
        # One clean result: exactly one page; the loser got an error (validation or a refused insert), not a
        # second page with the same URL.
        assert created == 1, (created, failures)
        assert all(type(error).__name__ in ("ValidationError", "IntegrityError") for error in failures), failures
    assert not any(Page.find_problems())
    report(f"FAULT same-slug create: rounds={rounds} pages={created_total} duplicates=0 tree_problems=0")
    tally("fault: concurrent same-slug create (rounds)", rounds, created_total - rounds)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_mixed_read_load_while_editors_publish(settings, topic_page):
    """Four readers and two publishing editors for a few seconds: no errors, no deadlocks, every publish lands."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers are tested on PostgreSQL")
    from django.test import Client

    settings.NEWSROOM_PAGE_CACHE = True
    studio = StudioFactory(slug="stx")
    stories = [ArticlePageFactory(parent=topic_page, title=f"Story {n}", links={"studios": [studio]}) for n in range(4)]
    urls = ["/", topic_page.url, "/studios/stx/", "/feed/", *(story.url for story in stories)]
    stop = threading.Event()
    served, errors, published = [0], [0], []

    def reader():
        browser = Client()
        while not stop.is_set():
            for url in urls:
                status = browser.get(url).status_code
                served[0] += 1
                errors[0] += status >= 500

    def editor(story_ids):
        def run():
            number = 0
            while not stop.is_set():
                for pk in story_ids:
                    page = ArticlePage.objects.get(pk=pk)
                    number += 1
                    page.title = f"Update {pk}-{number}"
                    page.save_revision().publish()
                    published.append((pk, page.title))

        return run

    ids = [story.pk for story in stories]
    timer = threading.Timer(4.0, stop.set)
    timer.start()
    failures = run_in_threads(reader, reader, reader, reader, editor(ids[:2]), editor(ids[2:]))
    timer.cancel()
    last = dict(published)  # the last title each editor published per story
    lost = sum(ArticlePage.objects.get(pk=pk).title != title for pk, title in last.items())
    line = (
        f"FAULT mixed load: served={served[0]} errors={errors[0]} publishes={len(published)} "
        f"writes_lost={lost} exceptions={len(failures)}"
    )
    report(line)
    tally("fault: mixed load (requests)", served[0], errors[0] + len(failures))
    assert not failures, failures
    assert errors[0] == 0 and lost == 0, line
    assert published and served[0] > 0
