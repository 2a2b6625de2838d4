"""Query count and latency of every public page type, uncached, in-process, on the database DATABASE_URL names.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench_100000 .venv/bin/python bench/pages.py

Each page is requested through Django's test client with the full-page cache off (application caches such as the
navigation stay on, as in production): one warm-up request, then ``--repeat`` timed ones. Entity, tag and search
pages use the most-linked studio, person, film and tag, the worst case. Prints one row per page type.
``--cold`` empties the cache before every request: what a page costs right after a change, before its counts,
cards and body are cached again.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.signals import request_finished  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from taggit.models import Tag  # noqa: E402

from articles.models import KINDS, ArticlePage, ReviewPage, Studio, TopicPage, public_url  # noqa: E402


def most_linked(model):
    return model.objects.annotate(n=Count("articles")).order_by("-n").first()


def page_urls() -> dict[str, str]:
    tag = Tag.objects.annotate(n=Count("articles_articletag_items")).order_by("-n").first()
    article = ArticlePage.objects.live().order_by("-date").first()
    topic = TopicPage.objects.live().get(slug="movie-news")
    studio = most_linked(Studio)
    return {
        "home": "/",
        "topic": topic.url,
        "topic page 5": f"{topic.url}?page=5",
        "article": article.url,
        **{kind.key: most_linked(kind.model).get_absolute_url() for kind in KINDS.entities()},
        "tag": public_url(tag),
        "search": f"/search/?q={studio.name.split()[0]}",
        "search (2 words)": "/search/?q=" + "+".join(studio.name.split()[:2]),
        "feed": "/feed/",
        "topic feed": f"{topic.url}feed/",
        "API articles": "/api/v2/pages/?type=articles.ArticlePage&fields=standfirst,date,studios&limit=20",
        "API studios": "/api/v2/studios/?limit=20",
        # The production slate and reviews (issue #18): a review and its title's page when the corpus has one.
        "slate": "/slate/",
        "slate filtered": "/slate/?status=in_production&genre=action",
        "slate feed": "/slate/feed/",
        **review_urls(),
        **release_urls(),
        **award_urls(),
        **live_page_urls(),
        # Box office (articles/business/boxoffice.py): the default chart, an old weekend, its feed and the API.
        "box office": "/box-office/",
        "box office 2016": "/box-office/?territory=CN&weekend=2016-03-04",
        "box office feed": "/box-office/feed/",
        "API box office": "/api/v2/box-office/?territory=domestic&limit=20",
    }


def live_page_urls() -> dict[str, str]:
    """The live page with the most updates, its updates.json and its feed (none when the corpus has no live page)."""
    from articles.models import LivePage

    live = LivePage.objects.live().annotate(n=Count("updates")).order_by("-n").first()
    if live is None:
        return {}
    return {
        "live page": live.url,
        "live updates.json": f"{live.url}updates.json?since=2000-01-01T00:00:00Z",
        "live feed": f"{live.url}feed/",
    }


def award_urls() -> dict[str, str]:
    """The awards pages (articles.business.awards), at the edition with the most nominations; none without one."""
    from articles.models import AwardEdition

    edition = AwardEdition.objects.select_related("ceremony").annotate(n=Count("nominations")).order_by("-n").first()
    if edition is None:
        return {}
    return {
        "awards": "/awards/",
        "award ceremony": edition.ceremony.get_absolute_url(),
        "award edition": edition.get_absolute_url(),
        "award feed": f"{edition.get_absolute_url()}feed/",
        "API awards": "/api/v2/awards/?fields=nominations&limit=20",
    }


def release_urls() -> dict[str, str]:
    """The release calendar (its busiest month), its iCalendar feed, the API and the film with the most releases
    (bench/make_corpus.py makes no releases yet: on its corpus the calendar is this month's, and empty)."""
    from articles.models import Film, Release

    busiest = Release.objects.values_list("date__year", "date__month").annotate(n=Count("pk")).order_by("-n").first()
    month = f"?month={busiest[0]}-{busiest[1]:02d}" if busiest else ""
    urls = {
        "releases": f"/releases/{month}",
        "releases (China, theatrical)": f"/releases/{month or '?'}{'&' if month else ''}territory=CN&type=theatrical",
        "releases iCalendar": "/releases/calendar.ics",
        "API releases": "/api/v2/releases/?limit=20",
    }
    film = Film.objects.annotate(n=Count("releases")).filter(n__gt=0).order_by("-n").first()
    if film is not None:
        urls["film with releases"] = film.get_absolute_url()
    return urls


def review_urls() -> dict[str, str]:
    review = ReviewPage.objects.live().select_related("reviewed_film").order_by("-date").first()
    if review is None:
        return {}
    section = review.get_parent()
    urls = {
        "review": review.url,
        "reviews section": section.url,
        "API reviews": "/api/v2/pages/?type=articles.ReviewPage&limit=20",
    }
    if review.reviewed_film is not None:
        urls["reviewed film"] = review.reviewed_film.get_absolute_url()
    return urls


def measure(client: Client, url: str, repeat: int, cold: bool = False) -> tuple[int, int, float, float]:
    response = client.get(url)  # warm-up: application caches, connection
    status = response.status_code
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    queries = len(captured)  # now: every request_started clears the connection's query log
    times = []
    for _ in range(repeat):
        if cold:
            cache.clear()  # outside the timing: what the first request after a change costs
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return status, queries, statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--cold", action="store_true", help="empty the cache before each request (counts, cards, bodies all cold)"
    )
    args = parser.parse_args()
    articles = ArticlePage.objects.live().count()
    caches = "application caches cold" if args.cold else "application caches warm"
    print(f"{connection.vendor}, {articles:,} live articles, {args.repeat} requests per page, page cache off, {caches}")
    print(f"{'page':<18} {'status':>6} {'queries':>7} {'median ms':>10} {'p95 ms':>8}")
    # As in Django's own test runner: keep one connection across requests so its queries can be counted (a
    # server keeps persistent connections too, CONN_MAX_AGE).
    request_finished.disconnect(close_old_connections)
    with override_settings(NEWSROOM_PAGE_CACHE=False, DEBUG=False, ALLOWED_HOSTS=["*"]):
        client = Client()
        for name, url in page_urls().items():
            status, queries, median, p95 = measure(client, url, args.repeat, cold=args.cold)
            print(f"{name:<18} {status:>6} {queries:>7} {median:>10.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main()
