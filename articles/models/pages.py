"""The page tree: one home page, topic pages under it, articles under topics.

Models hold data, queries and panels made of Wagtail's own parts. What readers see (each type's template context
and sub-URLs) is registered by articles.presenters, and the panels that use our admin widgets by
articles.admin.panels, both at start-up (``ArticlesConfig.ready``): layers above models plug in, models import
nothing above them (the import-linter contracts in pyproject.toml)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page, PageManager, PageViewRestriction
from wagtail.search import index

from ..blocks import RICH_TEXT_FEATURES, ArticleBodyBlock
from ..visibility import restricted_paths
from .api_fields import EntityListField, EntityRefField, TagNamesField
from .entities import Author, Film, Person, Season, Series, Studio
from .kinds import KINDS
from .presentation import page_saved, presenter
from .querysets import ArticlePageQuerySet, PublishedPageQuerySet
from .tags import ArticleTag


class ViewRestrictionsMixin:
    """Wagtail checks a page's view restrictions on every request with two queries (its ancestors, then their
    restrictions); while the site has none at all (``restricted_paths()``, cached and cleared whenever a
    restriction changes) there is nothing to check."""

    def get_view_restrictions(self):
        if not restricted_paths():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class ChildRouteMixin:
    """Routes to a child page with one query for the child's own type instead of Wagtail's two (the child as a
    ``Page``, then ``.specific``). Listed after RoutablePageMixin, so the page's own sub-URLs (``feed/``) still
    resolve first; a child of another type falls back to Wagtail's lookup, and a child of a type derived from it
    (a review under a topic's route) is fetched as its own type with one more query."""

    child_model: str

    def route(self, request, path_components):
        if path_components:
            from django.apps import apps

            model = apps.get_model(self.child_model)
            child = (
                self.child_queryset(model)
                .filter(path__startswith=self.path, depth=self.depth + 1, slug=path_components[0])
                .first()
            )
            if child is not None:
                if child.specific_class is not model:  # a story of a derived type (live coverage): its own fields
                    child = self.child_queryset(child.specific_class).get(pk=child.pk)
                child.routed_from = self  # its parent, already fetched: spares get_parent() a query
                return child.route(request, path_components[1:])
        return super().route(request, path_components)

    def child_queryset(self, model):
        return model.objects.all()


class HomePage(ViewRestrictionsMixin, RoutablePageMixin, ChildRouteMixin, Page):
    """The front page: lead and top stories, latest news, featured topics."""

    tagline = models.CharField(max_length=200, blank=True, help_text="A line under the site name.")
    lead_story = models.ForeignKey(
        "articles.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown first and largest. Left empty, the newest story leads.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("tagline"),
        PageChooserPanel("lead_story", "articles.ArticlePage"),
        InlinePanel("top_stories", heading="Top stories", label="Top story", max_num=8),
        InlinePanel("featured_topics", heading="Featured topics", label="Topic", max_num=8),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["articles.TopicPage", "articles.ReviewIndexPage"]
    child_model = "articles.TopicPage"
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        return presenter(self)(self, request, super().get_context(request, *args, **kwargs))

    def in_the_news(self) -> list:
        """Studios, people and films with the most live stories; a slow-moving aggregate, cached for 5 minutes."""
        from django.core.cache import cache

        entities = cache.get("home:in-the-news")
        if entities is None:
            entities = [entity for kind in KINDS.entities() for entity in kind.model.objects.in_the_news()[:4]]
            cache.set("home:in-the-news", entities, 300)
        return entities


class HomeTopStory(Orderable):
    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="top_stories")
    story = models.ForeignKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("story", "articles.ArticlePage")]


class HomeFeaturedTopic(Orderable):
    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_topics")
    topic = models.ForeignKey("articles.TopicPage", on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("topic", "articles.TopicPage")]


