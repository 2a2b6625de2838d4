"""Snippet admin for studios, people, films and authors: listings, filters, inline relations, choosers, and each
one's "Stories" tab (its articles, drafts included, as far as the user may see them)."""

from __future__ import annotations

from collections.abc import Sequence

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils.functional import cached_property
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    Panel,
    TabbedInterface,
)
from wagtail.admin.ui.tables import Column
from wagtail.models import Page, ReferenceIndex
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import DeleteView, SnippetViewSet, SnippetViewSetGroup, UsageView

from ..models import KINDS, ArticlePage, Author, Film, Person, Series, StatusChange, Studio, TopicPage
from ..permissions import hidden_pages
from .stories import story_list_url
from .widgets import JSONChoicesWidget

STORIES_SHOWN = 20


def json_choice_filter(field: str, choices) -> django_filters.ChoiceFilter:
    """Filters a JSON list of choice values; icontains on the quoted value works on SQLite and PostgreSQL."""

    def method(queryset, name, value):
        return queryset.filter(**{f"{field}__icontains": f'"{value}"'}) if value else queryset

    return django_filters.ChoiceFilter(choices=choices, method=method)


class StudioFilterSet(WagtailFilterSet):
    class Meta:
        model = Studio
        fields = ["kind", "country"]


class PersonFilterSet(WagtailFilterSet):
    occupation = json_choice_filter("occupations", Person.Occupation.choices)

    class Meta:
        model = Person
        fields = []


class FilmFilterSet(WagtailFilterSet):
    genre = json_choice_filter("genres", Film.Genre.choices)

    class Meta:
        model = Film
        fields = ["status", "year"]


class SeriesFilterSet(WagtailFilterSet):
    genre = json_choice_filter("genres", Film.Genre.choices)

    class Meta:
        model = Series
        fields = ["status", "network", "first_year"]


class AuthorFilterSet(WagtailFilterSet):
    class Meta:
        model = Author
        fields = ["kind"]


def identity_panels(*extra) -> list:
    return [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("aliases"),
        *extra,
        FieldPanel("summary"),
        FieldPanel("image"),
    ]


