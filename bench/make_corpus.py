"""Build a synthetic archive of N articles for the benchmarks, fast: bulk inserts, no add_child per page.

Run from the project root on a migrated database with the demo loaded (it provides the site, topics and images):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench .venv/bin/python bench/make_corpus.py 10000

Distributions: studio, person, film, series and tag popularity follow a Zipf law (a few names in most stories, a
long tail in one or two); each article links 1–3 studios, 1–4 people, 0–2 films, about one in seven a series, and
1–4 tags, has one or two of 50 authors and a date spread over eight years; articles are spread over a dozen topics
(the demo's three plus generated ones whose rules name popular entities). Pages get a real published revision only
for the newest `--revisions` articles (editing an article without one starts from its live fields, as Wagtail does);
the search index is built with Wagtail's own bulk indexer. Prints the articles-per-second rate of each stage and in
all."""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import os
import random
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.dev")

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils.text import slugify  # noqa: E402
from taggit.models import Tag  # noqa: E402
from wagtail.models import Locale, Page, Revision  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402

from articles import listings  # noqa: E402
from articles.models import (  # noqa: E402
    KINDS,
    SLATE_STAGES,
    ArticlePage,
    Author,
    Film,
    Gross,  # noqa: E402
    Person,
    Series,
    StatusChange,
    Studio,
    TopicPage,
)

BATCH = 2_000
SYLLABLES = "ka ri no ma zu ten vel or an mi sol dar bel quin ro sa lu gan fer tis ve mor ha".split()  # noqa: SIM905
STUDIO_WORDS = ["Pictures", "Studios", "Films", "Entertainment", "Media", "Animation"]
SERIES_WORDS = ["Chronicles", "Files", "Diaries", "Street", "Island", "Squad"]
TOPIC_NAMES = ["Box Office", "Streaming", "Festivals", "Awards", "Casting", "Deals", "Animation", "Television", "Games"]


def word(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


class Zipf:
    """Draws ranks 0..n-1 with probability proportional to 1 / (rank + 1) ** s."""

    def __init__(self, n: int, s: float = 1.1) -> None:
        self.cumulative = list(itertools.accumulate(1 / (rank + 1) ** s for rank in range(n)))

    def sample(self, rng: random.Random, k: int) -> list[int]:
        total = self.cumulative[-1]
        chosen = {bisect.bisect_left(self.cumulative, rng.random() * total) for _ in range(k)}
        return sorted(chosen)


def unique_names(rng: random.Random, count: int, make) -> list[str]:
    """``count`` names from ``make`` whose slugs all differ."""
    names: dict[str, str] = {}
    for _ in range(count * 50):
        name = make()
        if slugify(name):
            names.setdefault(slugify(name), name)
        if len(names) >= count:
            return list(names.values())
    raise RuntimeError(f"could not make {count} distinct names")


def make_entities(rng: random.Random, count: int) -> dict[str, list]:
    """``count`` studios, people and films each and a fifth as many series (names unique by slug), plus tags and
    authors."""
    made = {}
    specs = {
        Studio: lambda: f"{word(rng, rng.randint(2, 3))} {rng.choice(STUDIO_WORDS)}",
        Person: lambda: f"{word(rng)} {word(rng, 3)}",
        Film: lambda: f"The {word(rng, 3)}" if rng.random() < 0.3 else f"{word(rng)} {word(rng, 2)}",
        Series: lambda: f"{word(rng, 2)} {rng.choice(SERIES_WORDS)}" if rng.random() < 0.3 else word(rng, 3),
    }
    for model, make in specs.items():
        wanted = count // 5 if model is Series else count
        taken = set(model.objects.values_list("slug", flat=True))
        names = [name for name in unique_names(rng, wanted * 2, make) if slugify(name) not in taken][:wanted]
        model.objects.bulk_create([model(name=name, slug=slugify(name)) for name in names], batch_size=BATCH)
        made[model.entity_type] = list(model.objects.order_by("pk").values_list("pk", "name"))
    taken = set(Tag.objects.values_list("slug", flat=True))
    tag_names = [
        n for n in unique_names(rng, count * 3, lambda: word(rng, rng.randint(2, 3))) if slugify(n) not in taken
    ]
    Tag.objects.bulk_create([Tag(name=name, slug=slugify(name)) for name in tag_names[: count * 2]], batch_size=BATCH)
    made["tag"] = list(Tag.objects.order_by("pk").values_list("pk", "name"))
    author_names = unique_names(rng, 50, lambda: f"{word(rng)} {word(rng, 3)}")
    Author.objects.bulk_create(
        [
            Author(name=name, slug=slugify(name))
            for name in author_names
            if not Author.objects.filter(slug=slugify(name))
        ]
    )
    made["author"] = list(Author.objects.order_by("pk").values_list("pk", "name"))
    return made


def make_slate(rng: random.Random, made: dict[str, list]) -> int:
    """A status history for every film and series: one to four changes along the slate's stages, months apart;
    each title's status is its last (``StatusChange.save`` would set it; bulk inserts bypass it)."""
    import datetime

    rows, latest = [], {}
    for kind in ("film", "series"):
        for pk, _ in made[kind]:
            day = datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randint(0, 700))
            for stage in SLATE_STAGES[: rng.randint(1, 4)]:
                rows.append(StatusChange(**{f"{kind}_id": pk}, status=stage, date=day))
                latest[kind, pk] = stage
                day += datetime.timedelta(days=rng.randint(20, 200))
    StatusChange.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    for kind, model in (("film", Film), ("series", Series)):
        for stage in SLATE_STAGES:
            ids = [pk for (k, pk), last in latest.items() if k == kind and last == stage]
            for chunk in range(0, len(ids), BATCH):
                model.objects.filter(pk__in=ids[chunk : chunk + BATCH]).update(status=stage)
    return len(rows)


