"""Awards' public pages — ``/awards/`` (every ceremony, latest edition first), ``/awards/<ceremony>/`` (its
editions) and ``/awards/<ceremony>/<year>/`` (categories, winners first) — their results feeds, and the "Awards"
section of film, series, person and studio pages.

Every awards page declares the ``awards`` tag, which any nomination's save or delete purges (the relation registry)
and so do ceremonies, categories and editions (receivers below); entity names are collected while rendering.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from datetime import datetime, time
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import Count, F, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.signals import post_delete, post_save
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from .. import listings, sections, seo
from ..cache import depends_on
from ..models import AwardCategory, AwardCeremony, AwardEdition, AwardNomination
from ..models.awards import HONOURED_KINDS
from ..models.relations import RELATIONS
from ..signals import purge_tags
from ..views import paginate
from ..visibility import is_public_entity

TAG = "awards"
CEREMONIES_PER_PAGE = 30
EDITIONS_PER_PAGE = 20
CATEGORIES_PER_PAGE = 30
FEED_SIZE = 50
ENTITY_FIELDS = HONOURED_KINDS  # the nomination's foreign keys to entities: film, series, person, studio


def nominations_queryset():
    """Nominations with everything a row shows: the entities, the category, the edition and its ceremony."""
    return AwardNomination.objects.select_related(*ENTITY_FIELDS, "category", "edition__ceremony")


def public_rows(nominations) -> list[AwardNomination]:
    """The nominations readers may see: a proposed entity's nomination waits, like its page, for an editor."""
    rows = []
    for nomination in nominations:
        honoured = nomination.honoured
        if honoured is None or not is_public_entity(honoured):
            continue
        title = nomination.title_for
        nomination.public_title = title if title is not None and is_public_entity(title) else None
        rows.append(nomination)
    return rows


def with_story_counts(rows: list[AwardNomination]) -> list[AwardNomination]:
    """Each nomination's ``story_count``: the honoured entity's public stories, one remembered count per kind."""
    ids: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        ids[row.category.honours].add(row.honoured.pk)
    counts = {kind: listings.story_counts(kind, keys) for kind, keys in ids.items()}
    for row in rows:
        row.story_count = counts[row.category.honours][row.honoured.pk]
    return rows


def _kind_filter(request: HttpRequest) -> str:
    kind = request.GET.get("kind", "")
    return kind if kind in AwardCeremony.Kind.values else ""


def awards_index(request: HttpRequest) -> HttpResponse:
    """/awards/: every ceremony, the one with the latest edition first; ``?kind=festival`` or ``?kind=awards``."""
    depends_on(request, TAG)
    kind = _kind_filter(request)
    latest = AwardEdition.objects.filter(ceremony=OuterRef("pk")).order_by("-year")
    ceremonies = AwardCeremony.objects.annotate(
        latest_year=Max("editions__year"), latest_edition_id=Subquery(latest.values("pk")[:1])
    ).order_by(F("latest_year").desc(nulls_last=True), "name")  # PostgreSQL puts NULLs first otherwise
    if kind:
        ceremonies = ceremonies.filter(kind=kind)
    page = paginate(request, ceremonies, per_page=CEREMONIES_PER_PAGE)
    editions = AwardEdition.objects.in_bulk([c.latest_edition_id for c in page.object_list if c.latest_edition_id])
    for ceremony in page.object_list:
        ceremony.latest_edition = editions.get(ceremony.latest_edition_id)
        if ceremony.latest_edition:
            ceremony.latest_edition.ceremony = ceremony
    context = {
        "ceremonies": page,
        "kind": kind,
        "kinds": AwardCeremony.Kind.choices,
        "params": f"kind={kind}" if kind else "",
        "json_ld": [seo.breadcrumbs_json_ld([("Home", "/"), ("Awards", reverse("articles:awards"))], request)],
    }
    return render(request, "articles/awards/index.html", context)


def find_ceremony(slug: str) -> AwardCeremony:
    ceremony = AwardCeremony.objects.filter(slug=slug).first()
    if ceremony is None:
        raise Http404("No such award.")
    return ceremony