class TopicPage(ViewRestrictionsMixin, RoutablePageMixin, ChildRouteMixin, Page):
    """A section such as "Movie News": its own articles plus every live article matching its rules."""

    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    rule_studios = ParentalManyToManyField(Studio, blank=True, related_name="topics", verbose_name="studios")
    rule_people = ParentalManyToManyField(Person, blank=True, related_name="topics", verbose_name="people")
    rule_films = ParentalManyToManyField(Film, blank=True, related_name="topics", verbose_name="films")
    rule_series = ParentalManyToManyField(Series, blank=True, related_name="topics", verbose_name="series")
    rule_tags = ParentalManyToManyField("taggit.Tag", blank=True, related_name="topics", verbose_name="tags")

    objects = PageManager.from_queryset(PublishedPageQuerySet)()

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("image"),
        InlinePanel("pinned_stories", heading="Pinned stories", label="Pinned story", max_num=6),
    ]
    api_fields = [APIField("intro")]

    # The "Rules" tab, with our entity autocomplete, is added by articles.admin.panels.

    parent_page_types = ["articles.HomePage"]
    subpage_types = ["articles.ArticlePage", "articles.LivePage"]
    child_model = "articles.ArticlePage"

    def child_queryset(self, model):
        return model.objects.select_related("hero_image")  # the article page shows it and its JSON-LD names it

    show_in_menus_default = True

    class Meta:
        verbose_name = "topic page"

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        page_saved.send(TopicPage, instance=self, update_fields=kwargs.get("update_fields"))
        return result

    @path("feed/")
    @re_path(r"^feed/(?P<feed_format>atom|json)/$", name="feed_format")
    def feed(self, request, feed_format: str = "rss"):
        """The topic's feed: RSS at feed/, Atom at feed/atom/, JSON Feed at feed/json/."""
        return presenter(self, "feed")(self, request, feed_format)

    @path("")
    def index(self, request):
        return self.render(request)

    def get_stories(self):
        """Live stories in this topic, newest first, ready for a listing."""
        return ArticlePage.objects.published().for_topic(self).for_listing()

    def get_context(self, request, *args, **kwargs):
        return presenter(self)(self, request, super().get_context(request, *args, **kwargs))


class TopicPinnedStory(Orderable):
    topic = ParentalKey(TopicPage, on_delete=models.CASCADE, related_name="pinned_stories")
    story = models.ForeignKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("story", "articles.ArticlePage")]


