"""Listing queries. Public views chain these and paginate; nothing here runs a query per row."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.apps import apps
from django.db import models
from django.db.models import Q
from wagtail.query import PageQuerySet
from wagtail.search.queryset import SearchableQuerySetMixin

from ..visibility import (
    ENTITY_PROPOSED,
    RESTRICTED_PATHS_CACHE_KEY,
    exclude_restricted,
    is_published,
    public_entities,
    restricted_paths,
)

if TYPE_CHECKING:
    from .entities import Entity
    from .pages import TopicPage

__all__ = ["RESTRICTED_PATHS_CACHE_KEY", "exclude_restricted", "is_published", "restricted_paths"]


class PublishedPageQuerySet(PageQuerySet):
    """Pages with the one rule for what anonymous readers may see, shared by every surface that names a page."""

    def published(self) -> Self:
        """Live pages that anonymous readers may see (not under a page with a view restriction)."""
        return exclude_restricted(self.live())


class ArticlePageQuerySet(PublishedPageQuerySet):
    def newest_first(self) -> Self:
        """Newest publication date first, with a stable tie-break."""
        return self.order_by("-date", "-pk")

    def for_listing(self) -> Self:
        """What a card needs (hero image, bylines), without the StreamField bodies."""
        return (
            self.defer_streamfields()
            .select_related("hero_image")
            .prefetch_related("authors", "hero_image__renditions")
            .newest_first()
        )

    def mentioning(self, entity: Entity) -> Self:
        """Articles linked to a studio, person or film."""
        return self.filter(**{entity.article_field: entity})

    def by_author(self, author) -> Self:
        """Articles carrying an author's byline."""
        return self.filter(authors=author)

    def tagged(self, tag) -> Self:
        """Articles carrying a free tag."""
        ArticleTag = apps.get_model("articles", "ArticleTag")  # noqa: N806 - a model, looked up, not imported

        return self.filter(pk__in=ArticleTag.objects.filter(tag=tag).values("content_object_id"))

    def for_topic(self, topic: TopicPage) -> Self:
        """A topic's stories: its child articles plus any article matching one of its rules."""
        from .kinds import KINDS

        condition = Q(path__startswith=topic.path, depth=topic.depth + 1)
        for kind in KINDS.subjects():
            links, rules = kind.links, kind.rules
            rule_ids = rules.model.objects.filter(**{rules.owner_column: topic.pk}).values(rules.column)
            linked = links.model.objects.filter(**{f"{links.column}__in": rule_ids}).values(links.owner_column)
            condition |= Q(pk__in=linked)
        return self.filter(condition)


class EntityQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def public(self) -> Self:
        """What readers may see: accepted entities, not proposals awaiting review."""
        return public_entities(self)

    def proposed(self) -> Self:
        """Proposals awaiting an editor's review."""
        return self.filter(review_status=ENTITY_PROPOSED)

    def with_story_count(self) -> Self:
        """Annotate ``story_count``: live articles linking the entity that anyone may read (its story list)."""
        from .listings import story_count

        return self.annotate(story_count=story_count(self.model.entity_type))

    def in_the_news(self) -> Self:
        """Public entities with at least one live story, most stories first."""
        return self.public().with_story_count().filter(story_count__gt=0).order_by("-story_count", "name")

    def matching_name(self, name: str) -> Self:
        """Entities whose name is ``name``, ignoring case."""
        return self.filter(name__iexact=name.strip())
