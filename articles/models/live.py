"""Live coverage: a story that grows by timestamped updates during an award night, a festival or a breaking story.

``LivePage`` is an ``ArticlePage`` (multi-table inheritance), so it is a story everywhere stories are listed, fed,
searched and mapped (``pages.story_models()``). Its updates are ``LiveUpdate`` snippets, each published on its own
(Wagtail's draft state and revisions) so that an editor posts one in a few seconds without republishing the page;
the page's sub-URL ``updates.json?since=…`` hands readers' browsers the updates published since they last asked.
"""

from __future__ import annotations

from datetime import datetime
from typing import Self

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.api import APIField
from wagtail.blocks import RichTextBlock, StreamBlock
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, PageManager, RevisionMixin

from ..blocks import RICH_TEXT_FEATURES, PreloadedImageBlock, QuoteBlock
from .entities import Film, Person, Series, Studio
from .pages import ArticlePage
from .presentation import presenter
from .querysets import ArticlePageQuerySet


class LiveUpdateBlock(StreamBlock):
    """What one update may hold: a few paragraphs, a picture, a quote or an embedded post or video."""

    text = RichTextBlock(features=RICH_TEXT_FEATURES, template="blocks/paragraph_block.html")
    image = PreloadedImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(help_text="A YouTube, Vimeo, Bluesky or other oEmbed URL.", template="blocks/embed_block.html")

    class Meta:
        min_num = 1


class LivePage(RoutablePageMixin, ArticlePage):
    """Live coverage of an award night, a festival or a breaking story: the story's own fields, a status, the
    coverage times, and its updates (``LiveUpdate``), newest first."""

    class Status(models.TextChoices):
        UPCOMING = "upcoming", "Upcoming"
        LIVE = "live", "Live"
        ENDED = "ended", "Ended"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPCOMING)
    coverage_start = models.DateTimeField(
        null=True, blank=True, help_text="When the live coverage starts (or started); shown and in search results."
    )
    coverage_end = models.DateTimeField(null=True, blank=True, help_text="When it ended, once it has.")

    objects = PageManager.from_queryset(ArticlePageQuerySet)()

    api_fields = [
        *ArticlePage.api_fields,
        APIField("status"),
        APIField("coverage_start"),
        APIField("coverage_end"),
    ]

    # Panels (the story's, plus status and coverage times) are set by articles.admin.panels.

    parent_page_types = ["articles.TopicPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "live coverage page"

    def clean(self):
        super().clean()
        if self.coverage_start and self.coverage_end and self.coverage_end < self.coverage_start:
            raise ValidationError({"coverage_end": "The coverage cannot end before it starts."})
        if self.status == self.Status.ENDED and self.coverage_start and not self.coverage_end:
            raise ValidationError({"coverage_end": "Say when the coverage ended."})

    @path("")
    def index(self, request):
        return self.render(request)

    @path("updates.json/")
    def updates_json(self, request):
        """``<page URL>updates.json`` (mounted by newsroom/urls.py, which hands it to Wagtail's page view as this
        sub-URL): the updates published since ``?since=`` (an ISO 8601 time from the previous answer), as JSON."""
        return presenter(self, "updates")(self, request)

    @path("feed/")
    @re_path(r"^feed/(?P<feed_format>atom|json)/$", name="feed_format")
    def feed(self, request, feed_format: str = "rss"):
        """The updates as a feed: RSS at feed/, Atom at feed/atom/, JSON Feed at feed/json/."""
        return presenter(self, "feed")(self, request, feed_format)

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.LIVE


class LiveUpdateQuerySet(models.QuerySet):
    def published(self) -> Self:
        """Updates readers may see: published ones (their page's own visibility is checked by its view)."""
        return self.filter(live=True)

    def newest_first(self) -> Self:
        """Most recently first published first, with a stable tie-break."""
        return self.order_by("-first_published_at", "-pk")

    def changed_since(self, moment: datetime) -> Self:
        """Updates published (for the first time, or again after an edit) after ``moment``."""
        return self.filter(last_published_at__gt=moment)

    def for_display(self) -> Self:
        """What an update's card shows, without a query per update: its images, entities and tags."""
        return self.prefetch_related("studios", "people", "films", "series", "tagged_items__tag")


class LiveUpdateTag(TaggedItemBase):
    """The through model linking live updates to taggit's tags."""

    content_object = ParentalKey("articles.LiveUpdate", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="unique_live_update_tag")]


class LiveUpdate(DraftStateMixin, RevisionMixin, ClusterableModel):
    """One timestamped post on a live page, published on its own: readers see it within seconds (the page's
    ``updates.json``), with its own studios, people, films, series and tags so that "Best Actor" links the winner
    and the film. A key event is listed at the top of the page; the newest pinned update is shown above the rest."""

    page = models.ForeignKey(LivePage, on_delete=models.CASCADE, related_name="updates")
    headline = models.CharField(max_length=110, help_text="A short line, e.g. “Best Actor: Mara Quell”.")
    body = StreamField(LiveUpdateBlock())
    key_event = models.BooleanField(
        default=False, help_text="A moment readers should not miss: listed under “Key events” at the top."
    )
    pinned = models.BooleanField(default=False, help_text="Shown above every other update (the newest pinned one).")
    studios = ParentalManyToManyField(Studio, blank=True, related_name="live_updates")
    people = ParentalManyToManyField(Person, blank=True, related_name="live_updates")
    films = ParentalManyToManyField(Film, blank=True, related_name="live_updates")
    series = ParentalManyToManyField(Series, blank=True, related_name="live_updates")
    tags = ClusterTaggableManager(through=LiveUpdateTag, blank=True)
    # Its revisions go with it (Wagtail's advice for RevisionMixin models).
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="liveupdate")

    objects = LiveUpdateQuerySet.as_manager()

    # Panels (with our entity autocomplete) are set by articles.admin.live.

    class Meta:
        verbose_name = "live update"
        indexes = [models.Index(fields=["page", "live", "-first_published_at"], name="live_update_page_newest")]
        # Declared here, not only made by migration 0020, so that a flushed test database (post_migrate) has it too.
        permissions = [("publish_liveupdate", "Can publish live update")]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        """The update's place on its page (an anchor); the page's own URL when it has none yet."""
        return f"{self.page.url}#update-{self.pk}"

    @property
    def revisions(self):
        return self._revisions

    def tag_list(self) -> list:
        """Its tags, from ``tagged_items`` (prefetched by ``for_display``)."""
        return [item.tag for item in self.tagged_items.all()]

    @property
    def anchor(self) -> str:
        return f"update-{self.pk}"
