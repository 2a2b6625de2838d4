"""Free tags on articles, and the old slugs that must keep answering after renames and merges."""

from __future__ import annotations

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase

from .kinds import KINDS


class ArticleTag(TaggedItemBase):
    """The through model linking articles to taggit's tags."""

    content_object = ParentalKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_tag"),
        ]


class LegacySlug(models.Model):
    """An old public slug (of a tag or entity) and what it now points to; its URL answers 301."""

    Kind = models.TextChoices("Kind", [(kind.key.upper(), (kind.key, kind.label.capitalize())) for kind in KINDS])

    kind = models.CharField(max_length=10, choices=Kind.choices)
    old_slug = models.SlugField(max_length=255)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "old_slug"], name="unique_legacy_slug")]

    def __str__(self) -> str:
        return f"{self.kind}/{self.old_slug} → {self.target_type.model} #{self.target_id}"


class Curation(models.Model):
    """Holds the permissions for curation and importing; it has no table of its own."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("rename_tags", "Can rename tags and entities"),
            ("batch_tag", "Can add or remove tags and entities on many articles at once"),
            ("merge_tags", "Can merge tags and entities"),
            ("promote_tags", "Can promote tags to entities"),
            ("delete_tags", "Can delete tags"),
            ("import_articles", "Can import news items"),
        ]

    def __str__(self) -> str:
        return "Curation"


def tags_with_usage(queryset: models.QuerySet | None = None) -> models.QuerySet:
    """Tags annotated with ``live_count``, ``draft_count`` (articles), ``topic_count`` and ``last_used``.

    Each figure is its own subquery: counting across both the taggings and the topic rules in one join would
    multiply the rows.
    """
    from django.db.models import Count, Max, OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce
    from taggit.models import Tag

    TopicPage = apps.get_model("articles", "TopicPage")  # noqa: N806 - the page models sit above this module

    queryset = Tag.objects.all() if queryset is None else queryset

    def count(rows: models.QuerySet, column: str) -> Coalesce:
        counted = rows.order_by().values(column).annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=models.IntegerField()), Value(0))

    taggings = ArticleTag.objects.filter(tag=OuterRef("pk"))
    rules = TopicPage.rule_tags.through.objects.filter(tag=OuterRef("pk"))
    last_used = taggings.order_by().values("tag").annotate(last=Max("content_object__date")).values("last")
    return queryset.annotate(
        live_count=count(taggings.filter(content_object__live=True), "tag"),
        draft_count=count(taggings.filter(content_object__live=False), "tag"),
        topic_count=count(rules, "tag"),
        last_used=Subquery(last_used, output_field=models.DateTimeField()),
    )


def unused_tags(queryset: models.QuerySet | None = None) -> models.QuerySet:
    """Tags on no article and in no topic rule."""
    from taggit.models import Tag

    TopicPage = apps.get_model("articles", "TopicPage")  # noqa: N806

    queryset = Tag.objects.all() if queryset is None else queryset
    return queryset.exclude(pk__in=ArticleTag.objects.values("tag_id")).exclude(
        pk__in=TopicPage.rule_tags.through.objects.values("tag_id")
    )
