"""What every curation service shares: results, errors, dry runs, redirects, logs, stored revisions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import router, transaction
from django.db.models import Model, QuerySet
from django.db.models.deletion import Collector
from taggit.models import Tag
from wagtail.log_actions import log
from wagtail.models import Revision

from ..models import (
    ArticlePage,
    ArticleTag,
    CurationChange,
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
    change_id: int | None = None

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


def _delete(obj: Model, journal: Journal) -> None:
    """Delete the row but keep the instance's primary key, so a dry run's caller can still use it."""
    journal.deleting([obj])
    pk = obj.pk
    obj.delete()
    obj.pk = pk


# The journal: what a change did, for its undo (articles/curation/undo.py).


# Rows derived from others (search and reference indexes): rebuilt, never journaled or counted as uses.
_DERIVED_APPS = {"wagtailsearch", "modelsearch"}
_DERIVED_MODELS = {"wagtailcore.referenceindex"}


def _derived(model: type[Model]) -> bool:
    return model._meta.app_label in _DERIVED_APPS or model._meta.label_lower in _DERIVED_MODELS


def _row(obj: Model) -> dict[str, Any]:
    return serializers.serialize("python", [obj])[0]


def _owner_kind(column: str) -> str:
    return "topic" if column.startswith("topicpage") else "article"


class Journal:
    """Records each row a service creates, deletes or updates and each revision it rewrites, in order.

    Link rows carry their owner (an article or topic page) so an undo can leave alone the pages edited since.
    Saved as a ``CurationChange`` inside the service's transaction, so a dry run or a failure keeps nothing.
    """

    def __init__(self, action: str, user: Any) -> None:
        user = user if getattr(user, "is_authenticated", False) else None
        self.change = CurationChange.objects.create(action=action, user=user, summary="")
        self.ops: list[dict[str, Any]] = []
        self.keys: set[str] = set()

    def created(self, objs: Iterable[Model], owner: str | None = None) -> None:
        for obj in objs:
            self.ops.append({"op": "create", "model": obj._meta.label_lower, "pk": obj.pk, **self._owner(obj, owner)})

    def deleting(self, objs: Iterable[Model] | QuerySet, owner: str | None = None) -> None:
        """Call before deleting: the rows and whatever their deletion cascades to."""
        objs = list(objs)
        if not objs:
            return
        collector = Collector(using=router.db_for_write(type(objs[0])))
        collector.collect(objs)
        rows: list[dict[str, Any]] = []
        for queryset in collector.fast_deletes:
            rows += [_row(obj) for obj in queryset] if not _derived(queryset.model) else []
        for model, instances in collector.data.items():
            rows += [_row(obj) for obj in instances] if not _derived(model) else []
        # Parents first when put back: the objects asked for, then what pointed at them.
        asked = {(obj._meta.label_lower, obj.pk) for obj in objs}
        rows.sort(key=lambda row: (row["model"], row["pk"]) not in asked)
        self.ops.append({"op": "delete", "rows": rows, **self._owner(objs[0], owner, many=objs)})

    def updating(self, queryset: QuerySet, **values: Any) -> int:
        """``queryset.update(**values)``, recording each row before and after."""
        model = queryset.model
        before = {obj.pk: _row(obj) for obj in queryset}
        if not before:
            return 0
        count = model.objects.filter(pk__in=list(before)).update(**values)
        for obj in model.objects.filter(pk__in=list(before)):
            self.updated(before[obj.pk], obj)
        return count

    def updated(self, before: dict[str, Any], obj: Model) -> None:
        after = _row(obj)
        skip = {field.name for field in obj._meta.fields if getattr(field, "auto_now", False)}
        fields = [
            name for name, value in after["fields"].items() if name not in skip and before["fields"].get(name) != value
        ]
        if fields:
            self.ops.append(
                {
                    "op": "update",
                    "model": obj._meta.label_lower,
                    "pk": obj.pk,
                    "before": {name: before["fields"].get(name) for name in fields},
                    "after": {name: after["fields"][name] for name in fields},
                }
            )

    def revision(self, revision: Revision, before: dict) -> None:
        content = revision.content
        keys = [key for key in {*before, *content} if before.get(key, _MISSING) != content.get(key, _MISSING)]
        if keys:
            self.ops.append(
                {
                    "op": "revision",
                    "pk": revision.pk,
                    "page": int(revision.object_id),
                    "before": {key: before[key] for key in keys if key in before},
                    "after": {key: content[key] for key in keys if key in content},
                    "keys": keys,
                }
            )

    def save(self, summary: str) -> CurationChange:
        self.change.summary = summary
        self.change.journal = self.ops
        self.change.keys = sorted(self.keys)
        self.change.save()
        return self.change

    @staticmethod
    def _owner(obj: Model, owner: str | None, many: Sequence[Model] = ()) -> dict[str, Any]:
        if owner is None:
            return {}
        ids = sorted({getattr(item, owner) for item in (many or [obj])})
        return {"owner": _owner_kind(owner), "owner_column": owner, "owners": ids}


_MISSING = object()


def model_for(label: str) -> type[Model]:
    return apps.get_model(label)


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


def _rewrite_revisions(
    model: type[Model],
    transform: Callable[[dict], bool],
    page_ids: Iterable[int] | None,
    journal: Journal | None = None,
) -> int:
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
        before = dict(revision.content)  # the transforms replace top-level keys, never edit them in place
        if transform(revision.content):
            changed.append(revision)
            if journal is not None:
                journal.revision(revision, before)
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


def _move_rows(
    through: type[Model], owner: str, column: str, sources: Sequence[int], into: int, journal: Journal
) -> list[int]:
    """Point the link rows of ``through`` from the ``sources`` ids to ``into`` without duplicates.

    Returns the owners (articles or topics) that had a source row.
    """
    owners = list(
        through.objects.filter(**{f"{column}__in": sources}).values_list(owner, flat=True).distinct().order_by()
    )
    if owners:
        having = set(through.objects.filter(**{column: into, f"{owner}__in": owners}).values_list(owner, flat=True))
        rows = through.objects.bulk_create([through(**{owner: pk, column: into}) for pk in owners if pk not in having])
        journal.created(rows, owner)
        doomed = through.objects.filter(**{f"{column}__in": sources})
        journal.deleting(doomed, owner)
        doomed.delete()
    return owners


def _redirect(kind: str, old_slug: str, target: Model, journal: Journal) -> str:
    """Make ``/<kind>/<old_slug>/`` answer 301 to ``target``; returns the old slug."""
    values = {"target_type": ContentType.objects.get_for_model(target), "target_id": target.pk}
    existing = LegacySlug.objects.filter(kind=kind, old_slug=old_slug).first()
    if existing is None:
        journal.created([LegacySlug.objects.create(kind=kind, old_slug=old_slug, **values)])
    else:
        journal.updating(LegacySlug.objects.filter(pk=existing.pk), **values)
    return old_slug


def _repoint_redirects(sources: Sequence[Model], target: Model, journal: Journal) -> int:
    """Old slugs that led to any of ``sources`` now lead to ``target``."""
    if not sources:
        return 0
    return journal.updating(
        LegacySlug.objects.filter(
            target_type=ContentType.objects.get_for_model(sources[0]), target_id__in=[obj.pk for obj in sources]
        ),
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
    )


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