def make_topics(rng: random.Random, made: dict[str, list]) -> list[TopicPage]:
    """The demo's topics plus generated ones whose rules name popular entities and tags."""
    home = TopicPage.objects.first().get_parent()
    for name in TOPIC_NAMES:
        if TopicPage.objects.filter(slug=slugify(name)).exists():
            continue
        topic = TopicPage(title=name, slug=slugify(name), show_in_menus=False)
        home.add_child(instance=topic)
        topic.rule_studios.set([pk for pk, _ in rng.sample(made["studio"][:20], 2)])
        topic.rule_tags.set([pk for pk, _ in rng.sample(made["tag"][:30], 2)])
        topic.save_revision().publish()
    return list(TopicPage.objects.live().order_by("path"))


def insert_articles(rng: random.Random, count: int, made: dict[str, list], topics: list[TopicPage]) -> list[int]:
    """Page rows, then articles_articlepage rows (bulk_create cannot do multi-table inheritance), then links."""
    content_type = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()
    zipf = {kind: Zipf(len(rows)) for kind, rows in made.items()}
    now = datetime.now(UTC)
    start = {topic.pk: topic.numchild for topic in topics}
    ids: list[int] = []
    fields = [f for f in ArticlePage._meta.local_concrete_fields if f.column != "page_ptr_id"]
    columns = ", ".join(["page_ptr_id", *(connection.ops.quote_name(f.column) for f in fields)])
    placeholders = ", ".join(["%s"] * (len(fields) + 1))
    table = ArticlePage._meta.db_table
    insert = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names from the model
    serial = ArticlePage.objects.count()
    for offset in range(0, count, BATCH):
        size = min(BATCH, count - offset)
        pages, rows, links = [], [], []
        for _ in range(size):
            serial += 1
            topic = rng.choice(topics)
            start[topic.pk] += 1
            linked = {
                kind: [made[kind][i] for i in zipf[kind].sample(rng, rng.randint(lo, hi))]
                for kind, lo, hi in (
                    ("studio", 1, 3),
                    ("person", 1, 4),
                    ("film", 0, 2),
                    ("series", 0, 1) if rng.random() < 0.15 else ("series", 0, 0),
                    ("tag", 1, 4),
                    ("author", 1, 2),
                )
            }
            names = [name for kind in KINDS.entities() for _, name in linked[kind.key]]
            title = f"{names[0]} {rng.choice(['signs', 'unveils', 'joins', 'leads', 'backs'])} {word(rng, 3)} #{serial}"
            slug = f"{slugify(title)}"[:200]
            date = now - timedelta(seconds=rng.randint(0, 8 * 365 * 86400))
            pages.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    content_type=content_type,
                    path=ArticlePage._get_path(topic.path, topic.depth + 1, start[topic.pk]),
                    depth=topic.depth + 1,
                    numchild=0,
                    url_path=f"{topic.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=date,
                    last_published_at=date,
                    locale=locale,
                    translation_key=uuid.uuid4(),
                )
            )
            body = [
                {
                    "type": "paragraph",
                    "id": str(uuid.uuid4()),
                    "value": f"<p>{' and '.join(names)} in a story of "
                    f"{word(rng, 4).lower()} {word(rng, 3).lower()} and {word(rng, 3).lower()}.</p>",
                }
                for _ in range(rng.randint(2, 5))
            ]
            rows.append(
                {
                    "standfirst": f"{', '.join(names[:3])}: {word(rng, 4).lower()} news.",
                    "date": date,
                    "body": json.dumps(body),
                }
            )
            links.append(linked)
        created = Page.objects.bulk_create(pages)
        values = []
        for page, row in zip(created, rows, strict=True):
            article = ArticlePage(page_ptr_id=page.pk, **{k: v for k, v in row.items() if k != "body"})
            prepared = [page.pk]
            for field in fields:
                if field.name == "body":
                    prepared.append(row["body"])
                else:
                    prepared.append(field.get_db_prep_save(field.pre_save(article, add=True), connection))
            values.append(prepared)
        with connection.cursor() as cursor:
            cursor.executemany(insert, values)
        for kind in KINDS:
            table = kind.links
            table.model.objects.bulk_create(
                [
                    table.model(**{table.owner_column: page.pk, table.column: pk})
                    for page, linked in zip(created, links, strict=True)
                    for pk, _ in linked[kind.key]
                ],
                batch_size=BATCH * 3,
            )
        ids.extend(page.pk for page in created)
    for topic in topics:
        Page.objects.filter(pk=topic.pk).update(numchild=start[topic.pk])
    return ids


