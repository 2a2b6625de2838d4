"""Merging two studios, people, films or series."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Model
from wagtail.log_actions import log

from ..models import (
    ArticlePage,
    Entity,
    Studio,
    TopicPage,
)
from ..models.entities import parse_aliases
from ..models.relations import RELATIONS
from .base import (
    CurationError,
    CurationResult,
    Journal,
    Progress,
    _atomic,
    _delete,
    _log_articles,
    _move_rows,
    _plural,
    _purge,
    _redirect,
    _remap_list,
    _repoint_redirects,
    _rewrite_revisions,
    _row,
)

_FILL_IF_BLANK = ("summary", "image", "wikidata_id", "imdb_id")


def check_entity_merge(source: Entity, *, into: Entity) -> None:
    """Refuse merging across types or a record into itself."""
    if type(source) is not type(into):
        raise CurationError(
            f"Only entities of one type can be merged: “{source}” is a {source._meta.verbose_name} and "
            f"“{into}” is a {into._meta.verbose_name}."
        )
    if source.pk == into.pk:
        raise CurationError(f"“{source}” cannot be merged into itself: choose two different records.")


def merge_entities(
    source: Entity, *, into: Entity, user: Any = None, dry_run: bool = False, progress: Progress | None = None
) -> CurationResult:
    """Fold ``source`` into ``into`` (same type): links, relations, topic rules, names and URL; delete it."""
    check_entity_merge(source, into=into)
    model, kind = type(source), source.linked_kind
    links, rules = kind.links, kind.rules
    mapping: dict[int, int | None] = {source.pk: into.pk}
    result = CurationResult(action="merge_entities", dry_run=dry_run, target_url=into.get_absolute_url())
    with _atomic(dry_run):
        journal = Journal("merge_entities", user)
        journal.keys.update({f"{kind.key}:{source.pk}", f"{kind.key}:{into.pk}"})
        before = _row(into)
        article_ids = _move_rows(links.model, links.owner_column, links.column, [source.pk], into.pk, journal)
        topic_ids = _move_rows(rules.model, rules.owner_column, rules.column, [source.pk], into.pk, journal)
        _move_relations(source, into, journal)
        result.revisions = _rewrite_revisions(ArticlePage, _remap_list(kind.article_field, mapping), None, journal)
        result.revisions += _rewrite_revisions(TopicPage, _remap_list(kind.rule_field, mapping), None, journal)
        into.aliases = "\n".join(
            alias
            for alias in parse_aliases("\n".join([into.aliases, source.name, source.aliases]))
            if alias.casefold() != into.name.casefold()
        )
        for name in _FILL_IF_BLANK:
            if hasattr(into, name) and not getattr(into, name) and getattr(source, name):
                setattr(into, name, getattr(source, name))
        if not source.is_proposed:
            # Readers saw the merged record: the survivor must stay public, even if it was only a proposal.
            into.review_status = into.Review.ACCEPTED
        _repoint_redirects([source], into, journal)
        result.redirects = [_redirect(model.entity_type, source.slug, into, journal)]
        data = {
            "kind": model.entity_type,
            "source": source.name,
            "source_slug": source.slug,
            "into": into.name,
            "articles": len(article_ids),
            "topics": len(topic_ids),
            "change": journal.change.pk,
        }
        log(into, "newsroom.entity.merge", user=user, data=data)
        _log_articles(article_ids, "newsroom.entity.merge", data, user, progress, dry_run=dry_run)
        _delete(source, journal)
        into.save()
        journal.updated(before, into)
        result.articles, result.topics, result.deleted = len(article_ids), len(topic_ids), [source.name]
        result.summary = (
            f"Merged the {model._meta.verbose_name} “{source.name}” into “{into.name}”: "
            f"{_plural(len(article_ids), 'article')} and {_plural(len(topic_ids), 'topic')} changed."
        )
        result.change_id = journal.save(result.summary).pk
        _purge(article_ids, topic_ids)
    if dry_run:
        into.refresh_from_db()
    return result


def _move_fk(
    model: type[Model], column: str, source: Model, into: Model, same: Sequence[str], journal: Journal
) -> None:
    """Point ``model`` rows from ``source`` to ``into``, dropping those that would duplicate a row of ``into``."""
    existing = {tuple(row) for row in model.objects.filter(**{column: into}).values_list(*same)}
    for row in model.objects.filter(**{column: source}).values_list("pk", *same):
        if tuple(row[1:]) in existing:
            journal.deleting(model.objects.filter(pk=row[0]))
            model.objects.filter(pk=row[0]).delete()
        else:
            existing.add(tuple(row[1:]))
    journal.updating(model.objects.filter(**{column: source}), **{column: into})


def _move_relations(source: Entity, into: Entity, journal: Journal) -> None:
    """Point every relation row naming ``source`` (``RELATIONS``) at ``into``."""
    for relation, side in RELATIONS.naming(source.entity_type):
        if relation.model is type(source):
            continue
        if side.dedupe:
            same = (*(other.column for other in relation.others(side)), *relation.identity)
            _move_fk(relation.model, side.field, source, into, same, journal)
        else:
            journal.updating(relation.model.objects.filter(**{side.field: source}), **{side.field: into})
    if isinstance(source, Studio):
        journal.updating(Studio.objects.filter(parent=source).exclude(pk=into.pk), parent=into)
        if into.parent_id == source.pk:
            into.parent_id = source.parent_id if source.parent_id != into.pk else None
        elif into.parent_id is None and source.parent_id not in (None, into.pk):
            into.parent_id = source.parent_id