def ceremony_page(request: HttpRequest, ceremony: str) -> HttpResponse:
    """/awards/<ceremony>/: its editions, newest first, each with its winners; ``?category=<slug>`` keeps one
    category's winners (Best Picture by year)."""
    depends_on(request, TAG)
    found = find_ceremony(ceremony)
    categories = list(found.categories.order_by("sort_order", "name"))
    category = next((c for c in categories if c.slug == request.GET.get("category")), None)
    winners = nominations_queryset().filter(won=True).order_by("category__sort_order", "sort_order", "pk")
    if category is not None:
        winners = winners.filter(category=category)
    editions = (
        found.editions.annotate(nomination_count=Count("nominations"))
        .prefetch_related(Prefetch("nominations", queryset=winners, to_attr="winners"))
        .order_by("-year")
    )
    page = paginate(request, editions, per_page=EDITIONS_PER_PAGE)
    for edition in page.object_list:
        edition.ceremony = found
        edition.winners = public_rows(edition.winners)
    crumbs = [("Home", "/"), ("Awards", reverse("articles:awards")), (found.name, found.get_absolute_url())]
    context = {
        "ceremony": found,
        "editions": page,
        "categories": categories,
        "category": category,
        "params": f"category={category.slug}" if category else "",
        "json_ld": [seo.breadcrumbs_json_ld(crumbs, request)],
    }
    return render(request, "articles/awards/ceremony.html", context)


def find_edition(ceremony: str, year: int | str) -> AwardEdition:
    edition = AwardEdition.objects.select_related("ceremony").filter(ceremony__slug=ceremony, year=year).first()
    if edition is None:
        raise Http404("No such edition.")
    return edition


def edition_json_ld(edition: AwardEdition, request: HttpRequest) -> dict[str, Any]:
    """schema.org ``Event`` for an edition: name, dates, place and who organises it."""
    ceremony = edition.ceremony
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": edition.title,
        "url": seo.absolute_url(request, edition.get_absolute_url()),
        "startDate": edition.date.isoformat() if edition.date else str(edition.year),
        "organizer": {
            "@type": "Organization",
            "name": ceremony.organizer or ceremony.name,
            **({"url": ceremony.website} if ceremony.website else {}),
        },
        "eventStatus": "https://schema.org/EventScheduled",
    }
    if edition.end_date:
        data["endDate"] = edition.end_date.isoformat()
    if edition.place:
        data["location"] = {"@type": "Place", "name": edition.place, "address": edition.place}
    if ceremony.summary:
        data["description"] = ceremony.summary
    return data


def edition_categories(edition: AwardEdition, *, winners_only: bool = False, category: str = ""):
    """The ceremony's categories with nominations at this edition, each with ``rows`` prefetched (winners first)."""
    nominations = nominations_queryset().filter(edition=edition).order_by("-won", "sort_order", "pk")
    if winners_only:
        nominations = nominations.filter(won=True)
    categories = (
        AwardCategory.objects.filter(ceremony=edition.ceremony_id)
        .filter(Q(nominations__edition=edition) & (Q(nominations__won=True) if winners_only else Q()))
        .distinct()
        .prefetch_related(Prefetch("nominations", queryset=nominations, to_attr="rows"))
        .order_by("sort_order", "name")
    )
    return categories.filter(slug=category) if category else categories


def edition_page(request: HttpRequest, ceremony: str, year: str) -> HttpResponse:
    """/awards/<ceremony>/<year>/: the categories, winners first then nominees, each linked to its entity and the
    stories about it; ``?winners=1`` for winners only, ``?category=<slug>`` for one category."""
    depends_on(request, TAG)
    edition = find_edition(ceremony, year)
    winners_only = request.GET.get("winners") == "1"
    category = request.GET.get("category", "")[:100]
    page = paginate(
        request,
        edition_categories(edition, winners_only=winners_only, category=category),
        per_page=CATEGORIES_PER_PAGE,
    )
    rows = []
    for found in page.object_list:
        found.rows = public_rows(found.rows)
        for row in found.rows:
            row.edition, row.category = edition, found
        rows += found.rows
    with_story_counts(rows)
    others = list(edition.ceremony.editions.order_by("-year").values_list("year", flat=True))
    params = "&".join(filter(None, ["winners=1" if winners_only else "", f"category={category}" if category else ""]))
    crumbs = [
        ("Home", "/"),
        ("Awards", reverse("articles:awards")),
        (edition.ceremony.name, edition.ceremony.get_absolute_url()),
        (str(edition.year), edition.get_absolute_url()),
    ]
    context = {
        "edition": edition,
        "ceremony": edition.ceremony,
        "categories": page,
        "winners_only": winners_only,
        "category": category,
        "params": params,
        "years": others,
        "json_ld": [edition_json_ld(edition, request), seo.breadcrumbs_json_ld(crumbs, request)],
    }
    return render(request, "articles/awards/edition.html", context)


# The "Awards" section of entity pages.


def entity_awards(entity) -> list[AwardNomination]:
    """The nominations naming this entity (honoured, or the title a person's nomination is for), newest edition
    first, in one query."""
    field = entity.entity_type
    rows = nominations_queryset().filter(**{field: entity}).order_by("-edition__year", "-won", "category__sort_order")
    return public_rows(rows)