def add_revisions(article_ids: list[int]) -> None:
    """A published revision for each of these articles, built in bulk (save_revision per page fires signals)."""
    content_type = ContentType.objects.get_for_model(ArticlePage)
    base = ContentType.objects.get_for_model(Page)
    articles = ArticlePage.objects.filter(pk__in=article_ids).prefetch_related(
        *(kind.article_field for kind in KINDS if kind.key != "tag"), "tagged_items"
    )
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=content_type,
                base_content_type=base,
                object_id=str(article.pk),
                object_str=article.title,
                content=article.serializable_data(),
                created_at=article.last_published_at,
                approved_go_live_at=None,
            )
            for article in articles
        ]
    )
    pages = [
        Page(pk=int(revision.object_id), latest_revision_id=revision.pk, live_revision_id=revision.pk)
        for revision in revisions
    ]
    Page.objects.bulk_update(pages, ["latest_revision", "live_revision"])


def index_chunk(article_ids: list[int]) -> None:
    """Add these articles to Wagtail's search index (PostgreSQL full-text or SQLite FTS5)."""
    index = get_search_backend().get_index_for_model(ArticlePage)
    queryset = ArticlePage.objects.filter(pk__in=article_ids).prefetch_related(
        *(kind.article_field for kind in KINDS.subjects())
    )
    index.add_items(ArticlePage, list(queryset))


def index(article_ids: list[int]) -> None:
    for offset in range(0, len(article_ids), BATCH):
        index_chunk(article_ids[offset : offset + BATCH])


