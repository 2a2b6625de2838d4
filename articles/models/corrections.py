"""Corrections, clarifications and updates that editors add to a published story, and what counts as a real change.

A correction is a child row of the story (a ``ParentalKey``), so it is written in the story's revisions, previewed
and reviewed with it, and reaches readers when the story is published. ``content_digest`` fingerprints what readers
are shown of a story (its text, image and corrections, not its workflow metadata); the change pipeline
(articles.signals) moves ``ArticlePage.content_modified_at`` only when a publication changes it.
"""

from __future__ import annotations

import hashlib
import json

from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel


class CorrectionQuerySet(models.QuerySet):
    def published(self) -> CorrectionQuerySet:
        """Corrections on live public stories (the stories' own rule, ``ArticlePageQuerySet.published``)."""
        from .pages import ArticlePage

        return self.filter(article__in=ArticlePage.objects.published().values("pk"))

    def of_kind(self, kind: str) -> CorrectionQuerySet:
        """Only corrections, only clarifications or only updates; every kind for ``""``."""
        return self.filter(kind=kind) if kind else self

    def newest_first(self) -> CorrectionQuerySet:
        return self.order_by("-date", "-pk")


class Correction(models.Model):
    """A dated note on a published story: what was wrong and is now corrected, clarified, or has since happened."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        CLARIFICATION = "clarification", "Clarification"
        UPDATE = "update", "Update"

    article = ParentalKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(max_length=1000, help_text="What was wrong, or what changed, in a sentence or two.")
    date = models.DateTimeField(default=timezone.now, help_text="When the note was added; readers see it.")

    objects = CorrectionQuerySet.as_manager()

    panels = [FieldPanel("kind"), FieldPanel("date"), FieldPanel("text")]

    class Meta:
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["-date", "-id"], name="correction_newest")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.date:%Y-%m-%d}"

    def get_anchor(self) -> str:
        """The note's id on the story's page."""
        return f"correction-{self.pk}" if self.pk else "corrections"


# What readers are shown of a story: a change to any of these is a real change (dateModified); the publication date,
# workflow fields, tags and entity links are not.
CONTENT_FIELDS = ("title", "standfirst", "hero_image_id", "hero_caption", "hero_credit", "source_name", "source_url")


def content_digest(page) -> str:
    """A fingerprint of a story's published content: its text fields, body (raw blocks) and corrections."""
    corrections = sorted(
        (row.kind, row.text.strip(), row.date.isoformat() if row.date else "") for row in page.corrections.all()
    )
    content = {
        "fields": [getattr(page, name) for name in CONTENT_FIELDS],
        "body": page.body.get_prep_value() if page.body else [],
        "corrections": corrections,
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()