class StoriesPanel(Panel):
    """The articles linking this studio, person, film or author, newest change first, with their status and a
    link to the "Stories" listing filtered to them. Other people's drafts stay hidden from contributors."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "articles/admin/panels/entity_stories.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            instance, kind = self.instance, KINDS.for_model(self.instance)
            stories = ArticlePage.objects.none()
            if instance.pk:
                stories = ArticlePage.objects.filter(**{kind.article_field: instance})
                hidden = hidden_pages(self.request.user)
                if hidden is not None:
                    stories = stories.exclude(hidden)
            total = stories.count()
            context.update(
                stories=(
                    stories.defer_streamfields()
                    .annotate_approved_schedule()
                    .prefetch_workflow_states()
                    .order_by("-latest_revision_created_at", "-pk")[:STORIES_SHOWN]
                    if total
                    else []
                ),
                total=total,
                listing_url=story_list_url(kind.key, instance.pk) if instance.pk else "",
            )
            return context


class LinkUsage(Sequence):
    """The pages linking an object through one many-to-many field, as the ``(page, references)`` rows of Wagtail's
    usage table: Wagtail's reference index records foreign keys, inline models and rich text, not these links.
    Pages are fetched a page of the table at a time."""

    def __init__(self, pages, field: str) -> None:
        self.pages, self.field = pages.order_by("-latest_revision_created_at", "-pk"), field

    def __len__(self) -> int:
        return self.total

    @cached_property
    def total(self) -> int:
        return self.pages.count()

    def __getitem__(self, key):
        if isinstance(key, int):
            return self[key : key + 1][0]
        pages = list(self.pages.defer_streamfields()[key])
        page_type = ContentType.objects.get_for_model(self.pages.model)
        page_base_type = ContentType.objects.get_for_model(Page)
        return [
            (
                page,
                [
                    ReferenceIndex(
                        content_type=page_type,
                        base_content_type=page_base_type,
                        object_id=str(page.pk),
                        model_path=self.field,
                        content_path=self.field,
                    )
                ],
            )
            for page in pages
        ]


class Chain(Sequence):
    """Sized, sliceable sequences read as one (what Django's paginator needs)."""

    def __init__(self, *parts) -> None:
        self.parts = parts

    def __len__(self) -> int:
        return sum(len(part) for part in self.parts)

    def count(self) -> int:
        return len(self)

    @property
    def is_protected(self) -> bool:
        """Whether a part prevents deleting the object (links through many-to-many fields never do)."""
        return any(getattr(part, "is_protected", False) for part in self.parts)

    def __getitem__(self, key):
        if isinstance(key, int):
            return self[key : key + 1][0]
        start, stop, _ = key.indices(len(self))
        rows = []
        for part in self.parts:
            size = len(part)
            if stop > 0 and start < size:
                rows.extend(part[max(start, 0) : min(stop, size)])
            start, stop = start - size, stop - size
        return rows


def usage(obj, indexed) -> Chain:
    """Where an entity or author is used: the stories linking it and the topics whose rules name it, then what
    Wagtail's reference index found (``indexed``, grouped by source object)."""
    kind = KINDS.for_model(obj)
    parts = [LinkUsage(ArticlePage.objects.filter(**{kind.article_field: obj}), kind.article_field)]
    if kind.rule_field:
        parts.append(LinkUsage(TopicPage.objects.filter(**{kind.rule_field: obj}), kind.rule_field))
    return Chain(*parts, indexed)


class EntityUsageView(UsageView):
    def get_queryset(self):
        return usage(self.object, super().get_queryset())


class EntityDeleteView(DeleteView):
    """Wagtail's delete confirmation, counting the stories and topics that would lose their link."""

    def get_usage(self):
        indexed = super().get_usage()
        return None if indexed is None else usage(self.object, indexed)


def stories_tab() -> ObjectList:
    return ObjectList([StoriesPanel(heading="Stories")], heading="Stories")


class EntityChooserViewSet(SnippetChooserViewSet):
    """Choosers offer a "Create" tab so editors can add a missing entity without leaving the page."""

    form_fields = ["name"]


class EntityViewSet(SnippetViewSet):
    chooser_viewset_class = EntityChooserViewSet
    usage_view_class = EntityUsageView
    delete_view_class = EntityDeleteView
    list_per_page = 50
    copy_view_enabled = False

    def get_queryset(self, request):
        return self.model._default_manager.annotate(
            story_count=Count("articles", filter=Q(articles__live=True), distinct=True)
        )


story_count = Column("story_count", label="Live stories", sort_key="story_count")
updated = Column("updated_at", label="Updated", sort_key="updated_at")


class StudioViewSet(EntityViewSet):
    model = Studio
    icon = "site"
    menu_label = "Studios"
    list_display = ["name", "kind", "parent", "country", story_count, updated]
    list_export = ["name", "slug", "kind", "parent", "country", "website"]
    filterset_class = StudioFilterSet
    edit_handler = TabbedInterface(
        [
            ObjectList(
                identity_panels(
                    FieldRowPanel([FieldPanel("kind"), FieldPanel("parent")]),
                    FieldRowPanel([FieldPanel("country"), FieldPanel("headquarters"), FieldPanel("founded")]),
                ),
                heading="Studio",
            ),
            ObjectList(
                [FieldPanel("website"), FieldPanel("wikidata_id"), FieldPanel("imdb_id")], heading="Links and ids"
            ),
            stories_tab(),
        ]
    )


class PersonViewSet(EntityViewSet):
    model = Person
    icon = "user"
    menu_label = "People"
    list_display = ["name", "occupation_labels", story_count, updated]
    list_export = ["name", "slug", "occupations", "nationality"]
    filterset_class = PersonFilterSet
    edit_handler = TabbedInterface(
        [
            ObjectList(
                identity_panels(
                    FieldPanel("occupations", widget=JSONChoicesWidget(choices=Person.Occupation.choices)),
                    FieldRowPanel([FieldPanel("born"), FieldPanel("nationality")]),
                ),
                heading="Person",
            ),
            ObjectList(
                [InlinePanel("affiliations", heading="Affiliations", label="Affiliation")], heading="Affiliations"
            ),
            ObjectList([FieldPanel("wikidata_id"), FieldPanel("imdb_id")], heading="Links and ids"),
            stories_tab(),
        ]
    )


def releases_tab(*, season: bool = False) -> ObjectList:
    """A title's release events, edited inline (articles.models.Release); a series' name the season too."""
    panels = [
        FieldRowPanel([*([FieldPanel("season")] if season else []), FieldPanel("date"), FieldPanel("release_type")]),
        FieldRowPanel([FieldPanel("territory"), FieldPanel("venue")]),
        FieldPanel("company"),
        FieldRowPanel([FieldPanel("note"), FieldPanel("source")]),
    ]
    return ObjectList([InlinePanel("releases", heading="Releases", label="Release", panels=panels)], heading="Releases")


class FilmViewSet(EntityViewSet):
    model = Film
    icon = "media"
    menu_label = "Films"
    list_display = ["name", "year", "status", story_count, updated]
    list_export = ["name", "slug", "year", "status", "genres"]
    filterset_class = FilmFilterSet
    edit_handler = TabbedInterface(
        [
            ObjectList(
                identity_panels(
                    FieldRowPanel([FieldPanel("year"), FieldPanel("status")]),
                    FieldPanel("logline"),
                    FieldPanel("genres", widget=JSONChoicesWidget(choices=Film.Genre.choices)),
                ),
                heading="Film",
            ),
            ObjectList(
                [
                    InlinePanel("companies", heading="Companies", label="Company"),
                    InlinePanel("credits", heading="Credits", label="Credit"),
                ],
                heading="Companies and credits",
            ),
            releases_tab(),
            ObjectList([FieldPanel("wikidata_id"), FieldPanel("imdb_id")], heading="Links and ids"),
            stories_tab(),
        ]
    )


class SeriesViewSet(EntityViewSet):
    model = Series
    icon = "desktop"
    menu_label = "Series"
    list_display = ["name", "network", "years", "status", story_count, updated]
    list_export = ["name", "slug", "network", "first_year", "last_year", "status", "genres"]
    filterset_class = SeriesFilterSet
    edit_handler = TabbedInterface(
        [
            ObjectList(
                identity_panels(
                    FieldRowPanel([FieldPanel("network"), FieldPanel("status")]),
                    FieldRowPanel([FieldPanel("first_year"), FieldPanel("last_year")]),
                    FieldPanel("logline"),
                    FieldPanel("genres", widget=JSONChoicesWidget(choices=Film.Genre.choices)),
                ),
                heading="Series",
            ),
            ObjectList([InlinePanel("seasons", heading="Seasons", label="Season")], heading="Seasons"),
            ObjectList(
                [
                    InlinePanel("companies", heading="Companies", label="Company"),
                    InlinePanel("credits", heading="Credits", label="Credit"),
                ],
                heading="Companies and credits",
            ),
            releases_tab(season=True),
            ObjectList([FieldPanel("wikidata_id"), FieldPanel("imdb_id")], heading="Links and ids"),
            stories_tab(),
        ]
    )


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    chooser_viewset_class = EntityChooserViewSet
    usage_view_class = EntityUsageView
    delete_view_class = EntityDeleteView
    list_display = ["name", "kind", "job_title"]
    filterset_class = AuthorFilterSet
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("name"),
                    FieldPanel("slug"),
                    FieldRowPanel([FieldPanel("kind"), FieldPanel("job_title")]),
                    FieldPanel("bio"),
                    MultiFieldPanel([FieldPanel("image"), FieldPanel("website")], heading="Profile"),
                ],
                heading="Author",
            ),
            stories_tab(),
        ]
    )


