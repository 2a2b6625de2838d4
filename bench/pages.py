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

from articles.models import KINDS, ArticlePage, Studio, TopicPage, public_url  # noqa: E402


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
        # Box office (articles/business/boxoffice.py): the default chart, an old weekend, its feed and the API.
        "box office": "/box-office/",
        "box office 2016": "/box-office/?territory=CN&weekend=2016-03-04",
        "box office feed": "/box-office/feed/",
        "API box office": "/api/v2/box-office/?territory=domestic&limit=20",
    }


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
