"""The "Stories" listing: every article in one flat list, filtered by what it is about, who wrote it and where it
stands, with its authors and entities in columns.

Built on Wagtail's ``PageListingViewSet`` (search, ordering, pagination, bulk actions, the explorable-pages
permission rule, so contributors never see other people's drafts). The same filters and columns serve the page
explorer under a topic (``ArticlePageViewSet``), whose children are all articles.
"""

from __future__ import annotations

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.ui.tables.pages import BulkActionsColumn, PageStatusColumn, PageTitleColumn, ParentPageColumn
from wagtail.admin.views.pages.listing import ExplorableIndexView, IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet, PageViewSet
from wagtail.models import Page, Revision, WorkflowState

from ..models import KINDS, ArticlePage, TopicPage
from .widgets import EntityAutocompleteWidget

INDEX_URL_NAME = "stories:index"
LINKED = tuple(kind.article_field for kind in KINDS)  # studios, people, films, authors, tags
ENTITY_NAMES_SHOWN = 3


class EntityFilterWidget(EntityAutocompleteWidget):
    """The entity autocomplete, for choosing what to filter by: it searches but never creates."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["create_url"] = ""
        return context


def scheduled() -> Exists:
    """Pages with a revision approved to go live later (what Wagtail shows as "scheduled")."""
    return Exists(
        Revision.page_revisions.filter(object_id=Cast(OuterRef("pk"), CharField()), approved_go_live_at__isnull=False)
    )


def in_moderation() -> Exists:
    """Pages in a workflow that is still in progress."""
    return Exists(
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id=Cast(OuterRef("pk"), CharField()),
            status=WorkflowState.STATUS_IN_PROGRESS,
        )
    )


class Status(django_filters.ChoiceFilter):
    CONDITIONS = {
        "draft": lambda: Q(live=False),
        "live": lambda: Q(live=True),
        "scheduled": lambda: Q(scheduled()),
        "in_moderation": lambda: Q(in_moderation()),
    }

    def __init__(self, **kwargs):
        choices = [
            ("draft", "Draft (not live)"),
            ("live", "Live"),
            ("scheduled", "Scheduled"),
            ("in_moderation", "In moderation"),
        ]
        super().__init__(choices=choices, empty_label="Any", **kwargs)

    def filter(self, queryset, value):
        return queryset.filter(self.CONDITIONS[value]()) if value in self.CONDITIONS else queryset


class TopicFilter(django_filters.ModelChoiceFilter):
    """A topic's stories as readers get them: its own articles plus those matching its rules."""

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=ArticlePage.objects.for_topic(value).values("pk"))


def linked_filter(kind) -> django_filters.ModelMultipleChoiceFilter:
    return django_filters.ModelMultipleChoiceFilter(
        label=kind.title,
        field_name=kind.article_field,
        queryset=kind.model.objects.all(),
        widget=EntityFilterWidget(kind.key),
        distinct=True,
    )


class BaseStoryFilterSet(WagtailFilterSet):
    status = Status(label="Status")
    topic = TopicFilter(label="Topic", queryset=TopicPage.objects.order_by("title"))
    first_published_at = django_filters.DateFromToRangeFilter(label="First published", widget=DateRangePickerWidget)
    latest_revision_created_at = django_filters.DateFromToRangeFilter(label="Updated", widget=DateRangePickerWidget)

    class Meta:
        model = ArticlePage
        fields: list[str] = []


# One filter per linked kind (?studio=4&person=9&tag=2), read from the registry. Every filter combines with the
# others (AND) and lives in the URL, so a filtered listing can be linked to.
StoryFilterSet = type(
    "StoryFilterSet",
    (BaseStoryFilterSet,),
    {"__module__": __name__, **{kind.key: linked_filter(kind) for kind in KINDS}},
)


def story_list_url(kind_key: str, pk: int) -> str:
    """The Stories listing filtered to one studio, person, film, author or tag."""
    return f"{reverse(INDEX_URL_NAME)}?{kind_key}={pk}"


def compact_names(page: ArticlePage) -> str:
    """ "Netflix, Tom Hanks, Cast Away +2": the linked studios, people, films and tags, from the prefetched rows."""
    names = [str(item) for kind in KINDS if kind.key != "author" for item in getattr(page, kind.article_field).all()]
    shown = ", ".join(names[:ENTITY_NAMES_SHOWN])
    return f"{shown} +{len(names) - ENTITY_NAMES_SHOWN}" if len(names) > ENTITY_NAMES_SHOWN else shown


def author_names(page: ArticlePage) -> str:
    return ", ".join(str(author) for author in page.authors.all())


COLUMNS = [
    BulkActionsColumn("bulk_actions"),
    PageTitleColumn("title", label="Title", sort_key="title", classname="title"),
    PageStatusColumn("status", label="Status", sort_key="live", width="12%"),
    Column("authors", label="Authors", accessor=author_names),
    Column("entities", label="Entities and tags", accessor=compact_names),
    DateColumn("latest_revision_created_at", label="Updated", sort_key="latest_revision_created_at", width="12%"),
]


class StoryListingMixin:
    def get_base_queryset(self):
        # The entity and author columns read prefetched rows: the same few queries for any number of stories.
        return super().get_base_queryset().prefetch_related(*LINKED)


class StoryIndexView(StoryListingMixin, IndexView):
    page_title = "Stories"


class ExplorableStoryIndexView(StoryListingMixin, ExplorableIndexView):
    pass


class StoryListingViewSet(PageListingViewSet):
    """Every article, wherever it sits in the tree."""

    model = ArticlePage
    icon = "doc-full"
    menu_label = "Stories"
    menu_order = 110
    add_to_admin_menu = True
    index_view_class = StoryIndexView
    filterset_class = StoryFilterSet
    columns = [*COLUMNS[:2], ParentPageColumn("parent", label="Topic"), *COLUMNS[2:]]


class ArticlePageViewSet(PageViewSet):
    """The explorer under a topic (whose children are all articles) gets the same filters and columns."""

    model = ArticlePage
    index_view_class = ExplorableStoryIndexView
    filterset_class = StoryFilterSet
    columns = COLUMNS


@hooks.register("register_admin_viewset")
def register_story_listing():
    return StoryListingViewSet("stories")


@hooks.register("register_admin_viewset")
def register_article_pages():
    return ArticlePageViewSet("article_pages")
