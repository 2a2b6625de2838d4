"""Read-only JSON API at /api/v2/: Wagtail's pages and images endpoints plus studios, people and films."""

from __future__ import annotations

import datetime
import hashlib
import re
import types

from django.conf import settings
from django.core.exceptions import EmptyResultSet, ValidationError
from django.db.models import Prefetch, Q, QuerySet
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from wagtail.api import APIField
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.images.api.fields import ImageRenditionField
from wagtail.images.api.v2.views import ImagesAPIViewSet

from . import listings
from .business.releases import BadFilter, ReleaseFilters
from .cache import depends_on, remember
from .importing.ninjs import article_ninjs
from .models import (
    KINDS,
    ArticlePage,
    AwardEdition,
    AwardNomination,
    FilmCompany,
    FilmCredit,
    Gross,
    LinkedKind,
    PersonAffiliation,
    Release,
    ReviewPage,
    Season,
    SeriesCompany,
    SeriesCredit,
    StatusChange,
    TopicPage,
    story_models,
    territories,
)
from .models.querysets import is_published
from .views import clean_search_query
from .visibility import is_public_entity


class EntityRefSerializer(serializers.Serializer):
    """A link to a studio, person or film: enough to name it and fetch it."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    url = serializers.CharField(source="get_absolute_url")


class CompanySerializer(serializers.Serializer):
    """A studio's part in a film, with the territory it covers."""

    studio = EntityRefSerializer()
    film = EntityRefSerializer()
    role = serializers.CharField()
    territory = serializers.CharField()


class CreditSerializer(serializers.Serializer):
    """A person's credit on a film, and the company it is through."""

    person = EntityRefSerializer()
    film = EntityRefSerializer()
    role = serializers.CharField()
    character = serializers.CharField()
    via = EntityRefSerializer(allow_null=True)


class AffiliationSerializer(serializers.Serializer):
    """A person's post at a studio."""

    person = EntityRefSerializer()
    studio = EntityRefSerializer()
    title = serializers.CharField()
    current = serializers.BooleanField()


class SeriesCompanySerializer(serializers.Serializer):
    """A studio's part in a series."""

    studio = EntityRefSerializer()
    series = EntityRefSerializer()
    role = serializers.CharField()
    territory = serializers.CharField()


class SeriesCreditSerializer(serializers.Serializer):
    """A person's credit on a series."""

    person = EntityRefSerializer()
    series = EntityRefSerializer()
    role = serializers.CharField()
    character = serializers.CharField()
    via = EntityRefSerializer(allow_null=True)


class SeasonSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    year = serializers.IntegerField(allow_null=True)
    episodes = serializers.IntegerField(allow_null=True)


class StatusChangeSerializer(serializers.Serializer):
    """One change of the production slate, with the story that reported it while readers may see it."""

    status = serializers.CharField()
    date = serializers.DateField()
    note = serializers.CharField()
    story = serializers.SerializerMethodField()

    def get_story(self, change) -> dict | None:
        story = change.article
        if story is None or not is_published(story):
            return None
        return {"id": story.pk, "title": story.title, "url": story.url}


def _rows(serializer_class: type[serializers.Serializer], source: str | None = None) -> serializers.Serializer:
    return serializer_class(many=True, read_only=True, **({"source": source} if source else {}))


RELATION_SERIALIZERS = {
    "parent": EntityRefSerializer(read_only=True),
    "subsidiaries": EntityRefSerializer(many=True, read_only=True),
    "films": _rows(CompanySerializer, "film_companies"),
    "people": _rows(AffiliationSerializer, "affiliations"),
    "affiliations": _rows(AffiliationSerializer),
    "credits": _rows(CreditSerializer),
    "companies": _rows(CompanySerializer),
    "story_count": serializers.IntegerField(read_only=True),
    "occupations": serializers.ListField(read_only=True),
    "genres": serializers.ListField(read_only=True),
}


MAX_BIGINT = 2**63 - 1


def api_field(name: str) -> APIField:
    """An APIField, with the nested serializer for relation fields."""
    return APIField(name, serializer=RELATION_SERIALIZERS[name]) if name in RELATION_SERIALIZERS else APIField(name)


