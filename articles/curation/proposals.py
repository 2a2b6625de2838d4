"""Reviewing the studios, people and films contributors propose: accept (public from then on) or reject.

Merging a proposal into an existing entity is ``merge_entities`` (articles.curation.entities), unchanged.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.log_actions import log
from wagtail.models import Page, Revision

from ..models import ArticlePage, Entity, TopicPage
from .base import CurationError, CurationResult, Journal, _delete, _purge, _remap_list, _rewrite_revisions


def _linked_ids(entity: Entity) -> tuple[list[int], list[int]]:
    """Ids of the articles linking the entity and of the topics whose rules name it."""
    kind = entity.linked_kind
    links, rules = kind.links, kind.rules
    articles = links.model.objects.filter(**{links.column: entity.pk}).values_list(links.owner_column, flat=True)
    topics = rules.model.objects.filter(**{rules.column: entity.pk}).values_list(rules.owner_column, flat=True)
    return sorted(set(articles)), sorted(set(topics))


def _revised_since(model: type[Page], when: datetime) -> list[int]:
    """Ids of the ``model`` pages with a revision saved since ``when``: only those can name a newer entity."""
    revisions = Revision.objects.filter(content_type=ContentType.objects.get_for_model(model), created_at__gte=when)
    return sorted({int(pk) for pk in revisions.values_list("object_id", flat=True)})


def _check_proposed(entity: Entity) -> None:
    if not entity.is_proposed:
        raise CurationError(f"“{entity}” is not a proposal awaiting review: it was accepted already.")


def accept_entity(entity: Entity, *, user: Any = None) -> CurationResult:
    """Make a proposed entity public: its page, and its name on the stories and topics that link it."""
    _check_proposed(entity)
    result = CurationResult(action="accept_entity", target_url=entity.get_absolute_url())
    with transaction.atomic():
        article_ids, topic_ids = _linked_ids(entity)
        entity.review_status = entity.Review.ACCEPTED
        entity.save(update_fields=["review_status", "updated_at"])  # its own page and index (articles.signals)
        log(entity, "newsroom.entity.accept", user=user, data={"name": entity.name, "articles": len(article_ids)})
        # The pages of the stories and topics that link it rendered without it; the link rows did not change.
        _purge(article_ids, topic_ids)
    result.articles, result.topics = len(article_ids), len(topic_ids)
    result.summary = f"Accepted the {entity._meta.verbose_name} “{entity.name}”: readers now see it."
    return result


def reject_entity(entity: Entity, *, user: Any = None) -> CurationResult:
    """Delete a proposed entity, taking it off the stories, topics and stored revisions that name it."""
    _check_proposed(entity)
    kind = entity.linked_kind
    result = CurationResult(action="reject_entity")
    with transaction.atomic():
        # Recorded like every curation change, so a rejection can be undone from Curation history for 30 days.
        journal = Journal("reject_entity", user)
        journal.keys.add(f"{kind.key}:{entity.pk}")
        article_ids, topic_ids = _linked_ids(entity)
        mapping: dict[int, int | None] = {entity.pk: None}
        # A contributor's draft keeps its links in the revision, which would otherwise name a missing row.
        for model, field in ((ArticlePage, kind.article_field), (TopicPage, kind.rule_field)):
            revised = _revised_since(model, entity.created_at)
            result.revisions += _rewrite_revisions(model, _remap_list(field, mapping), revised, journal)
        log(entity, "wagtail.delete", user=user)
        _delete(entity, journal)  # the link rows go with it
        result.articles, result.topics, result.deleted = len(article_ids), len(topic_ids), [entity.name]
        result.summary = f"Rejected the proposed {entity._meta.verbose_name} “{entity.name}”: it was taken off "
        result.summary += f"{len(article_ids)} stor{'y' if len(article_ids) == 1 else 'ies'} and deleted."
        result.change_id = journal.save(result.summary).pk
        _purge(article_ids, topic_ids)
    return result
