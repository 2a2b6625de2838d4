"""Adding and removing tags and entities on many articles at once."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db.models import Model
from taggit.models import Tag
from wagtail.models import Revision

from ..models import (
    KINDS,
    ArticlePage,
    ArticleTag,
    Entity,
    story_models,
)
from .base import (
    CurationError,
    CurationResult,
    Journal,
    Progress,
    _atomic,
    _log_articles,
    _plural,
    _purge,
    _remap_ids,
    _tag_article_ids,
)
from .tags import clean_tag_name

Item = Tag | Entity | str


def _resolve(
    items: Iterable[Item], *, create: bool, journal: Journal
) -> tuple[list[Tag], dict[type[Entity], list[Entity]]]:
    """Split the items into tags (names looked up case-insensitively, created when adding) and entities by type."""
    tags: dict[int, Tag] = {}
    entities: dict[type[Entity], list[Entity]] = {}
    for item in items:
        if isinstance(item, Tag):
            tags[item.pk] = item
        elif isinstance(item, Entity):
            entities.setdefault(type(item), []).append(item)
        else:
            name = clean_tag_name(str(item))
            tag = Tag.objects.filter(name__iexact=name).first()
            if tag is None and create:
                tag = Tag.objects.create(name=name)
                journal.created([tag])
            if tag is not None:
                tags[tag.pk] = tag
    return list(tags.values()), entities


def batch_tag(
    pages: Iterable[Any],
    *,
    add: Iterable[Item] = (),
    remove: Iterable[Item] = (),
    user: Any = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> CurationResult:
    """Add or remove tags (names or Tag rows) and studios, people or films on many articles at once."""
    add, remove = list(add), list(remove)
    if not add and not remove:
        raise CurationError("Choose at least one tag or entity to add or remove.")
    article_ids = sorted({page.pk for page in pages if page.specific_class in story_models()})
    if not article_ids:
        raise CurationError("None of the selected pages is an article.")
    result = CurationResult(action="batch_tag", dry_run=dry_run)
    with _atomic(dry_run):
        journal = Journal("batch_tag", user)
        add_tags, add_entities = _resolve(add, create=True, journal=journal)
        remove_tags, remove_entities = _resolve(remove, create=False, journal=journal)
        journal.keys.update(f"tag:{tag.pk}" for tag in [*add_tags, *remove_tags])
        changed: set[int] = set()
        tag_ids = [t.pk for t in add_tags], [t.pk for t in remove_tags]
        changed |= _link(ArticleTag, "content_object_id", "tag_id", article_ids, tag_ids[0], journal)
        changed |= _unlink(ArticleTag, "content_object_id", "tag_id", article_ids, tag_ids[1], journal)
        for kind in KINDS.entities():
            links = kind.links
            added = [e.pk for e in add_entities.get(kind.model, [])]
            removed = [e.pk for e in remove_entities.get(kind.model, [])]
            journal.keys.update(f"{kind.key}:{pk}" for pk in [*added, *removed])
            changed |= _link(links.model, links.owner_column, links.column, article_ids, added, journal)
            changed |= _unlink(links.model, links.owner_column, links.column, article_ids, removed, journal)
        # The latest revision is what the editor opens and what the next publish writes: it must agree.
        latest = list(
            ArticlePage.objects.filter(pk__in=article_ids, latest_revision__isnull=False).values_list(
                "latest_revision_id", flat=True
            )
        )
        transform = _batch_transform(add_tags, remove_tags, add_entities, remove_entities)
        revisions = Revision.objects.filter(pk__in=latest).only("pk", "object_id", "content")
        updated = []
        for revision in revisions:
            before = dict(revision.content)  # the transform replaces top-level keys
            if transform(revision.content):
                updated.append(revision)
                journal.revision(revision, before)
        result.revisions = Revision.objects.bulk_update(updated, ["content"]) if updated else 0
        changed |= {int(revision.object_id) for revision in updated}
        names_added = [str(item) for item in [*add_tags, *sum(add_entities.values(), [])]]
        names_removed = [str(item) for item in [*remove_tags, *sum(remove_entities.values(), [])]]
        data = {"added": names_added, "removed": names_removed, "articles": len(changed), "change": journal.change.pk}
        _log_articles(sorted(changed), "newsroom.batch_tag", data, user, progress, dry_run=dry_run)
        result.articles = len(changed)
        parts = []
        if names_added:
            parts.append("added " + ", ".join(f"“{name}”" for name in names_added))
        if names_removed:
            parts.append("removed " + ", ".join(f"“{name}”" for name in names_removed))
        result.summary = f"{' and '.join(parts).capitalize()} on {_plural(len(changed), 'article')}."
        result.change_id = journal.save(result.summary).pk
        if changed:
            removed = [f"tag:{tag.pk}" for tag in remove_tags]
            removed += [f"{entity.entity_type}:{entity.pk}" for group in remove_entities.values() for entity in group]
            _purge(sorted(changed), extra=removed)
    return result


def _link(
    through: type[Model], owner: str, column: str, owners: Sequence[int], values: Sequence[int], journal: Journal
) -> set[int]:
    if not values:
        return set()
    having = set(through.objects.filter(**{f"{owner}__in": owners, f"{column}__in": values}).values_list(owner, column))
    rows = [through(**{owner: o, column: v}) for o in owners for v in values if (o, v) not in having]
    journal.created(through.objects.bulk_create(rows), owner)
    return {getattr(row, owner) for row in rows}


def _unlink(
    through: type[Model], owner: str, column: str, owners: Sequence[int], values: Sequence[int], journal: Journal
) -> set[int]:
    if not values:
        return set()
    rows = through.objects.filter(**{f"{owner}__in": owners, f"{column}__in": values})
    touched = set(rows.values_list(owner, flat=True))
    journal.deleting(rows, owner)
    rows.delete()
    return touched


def _batch_transform(
    add_tags: list[Tag],
    remove_tags: list[Tag],
    add_entities: dict[type[Entity], list[Entity]],
    remove_entities: dict[type[Entity], list[Entity]],
) -> Callable[[dict], bool]:
    gone = {tag.pk for tag in remove_tags}

    def transform(content: dict) -> bool:
        before = repr(content)
        items = [item for item in content.get("tagged_items") or [] if item.get("tag") not in gone]
        present = {item.get("tag") for item in items}
        page_id = content.get("pk")
        items += [{"pk": None, "tag": tag.pk, "content_object": page_id} for tag in add_tags if tag.pk not in present]
        content["tagged_items"] = items
        for model in KINDS.entity_models().values():
            key = model.article_field
            dropped = {entity.pk for entity in remove_entities.get(model, [])}
            values = [pk for pk in content.get(key) or [] if pk not in dropped]
            content[key] = _remap_ids([*values, *(entity.pk for entity in add_entities.get(model, []))], {})
        return repr(content) != before

    return transform


def articles_touched(operation: str, **params: Any) -> int:
    """How many articles an operation would touch, to decide whether it runs in the background."""
    if operation in ("rename_tag", "promote_tag"):
        return len(_tag_article_ids([params["tag"]]))
    if operation == "merge_tags":
        into = params["into"]
        return len(_tag_article_ids([*params["sources"], *([into] if isinstance(into, Tag) else [])]))
    if operation == "merge_entities":
        source = params["source"]
        return (
            getattr(ArticlePage, source.article_field)
            .through.objects.filter(**{f"{source._meta.model_name}_id": source.pk})
            .count()
        )
    if operation == "batch_tag":
        return len(list(params["pages"]))
    return 0