class ArticlePage(ViewRestrictionsMixin, Page):
    """A news story, linked to the studios, people and films it is about."""

    standfirst = models.TextField(
        max_length=400, blank=True, help_text="The summary under the headline, one or two sentences."
    )
    date = models.DateTimeField(
        "publication date",
        default=timezone.now,
        db_index=True,
        help_text="The date readers see and listings sort by.",
    )
    authors = ParentalManyToManyField(Author, blank=True, related_name="articles")
    source_name = models.CharField(
        max_length=150, blank=True, help_text="For syndicated stories: where it first appeared."
    )
    source_url = models.URLField(max_length=500, blank=True, db_index=True)  # near-duplicates: same source
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_caption = models.CharField(max_length=300, blank=True)
    hero_credit = models.CharField(max_length=150, blank=True)
    body = StreamField(ArticleBodyBlock(), blank=True)
    tags = ClusterTaggableManager(through=ArticleTag, blank=True)
    studios = ParentalManyToManyField(Studio, blank=True, related_name="articles")
    people = ParentalManyToManyField(Person, blank=True, related_name="articles")
    films = ParentalManyToManyField(Film, blank=True, related_name="articles")
    series = ParentalManyToManyField(Series, blank=True, related_name="articles")
    import_key = models.CharField(
        max_length=64, blank=True, db_index=True, editable=False, help_text="Identifies an imported news item."
    )
    # The last real change readers were shown (text, image or a correction; articles.models.corrections), kept by
    # the change pipeline on publication; empty while the story is as first published. dateModified reads it.
    content_modified_at = models.DateTimeField(null=True, blank=True, editable=False)
    content_digest = models.CharField(max_length=64, blank=True, editable=False)

    objects = PageManager.from_queryset(ArticlePageQuerySet)()

    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst", boost=2),
        index.SearchField("body"),
        index.AutocompleteField("title"),
        # Wagtail's admin page search (the search page and every page listing) matches autocomplete fields only.
        index.AutocompleteField("standfirst"),
        index.AutocompleteField("body"),
        index.FilterField("date"),
        *(index.RelatedFields(kind.article_field, [index.SearchField("name")]) for kind in KINDS.subjects()),
    ]

    api_fields = [
        APIField("standfirst"),
        APIField("date"),
        *(
            APIField(
                kind.article_field, serializer=(EntityListField if kind.key != "tag" else TagNamesField)(read_only=True)
            )
            for kind in KINDS
        ),
        APIField("source_name"),
        APIField("source_url"),
        APIField("hero_image"),
        APIField(
            "hero_image_thumbnail",
            serializer=ImageRenditionField("fill-960x540|format-webp", source="hero_image", read_only=True),
        ),
        APIField("hero_caption"),
        APIField("hero_credit"),
        APIField("body"),
    ]

    # Panels (with our entity autocomplete and the suggestions panel) are set by articles.admin.panels.

    parent_page_types = ["articles.TopicPage"]
    subpage_types: list[str] = []

    # Saving any of these (or everything) can move the story on or off a list; see articles.listings.
    LISTED_FIELDS = frozenset({"live", "date", "path", "depth"})

    def save(self, *args, **kwargs):
        new_draft = self._state.adding and not self.live  # on no list yet: nothing to re-list
        result = super().save(*args, **kwargs)  # relations are committed by the time this returns
        if not new_draft:
            page_saved.send(ArticlePage, instance=self, update_fields=kwargs.get("update_fields"))
        return result

    def get_context(self, request, *args, **kwargs):
        return presenter(self)(self, request, super().get_context(request, *args, **kwargs))

    @property
    def modified_at(self):
        """When readers were last shown a real change (dateModified, sitemap lastmod, feeds' updated): the last
        change of content or corrections, never before the publication date."""
        if self.content_modified_at is None:
            return self.date
        return max(self.content_modified_at, self.date)

    def rank_related_stories(self, keep: int = 50) -> list[int]:
        """Ids of the ``keep`` articles sharing the most entities and tags with this one, best first."""
        from collections import Counter

        scores: Counter[int] = Counter()
        for kind in KINDS.subjects():
            through, column, article_column = kind.links.model, kind.links.column, kind.links.owner_column
            mine = through.objects.filter(**{article_column: self.pk}).values(column)
            rows = (
                through.objects.filter(**{f"{column}__in": mine})
                .exclude(**{article_column: self.pk})
                .values(article_column)
                .annotate(shared=models.Count("pk"))
                .order_by("-shared", f"-{article_column}")[:keep]
            )
            scores.update({row[article_column]: row["shared"] for row in rows})
        dates = dict(ArticlePage.objects.published().filter(pk__in=list(scores)).values_list("pk", "date"))
        ranked = sorted(dates, key=lambda pk: (-scores[pk], -dates[pk].timestamp()))
        return ranked[:keep]

    def get_topics(self, links: dict[str, list] | None = None) -> list[TopicPage]:
        """Live topics this story appears in: its parent and every topic whose rules it matches.

        ``links`` passes the linked things by kind key when the caller has already fetched them.
        """
        # Ids from the (possibly unsaved, in preview) relations rather than subqueries.
        # One indexed subquery per rule table: joining all four and taking DISTINCT cost 40 ms at 100k articles.
        rules = Q(pk__in=[])
        for kind in KINDS.subjects():
            chosen = links[kind.key] if links is not None else getattr(self, kind.article_field).all()
            keys = [item.pk for item in chosen if item.pk]
            if keys:
                table = kind.rules
                topics = table.model.objects.filter(**{f"{table.column}__in": keys}).values(table.owner_column)
                rules |= Q(pk__in=topics)
        if self.path:
            rules |= Q(path=self.path[: -self.steplen])
        return list(TopicPage.objects.published().filter(rules).order_by("title"))

    class Meta:
        verbose_name = "article"