class CleanSearchMixin:
    """Junk search and filter input answers 400: ``?search=`` is reduced to plain words (see
    views.clean_search_query) and filter values the database cannot take become a message."""

    def dispatch(self, request, *args, **kwargs):
        if "search" in request.GET:
            query = request.GET.copy()
            query["search"] = clean_search_query(query["search"]) or "-"
            request.GET = query
        return super().dispatch(request, *args, **kwargs)

    def filter_queryset(self, queryset):
        # The search backend raises ValueError (a 500) on any other operator; here it is still a 400.
        if self.request.GET.get("search_operator", "or") not in ("and", "or"):
            raise BadRequestError("search_operator must be 'and' or 'or'")
        for name, value in self.request.GET.items():
            # A huge id passes Django's checks on relation filters and only fails in the database
            # (OverflowError on SQLite, DataError on PostgreSQL), after the view could still answer 400.
            if name != "search" and value.lstrip("-").isdigit() and abs(int(value)) > MAX_BIGINT:
                raise BadRequestError(f"{name} is out of range")
        try:
            return super().filter_queryset(queryset)
        except ValidationError as error:
            # Wagtail's field filter converts only booleans, integers and foreign keys; a junk date or
            # many-to-many id fails in Django instead.
            raise BadRequestError(f"filter error: {' '.join(error.messages)}") from error
        except ValueError as error:
            raise BadRequestError(f"filter error: {error}") from error

    def find_object(self, queryset, request):
        try:
            return super().find_object(queryset, request)
        except (ValueError, ValidationError) as error:
            raise BadRequestError(f"find error: {error}") from error


class _CachedCount:
    """A queryset whose ``count()`` is remembered while no published content changes (articles.cache.remember)."""

    def __init__(self, queryset: QuerySet) -> None:
        self.queryset = queryset

    def count(self) -> int:
        try:
            sql, params = self.queryset.query.sql_with_params()
        except EmptyResultSet:  # a filter that can match nothing (e.g. an empty IN): Django knows without asking
            return 0
        key = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
        return remember(f"api-count:{key}", ["all", "listing"], self.queryset.count)

    def __getitem__(self, index):
        return self.queryset[index]


class CachedCountPagination(WagtailPagination):
    """Wagtail's offset pagination; its ``total_count`` over every live page (40 ms at 100,000 articles) is kept
    in the cache until a publication, unpublication, move or view restriction purges the listings."""

    def paginate_queryset(self, queryset, request, view=None):
        if isinstance(queryset, QuerySet):
            queryset = _CachedCount(queryset)
        return super().paginate_queryset(queryset, request, view=view)


class ReadersGetJSONMixin:
    """Readers without a session get JSON only, one answer per URL, so the page cache and a shared cache in front
    keep it like a page (no ``Vary: Accept``); signed-in editors, never served from a cache, keep DRF's browsable
    API (``?format=api`` or ``Accept: text/html``)."""

    def offers_browsable_api(self) -> bool:
        return settings.SESSION_COOKIE_NAME in self.request.COOKIES

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.offers_browsable_api():
            return renderers
        return [renderer for renderer in renderers if isinstance(renderer, JSONRenderer)]

    @property
    def default_response_headers(self) -> dict[str, str]:
        headers = super().default_response_headers
        if not self.offers_browsable_api():
            headers.pop("Vary", None)  # DRF adds "Vary: Accept" whenever the class lists several renderers
        return headers


class NinjsRenderer(JSONRenderer):
    """``/api/v2/pages/<id>/?format=ninjs``: an article as an IPTC ninjs 2.1 item (articles.importing.ninjs)."""

    format = "ninjs"


