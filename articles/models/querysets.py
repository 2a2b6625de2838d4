"""Listing queries. Public views chain these and paginate; nothing here runs a query per row."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models
from django.db.models import Q
from wagtail.query import PageQuerySet
from wagtail.search.queryset import SearchableQuerySetMixin

if TYPE_CHECKING:
    from .entities import Entity
    from .pages import TopicPage


RESTRICTED_PATHS_CACHE_KEY = "pages:restricted-paths"


def restricted_paths() -> list[str]:
    """Tree paths of pages with a view restriction, cached (articles.signals clears it when restrictions change).

    Wagtail's ``public()`` reads every restriction on each call; listings call it several times per page.
    """
    from django.core.cache import cache
    from wagtail.models import PageViewRestriction

    paths = cache.get(RESTRICTED_PATHS_CACHE_KEY)
    if paths is None:
        paths = sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True)))
        cache.set(RESTRICTED_PATHS_CACHE_KEY, paths, 3600)
    return paths


def exclude_restricted(queryset):
    """``queryset`` of pages without those under a view restriction: ``public()`` without its per-call query."""
    for path in restricted_paths():
        queryset = queryset.exclude(path__startswith=path)
    return queryset


def is_published(page) -> bool:
    """``published()`` for a page already fetched: live and under no view restriction (no query)."""
    return page is not None and page.live and not any(page.path.startswith(path) for path in restricted_paths())


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
        from .tags import ArticleTag

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


def used_publicly(images: models.QuerySet) -> models.QuerySet:
    """Images that published content shows: hero and body images of public articles, public topics' images and
    entity and author pictures (body images from Wagtail's reference index, which records pages' live content)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import BigIntegerField, CharField
    from django.db.models.functions import Cast
    from wagtail.models import ReferenceIndex

    from .kinds import KINDS
    from .pages import ArticlePage, TopicPage

    articles = ArticlePage.objects.published()
    in_bodies = ReferenceIndex.objects.filter(
        content_type=ContentType.objects.get_for_model(ArticlePage),
        object_id__in=articles.annotate(key=Cast("pk", CharField())).values("key"),
        to_content_type=ContentType.objects.get_for_model(images.model),
    ).values(image_pk=Cast("to_object_id", BigIntegerField()))
    used = Q(pk__in=articles.values("hero_image_id")) | Q(pk__in=TopicPage.objects.published().values("image_id"))
    for kind in KINDS:
        if any(field.name == "image" for field in kind.model._meta.fields):
            used |= Q(pk__in=kind.model.objects.values("image_id"))
    # A filter, not an annotation, on the images: the search backend refuses querysets with annotations.
    return images.filter(used | Q(pk__in=in_bodies))


class EntityQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def with_story_count(self) -> Self:
        """Annotate ``story_count``: live articles linking the entity that anyone may read (its story list)."""
        from .listings import story_count

        return self.annotate(story_count=story_count(self.model.entity_type))

    def in_the_news(self) -> Self:
        """Entities with at least one live story, most stories first."""
        return self.with_story_count().filter(story_count__gt=0).order_by("-story_count", "name")

    def matching_name(self, name: str) -> Self:
        """Entities whose name is ``name``, ignoring case."""
        return self.filter(name__iexact=name.strip())