def make_grosses(rng: random.Random, films: list[tuple[int, str]], weeks: int = 520) -> int:
    """Ten years of weekly box-office charts in two territories (two openings a week, each film charting six
    weekends with its takings falling, a cumulative total after each), so /box-office/ and film pages have rows."""
    first = date(2016, 1, 1)
    rows = []
    for territory, currency in (("domestic", "USD"), ("CN", "CNY")):
        openings = [rng.sample(films, 2) for _ in range(weeks)]
        for week in range(weeks):
            playing = [(film_id, age) for age in range(6) if week - age >= 0 for film_id, _ in openings[week - age]]
            grosses = {film_id: rng.randint(2, 90) * 1_000_000 * (0.5**age) for film_id, age in playing}
            day = first + timedelta(days=7 * week)
            for rank, film_id in enumerate(sorted(grosses, key=grosses.get, reverse=True), 1):
                amount = round(grosses[film_id])
                rows.append(
                    Gross(
                        film_id=film_id,
                        territory=territory,
                        period="weekend",
                        date=day,
                        amount=amount,
                        currency=currency,
                        rank=rank,
                        theatres=rng.randint(500, 4000),
                    )
                )
                rows.append(
                    Gross(
                        film_id=film_id,
                        territory=territory,
                        period="cumulative",
                        date=day + timedelta(days=2),
                        amount=amount * 2,
                        currency=currency,
                    )
                )
    # A film picked to open twice in a territory charts once per date: the unique constraint drops the repeat.
    Gross.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int, help="how many articles to add")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--entities", type=int, help="studios, people and films of each kind (default N/50, ≥100)")
    parser.add_argument("--revisions", type=int, default=200, help="newest articles given a stored revision")
    parser.add_argument("--no-index", action="store_true", help="skip the search index")
    args = parser.parse_args()
    if not TopicPage.objects.exists():
        sys.exit("No topics: run `manage.py migrate` and `manage.py load_demo` on this database first.")
    rng = random.Random(args.seed)
    timings = {}
    began = time.perf_counter()
    with transaction.atomic():
        mark = time.perf_counter()
        made = make_entities(rng, args.entities or max(100, args.articles // 50))
        topics = make_topics(rng, made)
        make_slate(rng, made)
        make_grosses(rng, made["film"])
        timings["entities, tags, topics"] = time.perf_counter() - mark
        mark = time.perf_counter()
        ids = insert_articles(rng, args.articles, made, topics)
        timings["articles and links"] = time.perf_counter() - mark
        mark = time.perf_counter()
        newest = list(
            ArticlePage.objects.filter(pk__in=ids).order_by("-date").values_list("pk", flat=True)[: args.revisions]
        )
        add_revisions(newest)
        timings["revisions"] = time.perf_counter() - mark
        mark = time.perf_counter()
        listings.rebuild()  # the bulk inserts bypass ArticlePage.save(), which keeps the listings otherwise
        timings["story listings"] = time.perf_counter() - mark
    if not args.no_index:
        mark = time.perf_counter()
        index(ids)
        timings["search index"] = time.perf_counter() - mark
    if connection.vendor == "postgresql":
        # What autovacuum would do within minutes on a live site: planner statistics for the bulk-loaded tables
        # (without them PostgreSQL guesses, and e.g. an article's topics took 40 ms instead of 1) and a fresh
        # visibility map for index-only counts.
        mark = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        timings["vacuum analyze"] = time.perf_counter() - mark
    total = time.perf_counter() - began
    built = total - timings.get("search index", 0)
    problems = Page.find_problems() if args.articles <= 20_000 else None
    for stage, seconds in timings.items():
        print(f"{stage:<24} {seconds:8.1f} s")
    print(f"{'built without the index':<24} {built:8.1f} s  → {args.articles / built:,.0f} articles/s")
    print(
        f"{'total':<24} {total:8.1f} s  → {args.articles / total:,.0f} articles/s "
        f"({ArticlePage.objects.count():,} articles, {sum(len(v) for v in made.values()):,} entities/tags/authors)"
    )
    if problems is not None:
        print("tree problems:", "none" if not any(problems) else problems)


if __name__ == "__main__":
    main()