class NewsroomPagesAPIViewSet(ReadersGetJSONMixin, CleanSearchMixin, PagesAPIViewSet):
    """Wagtail's pages endpoint (live, public pages only) with article relations fetched in bulk; page-cached for
    readers like a page (articles.cache), purged by every content change (``all``) and what it rendered."""

    pagination_class = CachedCountPagination
    renderer_classes = [*PagesAPIViewSet.renderer_classes, NinjsRenderer]

    def listing_view(self, request):
        if request.accepted_renderer.format == NinjsRenderer.format:
            raise BadRequestError(
                "format 'ninjs' is offered for one article at a time: /api/v2/pages/<id>/?format=ninjs"
            )
        return super().listing_view(request)

    def detail_view(self, request, pk):
        if request.accepted_renderer.format != NinjsRenderer.format:
            return super().detail_view(request, pk)
        page = self.get_object()
        if not isinstance(page, ArticlePage):
            raise BadRequestError("format 'ninjs' is offered for articles only")
        return Response(article_ninjs(page, request=request))

    # Article relations the listing prefetches only when ``?fields=`` asks for them (the detail view shows them all):
    # building unused entity, tag and rendition instances for 20 stories was most of a listing's time.
    ARTICLE_PREFETCHES = {
        **{kind.article_field: kind.article_field for kind in KINDS},
        "hero_image_thumbnail": "hero_image__renditions",
    }

    def initial(self, request, *args, **kwargs):
        # Resolved Markdown links pages through the editor's converter, which does not know view restrictions;
        # the other formats render links with articles.rich_text's handler (or keep only page ids).
        if request.GET.get("rich_text_format") == "markdown":
            raise BadRequestError("rich_text_format 'markdown' is not offered; use 'html' or 'db_markdown'")
        super().initial(request, *args, **kwargs)

    def _requested_fields(self) -> set[str] | None:
        """Names mentioned in ``?fields=`` of a listing (a superset, nested names included); None for all."""
        raw = self.request.GET.get("fields", "")
        if self.action != "listing_view" or "*" in raw:
            return None
        return set(re.findall(r"\w+", raw))

    def get_queryset(self):
        # ``locale`` is a meta field in ``?fields=*``: without the join it is a query per page.
        queryset = super().get_queryset().select_related("locale")
        if issubclass(queryset.model, ArticlePage):  # stories and reviews
            wanted = self._requested_fields()
            queryset = queryset.select_related("hero_image").prefetch_related(
                *(
                    lookup
                    for field_name, lookup in self.ARTICLE_PREFETCHES.items()
                    if wanted is None or field_name in wanted
                )
            )
        if issubclass(queryset.model, ReviewPage):
            queryset = queryset.select_related("reviewed_film", "reviewed_series")
        return queryset


class TagNamesSerializer(serializers.Field):
    """Tag names, sorted, read from the prefetched tags (Wagtail's TagsField queries each object's tags)."""

    def to_representation(self, value) -> list[str]:
        return sorted(tag.name for tag in value.all())


def used_publicly(images: QuerySet) -> QuerySet:
    """Images that published content shows: hero and body images of public articles, public topics' images and
    entity and author pictures (body images from Wagtail's reference index, which records pages' live content)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import BigIntegerField, CharField
    from django.db.models.functions import Cast
    from wagtail.models import ReferenceIndex

    articles = ArticlePage.objects.published()
    in_bodies = ReferenceIndex.objects.filter(
        content_type__in=list(ContentType.objects.get_for_models(*story_models()).values()),
        object_id__in=articles.annotate(key=Cast("pk", CharField())).values("key"),
        to_content_type=ContentType.objects.get_for_model(images.model),
    ).values(image_pk=Cast("to_object_id", BigIntegerField()))
    used = Q(pk__in=articles.values("hero_image_id")) | Q(pk__in=TopicPage.objects.published().values("image_id"))
    for kind in KINDS:
        if any(field.name == "image" for field in kind.model._meta.fields):
            used |= Q(pk__in=kind.model.objects.values("image_id"))
    # A filter, not an annotation, on the images: the search backend refuses querysets with annotations.
    return images.filter(used | Q(pk__in=in_bodies))


# Fields that point at an image's original file (its upload name, unresized, metadata intact).
ORIGINALS = {"download_url"}


class NewsroomImagesAPIViewSet(CleanSearchMixin, ImagesAPIViewSet):
    """Wagtail's images endpoint, limited to images published content shows (drafts' and private pages' images are
    neither listed nor found), with renditions instead of original files, the same 400s for junk input, and tags
    fetched in bulk. Originals keep the uploader's file name and are never resized or stripped."""

    RENDITION = "max-1200x1200|format-webp"

    body_fields = [
        *ImagesAPIViewSet.body_fields,
        APIField("rendition", serializer=ImageRenditionField(RENDITION, source="*", read_only=True)),
    ]
    meta_fields = [
        APIField(name, serializer=TagNamesSerializer(read_only=True)) if name == "tags" else name
        for name in ImagesAPIViewSet.meta_fields
        if name not in ORIGINALS
    ]
    listing_default_fields = [name for name in ImagesAPIViewSet.listing_default_fields if name not in ORIGINALS]
    nested_default_fields = [name for name in ImagesAPIViewSet.nested_default_fields if name not in ORIGINALS]

    def get_queryset(self):
        return used_publicly(super().get_queryset()).prefetch_related("tags").prefetch_renditions(self.RENDITION)


