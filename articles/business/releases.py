"""The release calendar (``/releases/``, by month, territory and type, with what opens this week), its iCalendar feed
(``/releases/calendar.ics``) and the release table on a film's or series' page, with its JSON-LD ``releasedEvent``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import icalendar
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from .. import sections, seo
from ..cache import depends_on
from ..models import Release
from ..models.releases import RELEASE_TYPE_NAMES
from ..models.territories import REGIONS, choices, countries, normalise, territory_name
from ..views import paginate

PAGE_SIZE = 50
OPENING_LIMIT = 12
# The iCalendar feed: releases from this many days back, at most this many (calendar apps poll the whole file).
FEED_DAYS_BACK = 90
FEED_LIMIT = 2000
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class BadFilter(ValueError):
    """A query parameter that names nothing: the page answers 400 with this message."""


@dataclass(frozen=True)
class ReleaseFilters:
    """What the calendar and its feed are filtered by, read from the query string."""

    month: datetime.date | None = None  # the first day of the month
    territory: str = ""
    release_type: str = ""

    @classmethod
    def from_request(cls, request: HttpRequest, *, month: bool = True) -> ReleaseFilters:
        found: dict[str, Any] = {}
        if month and (raw := request.GET.get("month", "").strip()):
            matched = _MONTH.match(raw)
            number = int(matched.group(2)) if matched else 0
            if not matched or not 1 <= number <= 12 or not 1900 <= int(matched.group(1)) <= 2100:
                raise BadFilter(f"Bad month {raw[:20]!r}: write it as YYYY-MM, e.g. 2027-03.")
            found["month"] = datetime.date(int(matched.group(1)), number, 1)
        if raw := request.GET.get("territory", "").strip():
            code = normalise(raw[:60])
            if code not in REGIONS and code not in countries():
                raise BadFilter(f"Unknown territory {raw[:60]!r}: use an ISO 3166 country code such as CN or a region.")
            found["territory"] = code
        if raw := request.GET.get("type", "").strip():
            value = RELEASE_TYPE_NAMES.get(raw[:30].lower())
            if value is None:
                raise BadFilter(f"Unknown release type {raw[:30]!r}: use one of {', '.join(Release.Type.values)}.")
            found["release_type"] = value
        return cls(**found)

    def apply(self, releases):
        if self.territory:
            releases = releases.filter(territory=self.territory)
        if self.release_type:
            releases = releases.filter(release_type=self.release_type)
        return releases

    def params(self, **changes: Any) -> str:
        """The query string for these filters (with ``changes``), for links that keep them."""
        values = {
            "month": self.month.strftime("%Y-%m") if self.month else "",
            "territory": self.territory,
            "type": self.release_type,
            **changes,
        }
        return urlencode({name: value for name, value in values.items() if value})

    def describe(self) -> str:
        """ "theatrical releases in China" — for headings and the feed's name."""
        kind = dict(Release.Type.choices)[self.release_type].lower() + " releases" if self.release_type else "releases"
        return f"{kind} in {territory_name(self.territory)}" if self.territory else kind


def _shift_month(first: datetime.date, months: int) -> datetime.date:
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _bad_request(request: HttpRequest, error: BadFilter) -> HttpResponse:
    return render(request, "articles/releases.html", {"error": str(error)}, status=400)


def calendar(request: HttpRequest) -> HttpResponse:
    """/releases/: one month's releases (this month by default), filtered by territory and type, paginated, with
    what opens in the seven days from today."""
    try:
        filters = ReleaseFilters.from_request(request)
    except BadFilter as error:
        return _bad_request(request, error)
    depends_on(request, "releases")
    today = timezone.localdate()
    month = filters.month or today.replace(day=1)
    releases = filters.apply(Release.objects.public()).for_listing()
    page = paginate(request, releases.in_month(month.year, month.month), per_page=PAGE_SIZE)
    opening = list(releases.between(today, today + datetime.timedelta(days=6))[:OPENING_LIMIT])
    title = f"{filters.describe().capitalize()}, {month:%B %Y}"
    context = {
        "title": title,
        "filters": filters,
        "month": month,
        "releases": page,
        "opening": opening,
        "today": today,
        "params": filters.params(month=month.strftime("%Y-%m")),
        "previous_month": filters.params(month=_shift_month(month, -1).strftime("%Y-%m")),
        "next_month": filters.params(month=_shift_month(month, 1).strftime("%Y-%m")),
        "ics_params": ReleaseFilters(territory=filters.territory, release_type=filters.release_type).params(),
        "territories": choices(),
        "types": Release.Type.choices,
        "json_ld": [seo.breadcrumbs_json_ld([("Home", "/"), ("Releases", reverse("articles:releases"))], request)],
    }
    return render(request, "articles/releases.html", context)


