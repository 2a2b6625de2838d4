"""The production slate (issue #18 item 5): ``/slate/`` lists the films and series announced, in development, in
production, in post-production or completed, each with the date and story of its latest change, filterable by
studio, genre and status; each title's page gets its "Production history" from the stories that reported it."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import sections, seo
from ..cache import depends_on
from ..models import SLATE_STAGES, Film, FilmCompany, Series, SeriesCompany, StatusChange, Studio
from ..views import paginate

SLATE_TAG = "slate"  # declared by the slate's pages; every status change purges it (articles.models.relations)
SLATE_PAGE_SIZE = 50
STAGE_LABELS = dict(Film.Status.choices)


class BadFilter(ValueError):
    """A filter in the query string that names nothing we know (answered 400 with its message)."""


@dataclass(frozen=True)
class SlateFilters:
    studio: Studio | None = None
    genre: str = ""
    status: str = ""

    @classmethod
    def from_query(cls, params) -> SlateFilters:
        """The filters ``?studio=<slug>&genre=<value>&status=<stage>``; BadFilter for values naming nothing."""
        studio_slug = params.get("studio", "").strip()[:255]
        genre = params.get("genre", "").strip()[:50]
        status = params.get("status", "").strip()[:50]
        studio = None
        if studio_slug:
            studio = Studio.objects.public().filter(slug=studio_slug).first()
            if studio is None:
                raise BadFilter(f"No studio has the slug “{studio_slug}”.")
        if genre and genre not in Film.Genre.values:
            raise BadFilter(f"“{genre}” is not a genre. Try one of: {', '.join(Film.Genre.values)}.")
        if status and status not in SLATE_STAGES:
            raise BadFilter(f"“{status}” is not a stage of the slate. Try one of: {', '.join(SLATE_STAGES)}.")
        return cls(studio=studio, genre=genre, status=status)

    def as_query(self) -> dict[str, str]:
        found = {"studio": self.studio.slug if self.studio else "", "genre": self.genre, "status": self.status}
        return {name: value for name, value in found.items() if value}


NO_FILTERS = SlateFilters()


def public_changes() -> QuerySet:
    """Status changes of public films and series."""
    return StatusChange.objects.filter(Q(film__in=Film.objects.public()) | Q(series__in=Series.objects.public()))


def latest_changes() -> QuerySet:
    """Each public film's and series' latest status change (the one its status comes from)."""
    newer = StatusChange.objects.filter(Q(film=OuterRef("film")) | Q(series=OuterRef("series"))).filter(
        Q(date__gt=OuterRef("date")) | Q(date=OuterRef("date"), pk__gt=OuterRef("pk"))
    )
    return public_changes().filter(~Exists(newer))


def filtered(rows: QuerySet, filters: SlateFilters) -> QuerySet:
    """Changes at the chosen stage (any stage of the slate), of titles of the chosen studio and genre, newest first."""
    rows = rows.filter(status__in=[filters.status] if filters.status else SLATE_STAGES)
    if filters.studio is not None:
        studio = filters.studio
        rows = rows.filter(
            Q(film__in=FilmCompany.objects.filter(studio=studio).values("film"))
            | Q(series__in=SeriesCompany.objects.filter(studio=studio).values("series"))
            | Q(series__network=studio)
        )
    if filters.genre:
        quoted = f'"{filters.genre}"'  # genres are a JSON list of values (see the admin's genre filter)
        rows = rows.filter(Q(film__genres__icontains=quoted) | Q(series__genres__icontains=quoted))
    return rows.select_related("film", "series", "article").order_by("-date", "-pk")


def slate(filters: SlateFilters = NO_FILTERS) -> QuerySet:
    """The slate: titles whose latest change put them at one of its stages, most recently changed first."""
    return filtered(latest_changes(), filters)


def changes(filters: SlateFilters = NO_FILTERS) -> QuerySet:
    """Every recorded change to a stage of the slate, newest first (the slate's feed)."""
    return filtered(public_changes(), filters)


def slate_view(request: HttpRequest) -> HttpResponse:
    """/slate/: the production slate, paginated, filtered by the query string."""
    depends_on(request, SLATE_TAG)
    crumbs = [("Home", "/"), ("Production slate", request.path)]
    context = {
        "stages": [(value, STAGE_LABELS[value]) for value in SLATE_STAGES],
        "genres": Film.Genre.choices,
        "json_ld": [seo.breadcrumbs_json_ld(crumbs, request)],
    }
    try:
        filters = SlateFilters.from_query(request.GET)
    except BadFilter as error:
        return render(request, "articles/slate.html", {**context, "error": str(error)}, status=400)
    query = filters.as_query()
    context.update(
        filters=filters,
        changes=paginate(request, slate(filters), per_page=SLATE_PAGE_SIZE),
        filter_query=urlencode(query),
    )
    return render(request, "articles/slate.html", context)


def production_history(title) -> list[StatusChange]:
    """A film's or series' status changes, oldest first, with the stories that reported them (one query)."""
    return list(StatusChange.objects.for_title(title).in_order().select_related("article"))


sections.register(
    sections.EntitySection(
        key="production_history",
        kinds=("film", "series"),
        template="articles/sections/production_history.html",
        load=production_history,
        order=40,
    )
)
