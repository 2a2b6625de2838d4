"""Editor paths at the archive size in DATABASE_URL: saving a draft, publishing, and importing with entity linking.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench_100000 .venv/bin/python bench/editor.py

Tasks go to production's database backend unless TASK_BACKEND says otherwise (``TASK_BACKEND=immediate`` runs
search indexing inline, inside the timings).

Save and publish go through Wagtail's own calls (``save_revision``, ``Revision.publish``) with every signal
handler on (cache purges, search index, reference index), as the admin's edit view does after validating the
form. The import runs ``--items`` news items as one JSON file through ``articles.importing`` with entity
suggestions applied (the gazetteer holds every studio, person and film in the database). Everything the run
creates is rolled back at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.dev")
# Production's task backend, as bench/README.md's figures use: search indexing and the reference index are queued
# for the worker. The dev settings' default ("immediate") indexes inline instead, and at 100k articles the
# database search backend then rewrites title norms over the whole index on every save (about 140 ms each).
os.environ.setdefault("TASK_BACKEND", "database")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from articles.importing import import_sources  # noqa: E402
from articles.models import ArticlePage, Film, Person, Studio, TopicPage  # noqa: E402


class Rollback(Exception):
    pass


def timed(action, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return sorted(times)


def news_items(count: int, rng: random.Random) -> list[dict]:
    names = {
        model: list(model.objects.order_by("?").values_list("name", flat=True)[:200])
        for model in (Studio, Person, Film)
    }
    items = []
    for number in range(count):
        studio, person, film = (rng.choice(names[model]) for model in (Studio, Person, Film))
        items.append(
            {
                "headline": f"{studio} signs {person} for {film} (bench {number})",
                "body": [
                    f"{studio} has signed {person} to lead {film}, the studio said on Monday.",
                    f"{person} joins a cast assembled by {studio} over the past year; {film} starts shooting soon.",
                ],
                "date": "2026-11-20T09:00:00+00:00",
                "source_url": f"https://example.com/bench/{number}",
            }
        )
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--items", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(7)
    article = ArticlePage.objects.live().order_by("-date").first()
    print(f"{ArticlePage.objects.count():,} articles; editing “{article.title[:50]}”")
    try:
        with transaction.atomic():
            article = ArticlePage.objects.get(pk=article.pk)

            def save_draft() -> None:
                article.standfirst = f"Edited {time.perf_counter()}"
                article.save_revision()

            def publish() -> None:
                article.standfirst = f"Published {time.perf_counter()}"
                article.save_revision().publish()

            for label, action in (("save draft", save_draft), ("save and publish", publish)):
                times = timed(action, args.repeat)
                median, p95 = statistics.median(times), times[int(len(times) * 0.95) - 1]
                print(f"{label:<18} median {median:7.1f} ms   p95 {p95:7.1f} ms")

            payload = json.dumps(news_items(args.items, rng)).encode()
            topic = TopicPage.objects.get(slug="movie-news")
            start = time.perf_counter()
            report = import_sources([("bench.json", payload)], topic=topic)
            seconds = time.perf_counter() - start
            imported = sum(1 for item in report.items if item.status != "failed")
            linked = ArticlePage.objects.filter(
                source_url__startswith="https://example.com/bench/", studios__isnull=False
            )
            print(
                f"{'import':<18} {imported} of {args.items} items in {seconds:.1f} s → {imported / seconds:.0f} "
                f"articles/s ({linked.distinct().count()} with a studio linked)"
            )
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