def awards_json_ld(entity, rows: list[AwardNomination], request: HttpRequest) -> dict[str, Any]:
    """schema.org ``award``: the wins of the entity itself ("Best Actor, 88th Academy Awards")."""
    won = [f"{row.category.name}, {row.edition.title}" for row in rows if row.won and row.honoured == entity]
    return {"award": won} if won else {}


SECTION = sections.register(
    sections.EntitySection(
        key="awards",
        kinds=HONOURED_KINDS,
        template="articles/sections/awards.html",
        load=entity_awards,
        order=40,
        json_ld=awards_json_ld,
    )
)


# Feeds: the results of an edition, and the latest winners of every ceremony.


class AwardResultsFeed(Feed):
    """Nominations as feed items (winners first); the format's generator is given by the URLconf
    (``articles.feeds.FEED_FORMATS``, a layer above)."""

    def __init__(self, feed_type, suffix: str = "feed/") -> None:
        self.feed_type, self.suffix = feed_type, suffix

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # One instance serves every thread; the request goes on a copy made for this call (as articles.feeds).
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def get_object(self, request, ceremony: str = "", year: str = ""):
        depends_on(request, TAG)
        return find_edition(ceremony, year) if ceremony else None

    def title(self, obj) -> str:
        return f"Newsroom: {obj.title} results" if obj else "Newsroom: award winners"

    def link(self, obj) -> str:
        return seo.absolute_url(self.request, obj.get_absolute_url() if obj else reverse("articles:awards"))

    def feed_url(self, obj) -> str:
        return seo.absolute_url(self.request, self.request.path)

    def description(self, obj) -> str:
        if obj:
            return f"Winners and nominees of the {obj.title}, winners first."
        return "The latest award winners, newest edition first."

    def items(self, obj):
        rows = nominations_queryset()
        if obj:
            rows = rows.filter(edition=obj).order_by("-won", "category__sort_order", "sort_order", "pk")
        else:
            rows = rows.filter(won=True).order_by("-edition__year", "-edition__date", "category__sort_order", "pk")
        return public_rows(rows[:FEED_SIZE])

    def item_title(self, item: AwardNomination) -> str:
        return f"{'Winner' if item.won else 'Nominee'}: {item.label} ({item.edition.title})"

    def item_description(self, item: AwardNomination) -> str:
        return item.note

    def item_link(self, item: AwardNomination) -> str:
        return seo.absolute_url(self.request, item.honoured.get_absolute_url())

    def item_guid(self, item: AwardNomination) -> str:
        return seo.absolute_url(self.request, f"{item.edition.get_absolute_url()}#nomination-{item.pk}")

    item_guid_is_permalink = False

    def item_pubdate(self, item: AwardNomination):
        day = item.edition.date
        return timezone.make_aware(datetime.combine(day, time(12))) if day else None

    def item_categories(self, item: AwardNomination) -> list[str]:
        return [item.edition.ceremony.name, item.category.name]

    def item_extra_kwargs(self, item: AwardNomination) -> dict:
        # What articles.feeds' JSON Feed writer reads from every item.
        return {"standfirst": item.note or item.label, "authors": [], "image": None}


# Ceremonies, categories and editions are not relation rows; their changes purge the awards pages and the pages of
# every entity their nominations name (their names show in those entities' "Awards" sections).


def _nomination_tags(nominations) -> set[str]:
    relation = RELATIONS.for_model(AwardNomination)
    tags = {TAG}
    for row in nominations.only("film_id", "series_id", "person_id", "studio_id"):
        tags |= relation.tags(row)
    return tags


def purge_ceremony(sender, instance: AwardCeremony, **kwargs) -> None:
    purge_tags(_nomination_tags(AwardNomination.objects.filter(edition__ceremony_id=instance.pk)))


def purge_edition(sender, instance: AwardEdition, **kwargs) -> None:
    purge_tags(_nomination_tags(AwardNomination.objects.filter(edition_id=instance.pk)))


def purge_category(sender, instance: AwardCategory, **kwargs) -> None:
    purge_tags(_nomination_tags(AwardNomination.objects.filter(category_id=instance.pk)))


for _model, _receiver in (
    (AwardCeremony, purge_ceremony),
    (AwardEdition, purge_edition),
    (AwardCategory, purge_category),
):
    for _signal in (post_save, post_delete):
        _signal.connect(_receiver, sender=_model, dispatch_uid=f"newsroom-{_receiver.__name__}-{_signal is post_save}")
