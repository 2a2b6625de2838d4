"""What every curation service shares: results, errors, dry runs, redirects, logs, stored revisions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model
from taggit.models import Tag
from wagtail.log_actions import log
from wagtail.models import Revision

from ..models import (
    ArticlePage,
    ArticleTag,
    LegacySlug,
)

Progress = Callable[[int, int], None]
TAG_NAME_MAX = 100


class CurationError(ValueError):
    """A curation request that cannot be carried out; the message says why and what to do instead."""


@dataclass
class CurationResult:
    """What a curation service changed (or, in a dry run, would change)."""

    action: str
    summary: str = ""
    articles: int = 0
    topics: int = 0
    revisions: int = 0
    deleted: list[str] = field(default_factory=list)
    redirects: list[str] = field(default_factory=list)
    dry_run: bool = False
    target_url: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def message(self) -> str:
        prefix = "Dry run, nothing saved: " if self.dry_run else ""
        return f"{prefix}{self.summary}"


class _Rollback(Exception):
    pass


@contextmanager
def _atomic(dry_run: bool) -> Iterator[None]:
    """A transaction, rolled back at the end when ``dry_run``."""
    try:
        with transaction.atomic():
            yield
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _delete(obj: Model) -> None:
    """Delete the row but keep the instance's primary key, so a dry run's caller can still use it."""
    pk = obj.pk
    obj.delete()
    obj.pk = pk


# Above this many articles a curation change purges the whole public cache instead of working out each page.
PURGE_EVERYTHING_ABOVE = 1000


def _purge(article_ids: Sequence[int] = (), topic_ids: Sequence[int] = (), extra: Iterable[str] = ()) -> None:
    """Re-list these articles and topics, and once the transaction commits purge the cached pages that show them
    and the ``extra`` tags (e.g. ``tag:3`` for a tag just taken off the articles, with the topics whose rules
    name it).

    Tag and entity rows that are saved or deleted purge their own pages through signals; the link rows that the
    services move in bulk do not, hence this.
    """
    from ..listings import sync_articles, sync_topics
    from ..signals import articles_tags, purge_public_cache, purge_tags, topic_tags, topics_for_tags

    # The story listings first: they are part of the change and roll back with it (and with a dry run).
    sync_articles(article_ids)
    sync_topics({*topic_ids, *topics_for_tags(extra)})
    if len(article_ids) > PURGE_EVERYTHING_ABOVE:
        purge_public_cache()
        return
    extra = set(extra)
    tags = articles_tags(article_ids) | extra
    for topic_id in {*topic_ids, *topics_for_tags(extra)}:
        tags |= topic_tags(topic_id)
    purge_tags(tags)


# Revisions: links stored as JSON in each page revision.


def _rewrite_revisions(model: type[Model], transform: Callable[[dict], bool], page_ids: Iterable[int] | None) -> int:
    """Apply ``transform`` to the content of stored revisions of ``model`` pages; returns how many changed.

    ``page_ids`` limits the scan to those pages; ``None`` scans every revision of the model, because an old
    revision may name a tag or entity that the live page no longer does.
    """
    revisions = Revision.objects.filter(content_type=ContentType.objects.get_for_model(model)).only("pk", "content")
    if page_ids is not None:
        revisions = revisions.filter(object_id__in=[str(pk) for pk in page_ids])
    changed: list[Revision] = []
    count = 0
    for revision in revisions.iterator(chunk_size=500):
        if transform(revision.content):
            changed.append(revision)
        if len(changed) >= 500:
            count += Revision.objects.bulk_update(changed, ["content"])
            changed = []
    if changed:
        count += Revision.objects.bulk_update(changed, ["content"])
    return count


def _remap_ids(values: list, mapping: dict[int, int | None]) -> list:
    """Ids mapped through ``mapping`` (``None`` drops one), duplicates removed, order kept."""
    seen: set = set()
    result = []
    for value in values:
        value = mapping.get(value, value) if isinstance(value, int) else value
        if value is not None and value not in seen:
            seen.add(value)
            result.append(value)
    return result


def _remap_list(key: str, mapping: dict[int, int | None]) -> Callable[[dict], bool]:
    def transform(content: dict) -> bool:
        values = content.get(key)
        if not isinstance(values, list) or not set(values) & set(mapping):
            return False
        content[key] = _remap_ids(values, mapping)
        return True

    return transform


def _remap_tagged_items(mapping: dict[int, int | None]) -> Callable[[dict], bool]:
    def transform(content: dict) -> bool:
        items = content.get("tagged_items")
        if not isinstance(items, list) or not {item.get("tag") for item in items} & set(mapping):
            return False
        seen: set = set()
        kept = []
        for item in items:
            tag = mapping.get(item.get("tag"), item.get("tag"))
            if tag is not None and tag not in seen:
                seen.add(tag)
                kept.append({**item, "tag": tag})
        content["tagged_items"] = kept
        return True

    return transform


# Helpers shared by the services.


def _tag_article_ids(tags: Sequence[Tag]) -> list[int]:
    return list(
        ArticleTag.objects.filter(tag__in=tags).values_list("content_object_id", flat=True).distinct().order_by()
    )


def _move_rows(through: type[Model], owner: str, column: str, sources: Sequence[int], into: int) -> list[int]:
    """Point the link rows of ``through`` from the ``sources`` ids to ``into`` without duplicates.

    Returns the owners (articles or topics) that had a source row.
    """
    owners = list(
        through.objects.filter(**{f"{column}__in": sources}).values_list(owner, flat=True).distinct().order_by()
    )
    if owners:
        having = set(through.objects.filter(**{column: into, f"{owner}__in": owners}).values_list(owner, flat=True))
        through.objects.bulk_create([through(**{owner: pk, column: into}) for pk in owners if pk not in having])
        through.objects.filter(**{f"{column}__in": sources}).delete()
    return owners


def _redirect(kind: str, old_slug: str, target: Model) -> str:
    """Make ``/<kind>/<old_slug>/`` answer 301 to ``target``; returns the old slug."""
    LegacySlug.objects.update_or_create(
        kind=kind,
        old_slug=old_slug,
        defaults={"target_type": ContentType.objects.get_for_model(target), "target_id": target.pk},
    )
    return old_slug


def _repoint_redirects(sources: Sequence[Model], target: Model) -> int:
    """Old slugs that led to any of ``sources`` now lead to ``target``."""
    if not sources:
        return 0
    return LegacySlug.objects.filter(
        target_type=ContentType.objects.get_for_model(sources[0]), target_id__in=[obj.pk for obj in sources]
    ).update(target_type=ContentType.objects.get_for_model(target), target_id=target.pk)


def _log_articles(
    article_ids: Sequence[int], action: str, data: dict, user: Any, progress: Progress | None, *, dry_run: bool
) -> None:
    """One entry in each touched article's history, and search and reference indexes brought up to date."""
    from wagtail.models import ReferenceIndex
    from wagtail.search.index import insert_or_update_object

    total = len(article_ids)
    for done, page in enumerate(ArticlePage.objects.filter(pk__in=article_ids).order_by("pk").iterator(), start=1):
        log(page, action, user=user, data=data)
        if not dry_run:  # the indexes may live outside the database transaction
            insert_or_update_object(page)
            ReferenceIndex.create_or_update_for_object(page)
        if progress and (done % 10 == 0 or done == total):
            progress(done, total)
