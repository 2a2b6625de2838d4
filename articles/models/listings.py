"""Precomputed story listings: which public lists show which published story, in date order.

Every public list of stories — the front page, a topic, a studio, person, film, author or tag page, their feeds —
reads one index range of this table, so its cost does not grow with the archive: at 100,000 articles the newest
twenty of a topic are the first twenty entries of ``(kind, key, -date)``, and a count is an index-only count.
``articles.listings`` keeps the rows in step with the page tree (see there for when); ``manage.py
rebuild_listings`` recomputes them from scratch and ``--check`` reports drift.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from .kinds import KINDS


class StoryListing(models.Model):
    """One published, public story on one list."""

    # "all", "topic" and a list for each linked kind (Kind.STUDIO == "studio"); keys fit in 8 characters.
    Kind = models.TextChoices(
        "Kind",
        [
            ("ALL", ("all", "Every story")),
            ("TOPIC", ("topic", "Topic")),
            *((kind.key.upper(), (kind.key, kind.label.capitalize())) for kind in KINDS),
        ],
    )

    kind = models.CharField(max_length=8, choices=Kind.choices)
    key = models.PositiveBigIntegerField(default=0, help_text="The topic, entity, author or tag id; 0 for 'all'.")
    article = models.ForeignKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="+")
    date = models.DateTimeField(help_text="The article's publication date, copied for ordering.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "article"], name="storylisting_unique_entry"),
        ]
        indexes = [
            models.Index(fields=["kind", "key", "-date", "-article"], name="storylisting_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key} → {self.article_id}"


def story_count(kind: str, key: str = "pk") -> Coalesce:
    """An annotation: how many published public stories the list ``kind`` of each row (its ``key``) holds."""
    counting = (
        StoryListing.objects.filter(kind=kind, key=OuterRef(key))
        .order_by()
        .values("kind")
        .annotate(count=Count("*"))
        .values("count")
    )
    return Coalesce(Subquery(counting), 0)
