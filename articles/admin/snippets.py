"""Snippet admin for studios, people, films and authors: listings, filters, inline relations, choosers."""

from __future__ import annotations

import django_filters
from django.db.models import Count, Q
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from ..models import Author, Film, Person, Studio
from .widgets import JSONChoicesWidget


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


class EntityChooserViewSet(SnippetChooserViewSet):
    """Choosers offer a "Create" tab so editors can add a missing entity without leaving the page."""

    form_fields = ["name"]


class EntityViewSet(SnippetViewSet):
    chooser_viewset_class = EntityChooserViewSet
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
        ]
    )


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
            ObjectList([FieldPanel("wikidata_id"), FieldPanel("imdb_id")], heading="Links and ids"),
        ]
    )


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    chooser_viewset_class = EntityChooserViewSet
    list_display = ["name", "kind", "job_title"]
    filterset_class = AuthorFilterSet
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("job_title")]),
        FieldPanel("bio"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("website")], heading="Profile"),
    ]


class NewsroomViewSetGroup(SnippetViewSetGroup):
    items = (StudioViewSet, PersonViewSet, FilmViewSet, AuthorViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = "Entities"
    menu_name = "entities"
    menu_order = 150


register_snippet(NewsroomViewSetGroup)