def story_models() -> list[type[ArticlePage]]:
    """ArticlePage and every page type derived from it: receivers, purges and listings that name stories by model
    (``sender=ArticlePage``) must name each of them, since Wagtail and Django signal with the concrete class."""
    from django.apps import apps

    return [
        ArticlePage,
        *(model for model in apps.get_models() if issubclass(model, ArticlePage) and model is not ArticlePage),
    ]


class ReviewIndexPage(TopicPage):
    """The Reviews section: a topic whose own stories are critics' reviews (its lists, feeds and rules are a
    topic's)."""

    subpage_types = ["articles.ReviewPage"]
    child_model = "articles.ReviewPage"
    template = "articles/topic_page.html"

    class Meta:
        verbose_name = "reviews section"

    def child_queryset(self, model):
        return model.objects.select_related("hero_image", "reviewed_film", "reviewed_series")


class ReviewPage(ArticlePage):
    """A critic's review of a film, a series or one season: the rating on a stated scale, a verdict line, and
    whether it gives the plot away. The critic is the story's author."""

    reviewed_film = models.ForeignKey(
        Film, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviews", help_text="The film reviewed."
    )
    reviewed_series = models.ForeignKey(
        Series,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviews",
        help_text="The series reviewed (or the series of the season reviewed).",
    )
    season_number = models.PositiveSmallIntegerField(
        "season",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(999)],
        help_text="For a review of one season of the series: its number.",
    )
    rating = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="The critic's score, e.g. 4 or 3.5. Left empty, the review has a verdict but no score.",
    )
    best_rating = models.PositiveSmallIntegerField(
        "out of",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="The top of the scale: 5 for stars, 10, 100.",
    )
    verdict = models.CharField(max_length=200, blank=True, help_text="The verdict in a line.")
    spoilers = models.BooleanField("contains spoilers", default=False)

    search_fields = [*ArticlePage.search_fields, index.SearchField("verdict")]

    api_fields = [
        *ArticlePage.api_fields,
        APIField("reviewed_film", serializer=EntityRefField(read_only=True)),
        APIField("reviewed_series", serializer=EntityRefField(read_only=True)),
        APIField("season_number"),
        APIField("rating"),
        APIField("best_rating"),
        APIField("verdict"),
        APIField("spoilers"),
    ]

    # Panels (ArticlePage's plus the review's own) are set by articles.admin.panels.

    parent_page_types = ["articles.ReviewIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "review"

    @property
    def reviewed(self) -> Film | Series | None:
        """The film or series under review."""
        return self.reviewed_film if self.reviewed_film_id else self.reviewed_series

    @property
    def normalised_rating(self) -> float | None:
        """The rating on a scale of 0 to 5, so reviews scored out of 10 or 100 average with the rest."""
        if self.rating is None or not self.best_rating:
            return None
        return float(self.rating) * 5 / self.best_rating

    def clean(self) -> None:
        super().clean()
        if bool(self.reviewed_film_id) == bool(self.reviewed_series_id):
            raise ValidationError("A review is of one film or one series (or one season of it): choose one.")
        if self.season_number and not self.reviewed_series_id:
            raise ValidationError({"season_number": "Only a series has seasons."})
        if (
            self.season_number
            and not Season.objects.filter(series=self.reviewed_series_id, number=self.season_number).exists()
        ):
            raise ValidationError({"season_number": f"{self.reviewed_series} has no season {self.season_number} yet."})
        if self.rating is not None and self.best_rating and self.rating > self.best_rating:
            raise ValidationError(
                {"rating": f"The rating cannot be higher than the top of the scale ({self.best_rating})."}
            )

    def save(self, *args, **kwargs):
        # The reviewed title is one of the story's links, so the review is on its page's story list and its feed, and
        # publishing it purges that page (through the article's own links, articles.signals).
        for field, title in (("films", self.reviewed_film), ("series", self.reviewed_series)):
            if title is None:
                continue
            links = getattr(self, field)
            try:
                linked = list(links.all())
            except ValueError:  # a new page whose links were never set: Django cannot read them before it is saved
                linked = []
            if title.pk not in {item.pk for item in linked}:
                links.set([*linked, title])
        return super().save(*args, **kwargs)
