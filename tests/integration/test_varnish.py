"""A real Varnish (Debian's varnish and varnish-modules for xkey) in front of the application, run with the VCL
that docs/deploy.md ships: a publish, an unpublish, an entity rename, a curation merge and a scheduled publication
each make every affected page (the pages API too) fresh through Varnish within a second, while an unaffected page
stays a cache hit.

The test starts varnishd on a free loopback port in front of pytest-django's live server and stops it."""

from __future__ import annotations

import os
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Revision

from articles.curation.entities import merge_entities
from articles.models import ArticlePage
from bench.varnish import is_installed, running_varnish

from ..e2e.conftest import restore_migration_rows
from ..factories import (
    ArticlePageFactory,
    FilmCreditFactory,
    FilmFactory,
    PersonFactory,
    StudioFactory,
    TopicPageFactory,
)
from ..security._report import report, tally

pytestmark = pytest.mark.django_db(transaction=True)

FRESH_WITHIN = 1.0


@pytest.fixture
def varnish(live_server, settings):
    if not is_installed():
        if os.environ.get("NEWSROOM_REQUIRE_BROWSER") == "1":  # CI installs it with the browser
            pytest.fail("varnishd is missing; CI must install Debian's varnish and varnish-modules")
        pytest.skip("varnishd is not installed (apt-get install varnish varnish-modules)")
    restore_migration_rows()  # an earlier live-server test's flush removed what migrations made
    with ExitStack() as stack:
        try:
            base = stack.enter_context(running_varnish(int(live_server.url.rsplit(":", 1)[1])))
        except RuntimeError as error:
            pytest.fail(str(error))
        settings.NEWSROOM_PAGE_CACHE = True
        settings.NEWSROOM_TAGGED_CACHE = True
        settings.NEWSROOM_XKEY_PURGE_URLS = [f"{base}/"]
        cache.clear()
        yield base


def get(base: str, path: str) -> tuple[str, str]:
    with urllib.request.urlopen(base + path, timeout=5) as response:
        return response.read().decode(), response.headers.get("X-Cache", "")


def fresh(base: str, path: str, check) -> float | None:
    """Seconds until ``check(body)`` holds through Varnish, or None if it does not within FRESH_WITHIN."""
    started = time.monotonic()
    while True:
        body, _ = get(base, path)
        if check(body):
            return time.monotonic() - started
        if time.monotonic() - started > FRESH_WITHIN:
            return None
        time.sleep(0.05)


@pytest.fixture
def newsroom(varnish, request):
    home_page = request.getfixturevalue("home_page")
    topic = TopicPageFactory(parent=home_page, title="Movie News", slug="movie-news")
    stx, other = StudioFactory(name="STX Entertainment", slug="stx"), StudioFactory(name="Amblin", slug="amblin")
    duplicate = StudioFactory(name="STX Films", slug="stx-films")
    film = FilmFactory(name="Steel Soldiers", slug="steel-soldiers")
    via = StudioFactory(name="ImageMovers", slug="imagemovers")
    FilmCreditFactory(film=film, person=PersonFactory(name="Robert Zemeckis"), via=via)
    ArticlePageFactory(parent=topic, title="STX signs a slate deal", links={"studios": [stx]})
    ArticlePageFactory(parent=topic, title="A story about STX Films", links={"studios": [duplicate]})
    ArticlePageFactory(parent=topic, title="Amblin looks back", links={"studios": [other]})
    return {"topic": topic, "stx": stx, "duplicate": duplicate, "via": via}


AFFECTED = ["/", "/movie-news/", "/studios/stx/", "/api/v2/pages/"]
UNAFFECTED = "/studios/amblin/"


def test_varnish_serves_fresh_pages_after_every_kind_of_change(varnish, newsroom):
    for path in [*AFFECTED, UNAFFECTED, "/films/steel-soldiers/", "/studios/stx-films/"]:
        get(varnish, path)
        assert get(varnish, path)[1] == "HIT", path
    timings: dict[str, float | None] = {}

    def check(change: str, paths: list[str], predicate) -> None:
        for path in paths:
            timings[f"{change} {path}"] = fresh(varnish, path, predicate)
        assert get(varnish, UNAFFECTED)[1] == "HIT", f"{UNAFFECTED} was purged by {change}"

    story = ArticlePageFactory(
        parent=newsroom["topic"], title="Breaking STX news", live=False, links={"studios": [newsroom["stx"]]}
    )
    story.save_revision().publish()
    check("publish", AFFECTED, lambda body: "Breaking STX news" in body)

    ArticlePage.objects.get(pk=story.pk).unpublish()
    check("unpublish", AFFECTED, lambda body: "Breaking STX news" not in body)

    newsroom["via"].name = "ImageMovers Digital"
    newsroom["via"].save()
    check("rename", ["/films/steel-soldiers/"], lambda body: "ImageMovers Digital" in body)

    merge_entities(newsroom["duplicate"], into=newsroom["stx"])
    check("merge", ["/studios/stx/"], lambda body: "A story about STX Films" in body)
    with pytest.raises(urllib.error.HTTPError) as gone:  # the old URL now redirects; the redirect is not stale
        urllib.request.build_opener(NoRedirect).open(varnish + "/studios/stx-films/", timeout=5)
    assert gone.value.code == 301

    scheduled = ArticlePageFactory(
        parent=newsroom["topic"], title="Embargo lifted", live=False, links={"studios": [newsroom["stx"]]}
    )
    scheduled.go_live_at = timezone.now() - timedelta(seconds=5)
    revision = scheduled.save_revision()
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=scheduled.go_live_at)
    call_command("publish_scheduled", verbosity=0)
    check("scheduled publication", AFFECTED, lambda body: "Embargo lifted" in body)

    late = {name: seconds for name, seconds in timings.items() if seconds is None}
    tally("Varnish freshness (change × page)", len(timings), len(late))
    slowest = max(seconds for seconds in timings.values() if seconds is not None)
    report(f"FAULT Varnish: {len(timings)} change × page checks fresh within {slowest:.2f}s, unaffected page a HIT")
    assert not late, late


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