def release_summary(release: Release) -> str:
    """ "Real — theatrical, China": an event's summary in the iCalendar feed."""
    return f"{release.title_name} — {release.label}"


def calendar_feed(request: HttpRequest) -> HttpResponse:
    """/releases/calendar.ics: every release from three months back onwards as an all-day event, filtered like the
    calendar (``?territory=CN``, ``?type=theatrical``)."""
    try:
        filters = ReleaseFilters.from_request(request, month=False)
    except BadFilter as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    depends_on(request, "releases")
    since = timezone.localdate() - datetime.timedelta(days=FEED_DAYS_BACK)
    releases = filters.apply(Release.objects.public()).for_listing().filter(date__gte=since)[:FEED_LIMIT]
    feed = icalendar.Calendar()
    feed.add("prodid", "-//Newsroom//Release calendar//EN")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("x-wr-calname", f"{seo.PUBLISHER_NAME}: {filters.describe()}")
    host = seo.site_root_url(request).split("://", 1)[-1].split("/", 1)[0] or "newsroom"
    stamp = timezone.now()
    for release in releases:
        event = icalendar.Event()
        event.add("uid", f"release-{release.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", release.date)
        event.add("dtend", release.date + datetime.timedelta(days=1))
        event.add("summary", release_summary(release))
        event.add("url", seo.absolute_url(request, release.title.get_absolute_url()))
        event.add("categories", [release.get_release_type_display()])
        description = [part for part in (release.note, release.company.name if release.company else "") if part]
        if description:
            event.add("description", " · ".join(description))
        if release.source:
            event.add("attach", release.source)
        feed.add_component(event)
    response = HttpResponse(feed.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="releases.ics"'
    return response


def release_months() -> list[datetime.date]:
    """The months with at least one public release, newest first (the sitemap lists their calendar pages)."""
    return sorted(Release.objects.public().dates("date", "month"), reverse=True)


# The release table on a film's or series' page.


def load_releases(entity) -> list[Release]:
    return list(entity.releases.select_related("company").order_by("date", "territory", "pk"))


def releases_json_ld(entity, releases: list[Release], request: HttpRequest) -> dict[str, Any]:
    """schema.org: each release a ``PublicationEvent`` in ``releasedEvent`` (CreativeWork), and ``datePublished``
    the first release that has happened."""
    events = []
    for release in releases:
        event: dict[str, Any] = {
            "@type": "PublicationEvent",
            "name": release_summary(release),
            "startDate": release.date.isoformat(),
            "location": {
                "@type": "Country" if release.territory in countries() else "Place",
                "name": release.territory_name,
            },
        }
        if release.company_id:
            event["publishedBy"] = seo.entity_ref(release.company, request)
        if release.venue and release.release_type in (Release.Type.STREAMING, Release.Type.TV):
            event["publishedOn"] = {"@type": "BroadcastService", "name": release.venue}
        events.append(event)
    data: dict[str, Any] = {"releasedEvent": events}
    today = timezone.localdate()
    if past := [release.date for release in releases if release.date <= today]:
        data["datePublished"] = min(past).isoformat()
    return data


RELEASES_SECTION = sections.register(
    sections.EntitySection(
        key="releases",
        kinds=("film", "series"),
        template="articles/sections/releases.html",
        load=load_releases,
        order=10,
        json_ld=releases_json_ld,
    )
)
