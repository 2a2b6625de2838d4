"""The kinds of things a story links to — studios, people, films, authors and tags — each declared once.

Listings, feeds, the API, the sitemap, curation, linking, URLs and admin widgets read this registry instead of
naming the kinds. It imports nothing from Newsroom but the visibility rule (which imports nothing): models are
resolved by label when first asked for, so every layer (models included) may read it. See docs/architecture.md,
"Adding a kind".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

from ..visibility import public_entities

ARTICLE_MODEL = "articles.ArticlePage"
TOPIC_MODEL = "articles.TopicPage"


class LinkTable(NamedTuple):
    """A table linking an owner (article or topic) to one kind: its model, both foreign keys and their columns."""

    model: Any
    owner: str  # "articlepage", "content_object", "topicpage"
    owner_column: str  # "articlepage_id"
    target: str  # "studio", "tag"
    column: str  # "studio_id", "tag_id"


@dataclass(frozen=True)
class LinkedKind:
    """One kind of linked thing and every name the site gives it."""

    key: str  # dependency tags ("studio:4"), StoryListing and LegacySlug kinds, URL names, admin widget kinds
    model_label: str  # "articles.Studio"
    label: str  # "studio"
    plural: str  # "studios"
    url_prefix: str  # public URLs: /studios/, /studios/<slug>/, /studios/<slug>/feed/; sitemap section
    article_field: str  # the ArticlePage field linking stories to it
    rule_field: str = ""  # the TopicPage rule field naming it; "" when topics cannot name it
    schema_type: str = ""  # schema.org type of its page's JSON-LD
    api_endpoint: str = ""  # /api/v2/<endpoint>/; "" for none
    entity: bool = False  # an Entity (aliases, relations, merge, promote a tag into it)
    recognised: bool = False  # the linker finds its names in article text and suggests it

    def __str__(self) -> str:
        return self.key

    @property
    def model(self):
        from django.apps import apps

        return apps.get_model(self.model_label)

    @property
    def title(self) -> str:
        """The heading of its index page and its group on an article page: "Studios"."""
        return self.plural.capitalize()

    @property
    def url_name(self) -> str:
        return f"articles:{self.key}"

    @property
    def index_url_name(self) -> str:
        return f"articles:{self.key}_index"

    @property
    def feed_url_name(self) -> str:
        return f"{self.key}_feed"

    @property
    def index_tag(self) -> str:
        """The cache dependency tag of its index page (purged when any of them changes)."""
        return f"{self.key}s"

    def url(self, slug: str) -> str:
        """The public page of the one with this slug."""
        from django.urls import reverse

        return reverse(self.url_name, kwargs={"slug": slug})

    def public(self, queryset):
        """``queryset`` of this kind without what readers may not see (proposed entities); others unchanged."""
        return public_entities(queryset) if self.entity else queryset

    def index_url(self) -> str:
        from django.urls import reverse

        return reverse(self.index_url_name)

    @cached_property
    def links(self) -> LinkTable:
        """The table linking articles to this kind."""
        return _link_table(ARTICLE_MODEL, self.article_field, self.model)

    @cached_property
    def rules(self) -> LinkTable | None:
        """The table of topic rules naming this kind, or None."""
        return _link_table(TOPIC_MODEL, self.rule_field, self.model) if self.rule_field else None


def _link_table(owner_label: str, field_name: str, target) -> LinkTable:
    from django.apps import apps

    owner_model = apps.get_model(owner_label)
    through = owner_model._meta.get_field(field_name).remote_field.through
    keys = {field.related_model: field for field in through._meta.fields if field.many_to_one}
    owner, linked = keys[owner_model], keys[target]
    return LinkTable(through, owner.name, owner.attname, linked.name, linked.attname)


class KindRegistry:
    """The linked kinds, in a fixed order (the order pages, feeds and the sitemap list them in)."""

    def __init__(self, *kinds: LinkedKind) -> None:
        self._kinds = {kind.key: kind for kind in kinds}

    def __iter__(self) -> Iterator[LinkedKind]:
        return iter(self._kinds.values())

    def __contains__(self, key: object) -> bool:
        return key in self._kinds

    def all(self) -> tuple[LinkedKind, ...]:
        return tuple(self._kinds.values())

    def keys(self) -> tuple[str, ...]:
        return tuple(self._kinds)

    def get(self, key: str) -> LinkedKind:
        """The kind with this key; LookupError for any other."""
        try:
            return self._kinds[key]
        except KeyError:
            raise LookupError(f"No linked kind {key!r}.") from None

    def entities(self) -> tuple[LinkedKind, ...]:
        """The linkable entity kinds (studio, person, film)."""
        return tuple(kind for kind in self if kind.entity)

    def entity_models(self) -> dict[str, Any]:
        """The entity kinds' models by key: {"studio": Studio, …}."""
        return {kind.key: kind.model for kind in self.entities()}

    def subjects(self) -> tuple[LinkedKind, ...]:
        """The kinds that say what a story is about: topic rules name them, related stories share them."""
        return tuple(kind for kind in self if kind.rule_field)

    def recognised(self) -> tuple[LinkedKind, ...]:
        """The kinds whose names the linker finds in text."""
        return tuple(kind for kind in self if kind.recognised)

    def for_model(self, model) -> LinkedKind:
        """The kind of a model class or instance; LookupError for an unlinked model."""
        meta = model._meta
        for label in (meta.label, meta.concrete_model._meta.label):
            for kind in self:
                if kind.model_label == label:
                    return kind
        raise LookupError(f"{meta.label} is not a linked kind.")

    def of(self, obj) -> LinkedKind | None:
        """The kind of an object, or None when it is not a linked thing."""
        try:
            return self.for_model(obj)
        except (LookupError, AttributeError):
            return None