class EntityAPIViewSet(CleanSearchMixin, BaseAPIViewSet):
    """Shared by the entity endpoints: live story counts annotated, relations prefetched in bulk.

    A subclass names its kind (``class StudiosAPIViewSet(EntityAPIViewSet, kind="studio")``), which gives it its
    model and endpoint name; an entity kind without one gets this class's fields at its endpoint.
    """

    body_fields = [
        *BaseAPIViewSet.body_fields,
        *map(api_field, ["name", "slug", "aliases", "summary", "wikidata_id", "story_count"]),
    ]
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, "name", "slug", "story_count"]
    # BaseAPIViewSet has none, so ?name=, ?order= and ?search= would be accepted and silently ignored.
    filter_backends = [FieldsFilter, OrderingFilter, SearchFilter]
    prefetch: tuple = ()
    select: tuple = ()
    kind: LinkedKind
    by_kind: dict[str, type[EntityAPIViewSet]] = {}

    def __init_subclass__(cls, kind: str = "", **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if kind:
            cls.kind = KINDS.get(kind)
            cls.model, cls.name = cls.kind.model, cls.kind.api_endpoint
            EntityAPIViewSet.by_kind[kind] = cls

    @classmethod
    def for_kind(cls, kind: LinkedKind) -> type[EntityAPIViewSet]:
        """The endpoint's view set: the kind's own subclass, or a plain one."""
        if kind.key not in cls.by_kind:
            types.new_class(f"{kind.title}APIViewSet", (cls,), {"kind": kind.key})
        return cls.by_kind[kind.key]

    def get_queryset(self):
        queryset = self.model.objects.public()
        if self.select:
            queryset = queryset.select_related(*self.select)
        return queryset.prefetch_related(*self.prefetch).order_by("id")

    def _with_story_counts(self, entities: list) -> list:
        # Remembered per entity under its list's tag: a counting subquery per row grew with the archive (13 ms for
        # a page of popular studios at 100,000 articles).
        counts = listings.story_counts(self.kind.key, [entity.pk for entity in entities])
        for entity in entities:
            entity.story_count = counts[entity.pk]
        return entities

    def paginate_queryset(self, queryset):
        return self._with_story_counts(list(super().paginate_queryset(queryset)))

    def get_object(self):
        return self._with_story_counts([super().get_object()])[0]


class StudiosAPIViewSet(EntityAPIViewSet, kind="studio"):
    """/api/v2/studios/: facts, parent and subsidiaries, films and people."""

    body_fields = [
        *EntityAPIViewSet.body_fields,
        *map(
            api_field,
            ["kind", "country", "headquarters", "founded", "website", "imdb_id"]
            + ["parent", "subsidiaries", "films", "people"],
        ),
    ]
    listing_default_fields = [*EntityAPIViewSet.listing_default_fields, "kind"]
    select = ("parent",)
    prefetch = (
        "subsidiaries",
        Prefetch("film_companies", queryset=FilmCompany.objects.select_related("film", "studio")),
        Prefetch("affiliations", queryset=PersonAffiliation.objects.select_related("person", "studio")),
    )


class PeopleAPIViewSet(EntityAPIViewSet, kind="person"):
    """/api/v2/people/: facts, affiliations and film credits."""

    body_fields = [
        *EntityAPIViewSet.body_fields,
        *map(api_field, ["occupations", "born", "nationality", "imdb_id", "affiliations", "credits"]),
    ]
    listing_default_fields = [*EntityAPIViewSet.listing_default_fields, "occupations"]
    prefetch = (
        Prefetch("affiliations", queryset=PersonAffiliation.objects.select_related("person", "studio")),
        Prefetch("credits", queryset=FilmCredit.objects.select_related("person", "film", "via")),
    )


class SeriesAPIViewSet(EntityAPIViewSet, kind="series"):
    """/api/v2/series/: facts, network, seasons, companies and credits."""

    body_fields = [
        *EntityAPIViewSet.body_fields,
        *map(api_field, ["status", "first_year", "last_year", "genres", "logline", "imdb_id"]),
        APIField("network", serializer=EntityRefSerializer(read_only=True, allow_null=True)),
        APIField("seasons", serializer=_rows(SeasonSerializer)),
        APIField("companies", serializer=_rows(SeriesCompanySerializer)),
        APIField("credits", serializer=_rows(SeriesCreditSerializer)),
        APIField("status_changes", serializer=_rows(StatusChangeSerializer)),
    ]
    listing_default_fields = [*EntityAPIViewSet.listing_default_fields, "first_year", "status"]
    select = ("network",)
    prefetch = (
        Prefetch("seasons", queryset=Season.objects.order_by("number")),
        Prefetch("companies", queryset=SeriesCompany.objects.select_related("series", "studio")),
        Prefetch("credits", queryset=SeriesCredit.objects.select_related("person", "series", "via")),
        Prefetch("status_changes", queryset=StatusChange.objects.in_order().select_related("article")),
    )


class FilmsAPIViewSet(EntityAPIViewSet, kind="film"):
    """/api/v2/films/: facts, companies and credits."""

    body_fields = [
        *EntityAPIViewSet.body_fields,
        *map(api_field, ["year", "status", "genres", "logline", "imdb_id", "companies", "credits"]),
        APIField("status_changes", serializer=_rows(StatusChangeSerializer)),
    ]
    listing_default_fields = [*EntityAPIViewSet.listing_default_fields, "year", "status"]
    prefetch = (
        Prefetch("companies", queryset=FilmCompany.objects.select_related("film", "studio")),
        Prefetch("credits", queryset=FilmCredit.objects.select_related("person", "film", "via")),
        Prefetch("status_changes", queryset=StatusChange.objects.in_order().select_related("article")),
    )


class ReleasesAPIViewSet(ReadersGetJSONMixin, BaseAPIViewSet):
    """/api/v2/releases/: release events in date order, filtered by ``territory`` (code or name), ``type``, ``film``,
    ``series`` or ``company`` (id or slug) and ``date_from`` / ``date_to`` (YYYY-MM-DD, both included)."""

    model = Release
    name = "releases"
    body_fields = [
        *BaseAPIViewSet.body_fields,
        "date",
        "territory",
        "territory_name",
        "release_type",
        "season",
        "venue",
        "note",
        "source",
        APIField("film", serializer=EntityRefSerializer(read_only=True, allow_null=True)),
        APIField("series", serializer=EntityRefSerializer(read_only=True, allow_null=True)),
        APIField("company", serializer=EntityRefSerializer(read_only=True, allow_null=True)),
    ]
    listing_default_fields = [
        *BaseAPIViewSet.listing_default_fields,
        *("date", "territory", "release_type", "season", "venue", "film", "series", "company"),
    ]
    filter_backends: list = []
    filters = ("territory", "type", "film", "series", "company", "date_from", "date_to")
    known_query_parameters = frozenset({"limit", "offset", "fields", *filters})

    def check_query_parameters(self, queryset) -> None:
        unknown = set(self.request.GET) - self.known_query_parameters
        if unknown:
            raise BadRequestError(f"query parameter is not an operation or a filter: {', '.join(sorted(unknown))}")

    def get_queryset(self):
        depends_on(self.request, "releases")  # readers' answers are page-cached (ReadersGetJSONMixin)
        return Release.objects.public().select_related("film", "series", "company").order_by("date", "pk")

    def filter_queryset(self, queryset):
        try:
            queryset = ReleaseFilters.from_request(self.request, month=False).apply(queryset)
        except BadFilter as error:
            raise BadRequestError(str(error)) from error
        for name in ("film", "series", "company"):
            if value := self.request.GET.get(name, "").strip():
                lookup = "pk" if value.isdigit() and int(value) <= MAX_BIGINT else "slug"
                queryset = queryset.filter(**{f"{name}__{lookup}": value})
        for name, lookup in (("date_from", "date__gte"), ("date_to", "date__lte")):
            if value := self.request.GET.get(name, "").strip():
                try:
                    queryset = queryset.filter(**{lookup: datetime.date.fromisoformat(value[:10])})
                except ValueError as error:
                    raise BadRequestError(f"{name}: write the date as YYYY-MM-DD, e.g. 2027-03-01.") from error
        return queryset


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", NewsroomPagesAPIViewSet)
api_router.register_endpoint("images", NewsroomImagesAPIViewSet)
for _kind in KINDS.entities():
    if _kind.api_endpoint:
        api_router.register_endpoint(_kind.api_endpoint, EntityAPIViewSet.for_kind(_kind))
api_router.register_endpoint("releases", ReleasesAPIViewSet)


# Awards (articles.business.awards): /api/v2/awards/ lists editions with their ceremony and nominations.


class AwardCeremonySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    kind = serializers.CharField()
    organizer = serializers.CharField()
    url = serializers.CharField(source="get_absolute_url")


class NominationSerializer(serializers.Serializer):
    """A nomination or win: its category, what it honours, and the title a person's or studio's is for."""

    id = serializers.IntegerField()
    category = serializers.CharField(source="category.name")
    category_slug = serializers.CharField(source="category.slug")
    honours = serializers.CharField(source="category.honours")
    won = serializers.BooleanField()
    note = serializers.CharField()
    film = EntityRefSerializer(allow_null=True)
    series = EntityRefSerializer(allow_null=True)
    person = EntityRefSerializer(allow_null=True)
    studio = EntityRefSerializer(allow_null=True)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # A proposed entity waits for an editor here as on its page.
        for name in ("film", "series", "person", "studio"):
            entity = getattr(instance, name)
            if entity is not None and not is_public_entity(entity):
                data[name] = None
        return data


class AwardsAPIViewSet(ReadersGetJSONMixin, CleanSearchMixin, BaseAPIViewSet):
    """/api/v2/awards/: award editions, newest first, with their ceremony and nominations (``?ceremony=<id>``,
    ``?year=``); page-cached for readers like the awards pages, under the ``awards`` tag."""

    model = AwardEdition
    body_fields = [
        *BaseAPIViewSet.body_fields,
        "title",
        "number",
        "year",
        "date",
        "end_date",
        "place",
        APIField("url", serializer=serializers.CharField(source="get_absolute_url", read_only=True)),
        APIField("ceremony", serializer=AwardCeremonySerializer(read_only=True)),
        APIField("nominations", serializer=_rows(NominationSerializer)),
    ]
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, "title", "year", "date", "ceremony", "url"]
    filter_backends = [FieldsFilter, OrderingFilter]

    def dispatch(self, request, *args, **kwargs):
        depends_on(request, "awards")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        nominations = AwardNomination.objects.select_related("category", "film", "series", "person", "studio")
        return (
            AwardEdition.objects.select_related("ceremony")
            .prefetch_related(Prefetch("nominations", queryset=nominations.order_by("category__sort_order", "-won")))
            .order_by("-year", "id")
        )