# The production slate (issue #18): status changes, each a film's or series' move on a date, reported by a story.


class StatusChangeFilterSet(WagtailFilterSet):
    class Meta:
        model = StatusChange
        fields = ["status", "film", "series"]


class StatusChangeViewSet(SnippetViewSet):
    model = StatusChange
    icon = "date"
    menu_label = "Production slate"
    list_display = ["title", "status", "date", "article", "note"]
    list_export = ["film", "series", "status", "date", "article", "note"]
    filterset_class = StatusChangeFilterSet
    ordering = ["-date", "-pk"]
    panels = [
        HelpPanel(
            content="The film's or series' status becomes its latest change. Name the story that reported it: "
            "the title's production history links to it."
        ),
        FieldRowPanel([FieldPanel("film"), FieldPanel("series")]),
        FieldRowPanel([FieldPanel("status"), FieldPanel("date")]),
        PageChooserPanel("article", "articles.ArticlePage"),
        FieldPanel("note"),
    ]

    def get_queryset(self, request):
        return StatusChange.objects.select_related("film", "series", "article")


class NewsroomViewSetGroup(SnippetViewSetGroup):
    items = (StudioViewSet, PersonViewSet, FilmViewSet, SeriesViewSet, AuthorViewSet, StatusChangeViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = "Entities"
    menu_name = "entities"
    menu_order = 150


register_snippet(NewsroomViewSetGroup)