KINDS = KindRegistry(
    LinkedKind(
        key="studio",
        model_label="articles.Studio",
        label="studio",
        plural="studios",
        url_prefix="studios",
        article_field="studios",
        rule_field="rule_studios",
        schema_type="Organization",
        api_endpoint="studios",
        entity=True,
        recognised=True,
    ),
    LinkedKind(
        key="person",
        model_label="articles.Person",
        label="person",
        plural="people",
        url_prefix="people",
        article_field="people",
        rule_field="rule_people",
        schema_type="Person",
        api_endpoint="people",
        entity=True,
        recognised=True,
    ),
    LinkedKind(
        key="film",
        model_label="articles.Film",
        label="film",
        plural="films",
        url_prefix="films",
        article_field="films",
        rule_field="rule_films",
        schema_type="Movie",
        api_endpoint="films",
        entity=True,
        recognised=True,
    ),
    LinkedKind(
        key="series",
        model_label="articles.Series",
        label="series",
        plural="series",
        url_prefix="series",
        article_field="series",
        rule_field="rule_series",
        schema_type="TVSeries",
        api_endpoint="series",
        entity=True,
        recognised=True,
    ),
    LinkedKind(
        key="author",
        model_label="articles.Author",
        label="author",
        plural="authors",
        url_prefix="authors",
        article_field="authors",
    ),
    LinkedKind(
        key="tag",
        model_label="taggit.Tag",
        label="tag",
        plural="tags",
        url_prefix="tags",
        article_field="tags",
        rule_field="rule_tags",
    ),
)


class KindAttribute:
    """A model attribute read from the model's registry entry (``Studio.entity_type`` is ``"studio"``); without a
    name, the entry itself."""

    def __init__(self, name: str = "") -> None:
        self.name = name

    def __get__(self, obj, owner=None):
        if owner is None or owner._meta.abstract:
            return self
        kind = KINDS.for_model(owner)
        return getattr(kind, self.name) if self.name else kind


def public_url(obj) -> str:
    """The public page of a studio, person, film, author or tag (tags are taggit's and have no URL of their own)."""
    if hasattr(obj, "get_absolute_url"):
        return obj.get_absolute_url()
    return KINDS.for_model(obj).url(obj.slug)