api_router.register_endpoint("awards", AwardsAPIViewSet)


# Box office (articles/models/boxoffice.py): /api/v2/box-office/, filtered by ?film=<id>, ?territory=, ?period=,
# ?weekend=YYYY-MM-DD (that weekend's chart) and ordered by ?order=.


class BoxOfficeAPIViewSet(CleanSearchMixin, BaseAPIViewSet):
    """/api/v2/box-office/: grosses of public films, newest first, with the film, territory, currency and source."""

    name = "box-office"
    model = Gross
    body_fields = [
        *BaseAPIViewSet.body_fields,
        APIField("film", serializer=EntityRefSerializer(read_only=True)),
        *map(APIField, ["territory", "period", "date", "amount", "currency", "rank", "theatres"]),
        *map(APIField, ["source_name", "source_url"]),
    ]
    listing_default_fields = [
        *BaseAPIViewSet.listing_default_fields,
        *["film", "territory", "period", "date", "amount", "currency", "rank"],
    ]
    filter_backends = [FieldsFilter, OrderingFilter]
    known_query_parameters = BaseAPIViewSet.known_query_parameters | {"weekend"}

    def dispatch(self, request, *args, **kwargs):
        # Territories as editors write them ("China", "cn") are stored as codes; a weekend is a date and a period.
        query = request.GET.copy()
        if query.get("territory"):
            query["territory"] = territories.normalise(query["territory"][:100])
        if "weekend" in query:
            query["date"], query["period"] = query.pop("weekend")[-1][:40], Gross.Period.WEEKEND
        request.GET = query
        return super().dispatch(request, *args, **kwargs)

    def filter_queryset(self, queryset):
        territory = self.request.GET.get("territory")
        if territory and territory not in territories.REGIONS and territory not in territories.countries():
            raise BadRequestError(f"Unknown territory {territory!r}: use an ISO 3166 code such as CN, or a region.")
        return super().filter_queryset(queryset)

    def get_queryset(self):
        return Gross.objects.public().select_related("film").order_by("-date", "territory", "period", "rank", "id")


api_router.register_endpoint("box-office", BoxOfficeAPIViewSet)
