"""Read-only JSON API at /api/v2/: Wagtail's pages and images endpoints plus studios, people and films."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from rest_framework import serializers
from wagtail.api import APIField
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from .models import ArticlePage, Film, FilmCompany, FilmCredit, Person, PersonAffiliation, Studio
from .views import clean_search_query


class EntityRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    url = serializers.CharField(source="get_absolute_url")


class CompanySerializer(serializers.Serializer):
    studio = EntityRefSerializer()
    film = EntityRefSerializer()
    role = serializers.CharField()
    territory = serializers.CharField()


class CreditSerializer(serializers.Serializer):
    person = EntityRefSerializer()
    film = EntityRefSerializer()
    role = serializers.CharField()
    character = serializers.CharField()


class AffiliationSerializer(serializers.Serializer):
    person = EntityRefSerializer()
    studio = EntityRefSerializer()
    title = serializers.CharField()
    current = serializers.BooleanField()


def _rows(serializer_class, source: str | None = None):
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


def api_field(name: str) -> APIField:
    return APIField(name, serializer=RELATION_SERIALIZERS[name]) if name in RELATION_SERIALIZERS else APIField(name)


class CleanSearchMixin:
    """Reduces ``?search=`` to plain words before Wagtail's search filter sees it (see views.clean_search_query)."""

    def dispatch(self, request, *args, **kwargs):
        if "search" in request.GET:
            query = request.GET.copy()
            query["search"] = clean_search_query(query["search"]) or "-"
            request.GET = query
        return super().dispatch(request, *args, **kwargs)


class NewsroomPagesAPIViewSet(CleanSearchMixin, PagesAPIViewSet):
    def get_queryset(self):
        queryset = super().get_queryset()
        if queryset.model is ArticlePage:
            queryset = queryset.select_related("hero_image").prefetch_related(
                "studios", "people", "films", "authors", "tags"
            )
        return queryset


class EntityAPIViewSet(CleanSearchMixin, BaseAPIViewSet):
    """Shared by the entity endpoints: live story counts annotated, relations prefetched in bulk."""

    body_fields = [
        *BaseAPIViewSet.body_fields,
        *map(api_field, ["name", "slug", "aliases", "summary", "wikidata_id", "story_count"]),
    ]
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, "name", "slug", "story_count"]
    prefetch: tuple = ()

    def get_queryset(self):
        queryset = self.model.objects.annotate(
            story_count=Count("articles", filter=Q(articles__live=True), distinct=True)
        )
        if self.model is Studio:
            queryset = queryset.select_related("parent")
        return queryset.prefetch_related(*self.prefetch).order_by("id")


class StudiosAPIViewSet(EntityAPIViewSet):
    model = Studio
    name = "studios"
    body_fields = [
        *EntityAPIViewSet.body_fields,
        *map(api_field, ["kind", "country", "parent", "subsidiaries", "films", "people"]),
    ]
    listing_default_fields = [*EntityAPIViewSet.listing_default_fields, "kind"]
    prefetch = (
        "subsidiaries",
        Prefetch("film_companies", queryset=FilmCompany.objects.select_related("film", "studio")),
        Prefetch("affiliations", queryset=PersonAffiliation.objects.select_related("person", "studio")),
    )


class PeopleAPIViewSet(EntityAPIViewSet):
    model = Person
    name = "people"
    body_fields = [*EntityAPIViewSet.body_fields, *map(api_field, ["occupations", "affiliations", "credits"])]
    listing_default_fields = [*EntityAPIViewSet.listing_default_fields, "occupations"]
    prefetch = (
        Prefetch("affiliations", queryset=PersonAffiliation.objects.select_related("person", "studio")),
        Prefetch("credits", queryset=FilmCredit.objects.select_related("person", "film")),
    )


class FilmsAPIViewSet(EntityAPIViewSet):
    model = Film
    name = "films"
    body_fields = [
        *EntityAPIViewSet.body_fields,
        *map(api_field, ["year", "status", "genres", "logline", "companies", "credits"]),
    ]
    listing_default_fields = [*EntityAPIViewSet.listing_default_fields, "year", "status"]
    prefetch = (
        Prefetch("companies", queryset=FilmCompany.objects.select_related("film", "studio")),
        Prefetch("credits", queryset=FilmCredit.objects.select_related("person", "film")),
    )


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", NewsroomPagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("studios", StudiosAPIViewSet)
api_router.register_endpoint("people", PeopleAPIViewSet)
api_router.register_endpoint("films", FilmsAPIViewSet)
