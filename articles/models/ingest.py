"""Agency ingest: the feeds an agency delivers on, and the queue of items received from them or from files."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone


class AgencyFeed(models.Model):
    """An agency's RSS/Atom feed, or a ninjs or NewsML-G2 item list, polled into the ingest queue."""

    class Format(models.TextChoices):
        FEED = "feed", "RSS or Atom"
        NINJS = "ninjs", "ninjs (JSON)"
        NEWSML = "newsml", "NewsML-G2 (XML)"

    name = models.CharField(max_length=150, unique=True)
    url = models.URLField("URL", max_length=500)
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.FEED)
    credit = models.CharField(
        max_length=150, help_text="The agency's name as readers see it, e.g. “Example Wire”: byline and credit."
    )
    active = models.BooleanField(default=True)
    poll_minutes = models.PositiveIntegerField(
        "poll interval (minutes)", default=15, validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    last_polled_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_status = models.CharField(max_length=300, blank=True, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def is_due(self, now: dt.datetime | None = None) -> bool:
        """Whether the poll interval has passed since the last poll."""
        if not self.active:
            return False
        if self.last_polled_at is None:
            return True
        return (now or timezone.now()) >= self.last_polled_at + dt.timedelta(minutes=self.poll_minutes)


class IngestItemQuerySet(models.QuerySet):
    def waiting(self) -> IngestItemQuerySet:
        """Items no editor has decided on yet."""
        return self.filter(status=IngestItem.Status.QUEUED)

    def under_embargo(self, now: dt.datetime | None = None) -> IngestItemQuerySet:
        """Items whose embargo has not lifted."""
        return self.filter(embargo__gt=now or timezone.now())


class IngestItem(models.Model):
    """One agency news item (by guid) in the ingest queue, with what an editor decided about it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        ACCEPTED = "accepted", "Accepted"
        MERGED = "merged", "Merged"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class PubStatus(models.TextChoices):
        USABLE = "usable", "Usable"
        WITHHELD = "withheld", "Withheld"
        CANCELED = "canceled", "Canceled"

    guid = models.CharField(max_length=500, unique=True, help_text="The item's identifier from the agency.")
    source = models.CharField(max_length=300, help_text="The feed or file it came from.")
    feed = models.ForeignKey(
        AgencyFeed, null=True, blank=True, on_delete=models.SET_NULL, related_name="items", editable=False
    )
    format = models.CharField(max_length=20)  # ninjs 1.5, ninjs 2.1, newsml, rss, atom…
    version = models.CharField(max_length=40, blank=True)
    version_created = models.DateTimeField(null=True, blank=True)
    headline = models.CharField(max_length=500)
    byline = models.CharField(max_length=255, blank=True)
    credit = models.CharField(max_length=150, blank=True)
    embargo = models.DateTimeField(null=True, blank=True, db_index=True)
    pub_status = models.CharField(max_length=10, choices=PubStatus.choices, default=PubStatus.USABLE)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    item = models.JSONField(default=dict, help_text="The parsed item: headline, body, byline, dates, links.")
    entities = models.JSONField(
        default=dict, help_text="What the linker recognised: {field: [{id, name, confidence}]} and new names."
    )
    article = models.ForeignKey(
        "articles.ArticlePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="ingest_items"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True, help_text="Why it was rejected, withdrawn or merged.")

    objects = IngestItemQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = "ingest item"

    def __str__(self) -> str:
        return self.headline

    @property
    def embargoed(self) -> bool:
        """Whether the embargo has not lifted yet."""
        return self.embargo is not None and self.embargo > timezone.now()

    @property
    def withdrawn(self) -> bool:
        return self.pub_status != self.PubStatus.USABLE
