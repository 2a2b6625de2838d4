"""Keeps ``StoryListing`` (articles.models.listings) in step with the page tree, and reads it.

A story is on a list while it is live and public: "all", its parent topic and every topic whose rules it matches,
each studio, person and film it links, each author and tag. Rows are written in the same transaction as the
change, so a reader never sees a list that disagrees with the pages:

- ``ArticlePage.save()`` (creating, publishing, unpublishing, scheduled publishing and expiry all save the page
  with its relations) and page moves re-list the article;
- ``TopicPage.save()`` (a published change of rules) re-lists the topic;
- view restrictions re-list the articles under the page; deleting a topic, entity, author or tag drops its list
  and re-lists the topics whose rules named it; deleted articles go by cascade;
- curation services, which move link rows in bulk, re-list what they touched (curation.base._purge).

Each list is written with ``INSERT … SELECT`` from the same querysets the ORM would use to answer it directly
(``ArticlePageQuerySet.published()``, ``for_topic()``), so the table cannot drift from their meaning;
``manage.py rebuild_listings --check`` compares the two.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import batched

from django.db import connection
from django.db.models import F, IntegerField, QuerySet, Value

from .models import KINDS, ArticlePage, StoryListing, TopicPage

CHUNK = 2_000
Kind = StoryListing.Kind


def _links() -> tuple:
    """(kind, link table, its article column, its key column) for each linked list."""
    return tuple((kind.key, kind.links.model, kind.links.owner, kind.links.column) for kind in KINDS)


def _rules() -> tuple:
    """(kind, topic rule table, its key column) for each kind of topic rule."""
    return tuple((kind.key, kind.rules.model, kind.rules.column) for kind in KINDS.subjects())


def _insert_select(rows: QuerySet) -> None:
    """``INSERT INTO storylisting (kind, key, article_id, date) SELECT …`` from a four-column ``values_list``."""
    sql, params = rows.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in ("kind", "key", "article_id", "date"))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(StoryListing._meta.db_table)} ({columns}) {sql}", params)  # noqa: S608


def _as_rows(queryset: QuerySet, kind: str, key, article: str, date: str) -> QuerySet:
    return queryset.annotate(listing_kind=Value(kind), listing_key=key).values_list(
        "listing_kind", "listing_key", article, date
    )


def _insert_articles(published: QuerySet) -> None:
    """The rows of every list except topics for these published articles, one statement per kind."""
    _insert_select(_as_rows(published.order_by(), Kind.ALL, Value(0, output_field=IntegerField()), "pk", "date"))
    ids = published.order_by().values("pk")
    for kind, through, article, column in _links():
        links = through.objects.filter(**{f"{article}_id__in": ids}).order_by()
        _insert_select(_as_rows(links, kind, F(column), f"{article}_id", f"{article}__date"))


def _topic_rows(article_ids: list[int]) -> list[StoryListing]:
    """Topic rows for these articles (already listed under their links): parent topics and matching rules."""
    articles = {
        pk: (path, date)
        for pk, path, date in ArticlePage.objects.published()
        .filter(pk__in=article_ids)
        .values_list("pk", "path", "date")
    }
    if not articles:
        return []
    topics: dict[int, set[int]] = defaultdict(set)
    parents = {path[: -ArticlePage.steplen] for path, _ in articles.values()}
    topic_by_path = dict(TopicPage.objects.filter(path__in=parents).values_list("path", "pk"))
    for pk, (path, _) in articles.items():
        if path[: -ArticlePage.steplen] in topic_by_path:
            topics[pk].add(topic_by_path[path[: -ArticlePage.steplen]])
    linked: dict[tuple[str, int], list[int]] = defaultdict(list)
    rule_kinds = [kind for kind, _, _ in _rules()]
    for kind, key, article_id in StoryListing.objects.filter(article_id__in=articles, kind__in=rule_kinds).values_list(
        "kind", "key", "article_id"
    ):
        linked[kind, key].append(article_id)
    for kind, through, column in _rules():
        keys = [key for linked_kind, key in linked if linked_kind == kind]
        if keys:
            for key, topic in through.objects.filter(**{f"{column}__in": keys}).values_list(column, "topicpage_id"):
                for article_id in linked[kind, key]:
                    topics[article_id].add(topic)
    return [
        StoryListing(kind=Kind.TOPIC, key=topic, article_id=pk, date=articles[pk][1])
        for pk, topic_ids in topics.items()
        for topic in topic_ids
    ]


def sync_articles(article_ids: Iterable[int]) -> None:
    """Re-list these articles on every list, as they are stored now (call inside the change's transaction)."""
    for chunk in batched(sorted(set(article_ids)), CHUNK):
        StoryListing.objects.filter(article_id__in=chunk).delete()
        published = ArticlePage.objects.published().filter(pk__in=chunk)
        if not published.exists():
            continue
        _insert_articles(published)
        StoryListing.objects.bulk_create(_topic_rows(list(chunk)), batch_size=CHUNK)


def sync_articles_under(path: str) -> None:
    """Re-list every article at or below a page (after a move or a change of view restriction)."""
    sync_articles(ArticlePage.objects.filter(path__startswith=path).values_list("pk", flat=True))


def sync_topics(topic_ids: Iterable[int]) -> None:
    """Re-list these topics' stories: their own articles plus every article their rules match."""
    for topic in TopicPage.objects.filter(pk__in=list(topic_ids)):
        StoryListing.objects.filter(kind=Kind.TOPIC, key=topic.pk).delete()
        stories = ArticlePage.objects.published().for_topic(topic).order_by()
        _insert_select(_as_rows(stories, Kind.TOPIC, Value(topic.pk, output_field=IntegerField()), "pk", "date"))


def forget(kind: str, key: int) -> None:
    """Drop a deleted topic's, entity's, author's or tag's list."""
    StoryListing.objects.filter(kind=kind, key=key).delete()


def rebuild() -> int:
    """Recompute the whole table from the pages (bulk loads, repairs); returns the number of rows."""
    StoryListing.objects.all().delete()
    _insert_articles(ArticlePage.objects.published())
    sync_topics(TopicPage.objects.values_list("pk", flat=True))
    return StoryListing.objects.count()


def drift() -> dict[str, int]:
    """Rows missing from, and rows extra in, the table compared with a rebuild (rolled back), by kind."""
    from django.db import transaction

    def snapshot() -> set[tuple]:
        return set(StoryListing.objects.values_list("kind", "key", "article_id", "date"))

    stored = snapshot()
    with transaction.atomic():
        rebuild()
        fresh = snapshot()
        transaction.set_rollback(True)
    report: dict[str, int] = {}
    for label, rows in (("missing", fresh - stored), ("extra", stored - fresh)):
        for kind, *_ in rows:
            report[f"{label} {kind}"] = report.get(f"{label} {kind}", 0) + 1
    return report


# Reading.


def newest(kind: str, key: int = 0, exclude: Iterable[int] = ()) -> QuerySet:
    """Article ids on a list, newest first (slice it; count it)."""
    ids = StoryListing.objects.filter(kind=kind, key=key)
    exclude = list(exclude)
    if exclude:
        ids = ids.exclude(article_id__in=exclude)
    return ids.order_by("-date", "-article_id").values_list("article_id", flat=True)


def list_tag(kind: str, key: int = 0) -> str:
    """The page-cache dependency tag (articles.cache) that every change to this list purges."""
    return "listing" if kind == Kind.ALL else f"{kind}:{key}"


class StoryList:
    """A story list's ids, newest first, for a Paginator: sliceable, with a count that is cached while it holds.

    Counting a long list is its one cost that grows with the archive (16 ms for every story at 100,000 articles),
    and a paginated page needs it on every request. Every change to a list purges the list's dependency tag
    (``list_tag``), so the count is cached under the versions of that tag and of ``everything``, read before
    counting (articles.cache.remember). ``NEWSROOM_TAGGED_CACHE = False`` counts every time.
    """

    def __init__(
        self, kind: str, key: int = 0, exclude: Iterable[int] = (), head: list[int] | None = None, head_size: int = 0
    ) -> None:
        """``head``: the list's newest ``head_size`` ids (exclusions included) when the caller has read them already,
        so a slice within them needs no query (the home page reads them once for its lead and its latest news)."""
        self.kind, self.key, self.exclude = kind, key, sorted(set(exclude))
        self.ids = newest(kind, key, exclude=self.exclude)
        excluded = set(self.exclude)
        self.head = [pk for pk in head if pk not in excluded] if head is not None else None
        self.head_is_all = head is not None and len(head) < head_size

    def __getitem__(self, index):
        if self.head is not None and isinstance(index, slice) and index.step is None:
            stop = index.stop if index.stop is not None else len(self.head) + 1
            if self.head_is_all or stop <= len(self.head):
                return self.head[index]
        return self.ids[index]

    def count(self) -> int:
        from .cache import remember

        excluded = ",".join(map(str, self.exclude))
        return remember(
            f"list-count:{self.kind}:{self.key}:{excluded}", [list_tag(self.kind, self.key)], self.ids.count
        )


def story_counts(kind: str, keys: Iterable[int]) -> dict[int, int]:
    """How many public stories each of these lists holds (e.g. a page of studios), remembered under the lists'
    tags (articles.cache.remember_many): one cache read for all, one grouped count for the ones not stored."""
    from django.db.models import Count

    from .cache import remember_many

    def count(missing: list[int]) -> dict[int, int]:
        rows = StoryListing.objects.filter(kind=kind, key__in=missing).values("key").annotate(n=Count("*")).order_by()
        found = {row["key"]: row["n"] for row in rows}
        return {key: found.get(key, 0) for key in missing}

    return remember_many(f"story-count:{kind}", {key: [list_tag(kind, key)] for key in set(keys)}, count)


def cards(article_ids: Iterable[int]) -> list[ArticlePage]:
    """These articles ready for a listing (hero image, bylines), in the given order, in one query plus prefetches.

    Filtered by ``published()`` again, so a story never shows while it is not public, whatever the table says.
    """
    article_ids = list(article_ids)
    pages = {page.pk: page for page in ArticlePage.objects.published().filter(pk__in=article_ids).for_listing()}
    return [pages[pk] for pk in article_ids if pk in pages]
