"""Box office for readers: the weekly chart at ``/box-office/`` (one territory's weekend, ranked, with the change
from the weekend before, the total so far and weeks in release), its feed and sitemap entries, and the "Box office"
section of a film's page (its figures by territory and a server-rendered SVG chart of the cumulative gross).

Every read here is a fixed number of queries whatever the number of rows (tests/test_query_counts.py). Grosses are
relation rows (``articles.models.relations``): saving or deleting one purges its film's page and the ``box-office``
tag that the chart, its feed and the sitemap declare.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import F, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse

from .. import sections, seo
from ..cache import depends_on
from ..models import ArticlePage, ExchangeRate, Gross, StoryListing
from ..models.boxoffice import format_money
from ..models.territories import REGIONS, countries, normalise, territory_name

DEPENDENCY = "box-office"
CHART_SIZE = 25  # rows per page of a weekend chart
DEFAULT_TERRITORY = "domestic"
MAX_PAGE = 1_000


class BadChartRequest(ValueError):
    """A query parameter the chart cannot take; its message is the 400's body."""


def parse_weekend(raw: str | None) -> datetime.date | None:
    value = (raw or "").strip()
    if not value:
        return None
    try:
        if len(value) != 10:
            raise ValueError(value)
        weekend = datetime.date.fromisoformat(value)
    except ValueError as error:
        raise BadChartRequest(f"weekend must be a date such as 2015-07-31, not {value[:40]!r}.") from error
    if not 1900 <= weekend.year <= 2100:
        raise BadChartRequest("weekend must be a date between 1900 and 2100.")
    return weekend


def parse_territory(raw: str | None) -> str | None:
    if raw is None or not raw.strip():
        return None
    code = normalise(raw[:100])
    if code not in REGIONS and code not in countries():
        raise BadChartRequest(
            f"Unknown territory {raw[:40]!r}: use an ISO 3166 country code such as CN, or a region such as "
            "domestic or greater-china."
        )
    return code


def chart_territories() -> list[str]:
    """Territories with weekend figures, the default first, then by name (one query)."""
    codes = set(Gross.objects.public().weekends().order_by().values_list("territory", flat=True).distinct())
    return sorted(codes, key=lambda code: (code != DEFAULT_TERRITORY, territory_name(code)))


def default_territory(available: list[str]) -> str:
    """Domestic when it has figures, or the territory with the latest weekend."""
    if DEFAULT_TERRITORY in available or not available:
        return DEFAULT_TERRITORY
    latest = Gross.objects.public().weekends().filter(territory__in=available).order_by("-date", "territory").first()
    return latest.territory if latest else available[0]


def weekends(territory: str) -> list[datetime.date]:
    """Every weekend charted for a territory, newest first (one query)."""
    rows = Gross.objects.public().weekends().filter(territory=territory).order_by("-date")
    return list(rows.values_list("date", flat=True).distinct())


@dataclass
class ChartRow:
    gross: Gross
    money: str
    change: Decimal | None  # percent from the weekend before; None for a film new that weekend
    weeks: int
    total: str
    story: ArticlePage | None = None

    @property
    def film(self):
        return self.gross.film


@dataclass
class Chart:
    territory: str
    weekend: datetime.date | None
    rows: PaginatorPage | None
    territories: list[str]
    previous_weekend: datetime.date | None = None
    next_weekend: datetime.date | None = None
    rate_note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def territory_name(self) -> str:
        return territory_name(self.territory)

    @property
    def weekend_end(self) -> datetime.date | None:
        return self.weekend + datetime.timedelta(days=2) if self.weekend else None

    @property
    def territory_links(self) -> list[tuple[str, str, str]]:
        return [(code, territory_name(code), chart_url(code)) for code in self.territories]

    @property
    def previous_url(self) -> str:
        return chart_url(self.territory, self.previous_weekend) if self.previous_weekend else ""

    @property
    def next_url(self) -> str:
        return chart_url(self.territory, self.next_weekend) if self.next_weekend else ""


def chart_url(territory: str, weekend: datetime.date | None = None) -> str:
    params = {"territory": territory}
    if weekend:
        params["weekend"] = weekend.isoformat()
    return f"{reverse('articles:box_office')}?{urlencode(params)}"


def percent_change(now: Decimal, before: Decimal | None) -> Decimal | None:
    if not before:
        return None
    return ((now - before) / before * 100).quantize(Decimal("0.1"))


def latest_stories(film_ids) -> dict[int, ArticlePage]:
    """Each film's newest public story, in two queries whatever the number of films."""
    newest = (
        StoryListing.objects.filter(kind="film", key=OuterRef("key")).order_by("-date", "-article").values("article")
    )
    story_ids = dict(
        StoryListing.objects.filter(kind="film", key__in=list(film_ids))
        .annotate(newest=Subquery(newest[:1]))
        .values_list("key", "newest")
        .distinct()
    )
    stories = ArticlePage.objects.published().filter(pk__in=set(story_ids.values())).defer_streamfields()
    by_id = {story.pk: story for story in stories.only("title", "url_path", "path", "depth", "locale_id")}
    return {film_id: by_id[story_id] for film_id, story_id in story_ids.items() if story_id in by_id}


def chart_rows(territory: str, weekend: datetime.date, page_number: int) -> PaginatorPage:
    page = Paginator(Gross.objects.chart(territory, weekend), CHART_SIZE).get_page(page_number)
    grosses = list(page.object_list)
    stories = latest_stories({gross.film_id for gross in grosses})
    rows = []
    for gross in grosses:
        weeks = (weekend - gross.first_weekend).days // 7 + 1 if gross.first_weekend else 1
        total = format_money(gross.total_amount, gross.currency) if gross.total_amount is not None else ""
        rows.append(
            ChartRow(
                gross=gross,
                money=gross.money,
                change=percent_change(gross.amount, gross.previous_amount),
                weeks=weeks,
                total=total,
                story=stories.get(gross.film_id),
            )
        )
    page.object_list = rows
    return page


def page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 7 else 1
    return min(max(number, 1), MAX_PAGE)


def build_chart(request: HttpRequest) -> Chart:
    """The chart a request asks for; BadChartRequest for a territory or date it cannot take."""
    wanted = parse_territory(request.GET.get("territory"))
    weekend = parse_weekend(request.GET.get("weekend"))
    available = chart_territories()
    territory = wanted or default_territory(available)
    dates = weekends(territory)
    if weekend is None and dates:
        weekend = dates[0]
    chart = Chart(territory=territory, weekend=weekend, rows=None, territories=available)
    if weekend is None:
        return chart
    older = [date for date in dates if date < weekend]
    newer = [date for date in dates if date > weekend]
    chart.previous_weekend = older[0] if older else None
    chart.next_weekend = newer[-1] if newer else None
    chart.rows = chart_rows(territory, weekend, page_number(request))
    currency = chart.rows.object_list[0].gross.currency if chart.rows.object_list else "USD"
    if currency != "USD":
        found = ExchangeRate.objects.table([currency]).on(currency, weekend)
        if found:
            chart.rate_note = f"1 {currency} = {found[1].normalize()} USD at the {found[0]:%-d %b %Y} rate."
    return chart


def box_office(request: HttpRequest) -> HttpResponse:
    """/box-office/: one territory's weekend chart (``?territory=``, ``?weekend=YYYY-MM-DD``, ``?page=``)."""
    depends_on(request, DEPENDENCY)
    try:
        chart = build_chart(request)
    except BadChartRequest as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    heading = f"Box office: {chart.territory_name}"
    crumbs = [("Home", "/"), ("Box office", reverse("articles:box_office"))]
    canonical = chart_url(chart.territory, chart.weekend)
    if chart.rows is not None and chart.rows.number > 1:
        canonical += f"&page={chart.rows.number}"
    context = {
        "canonical": canonical,
        "chart": chart,
        "heading": heading,
        "params": urlencode({"territory": chart.territory, **({"weekend": chart.weekend} if chart.weekend else {})}),
        "json_ld": [seo.breadcrumbs_json_ld(crumbs, request)],
    }
    return render(request, "articles/box_office.html", context)


@dataclass
class WeekendSummary:
    """One weekend chart as a feed item: its top titles in a sentence."""

    territory: str
    weekend: datetime.date
    top: list[Gross]

    @property
    def title(self) -> str:
        return f"Weekend box office, {territory_name(self.territory)}: {self.weekend:%-d %b %Y}"

    @property
    def text(self) -> str:
        return "; ".join(f"{index}. {gross.film.name}, {gross.money}" for index, gross in enumerate(self.top, 1)) + "."

    @property
    def url(self) -> str:
        return chart_url(self.territory, self.weekend)

    @property
    def published(self) -> datetime.datetime:
        """The Monday after the weekend, when its figures are final."""
        monday = self.weekend + datetime.timedelta(days=3)
        return datetime.datetime.combine(monday, datetime.time(12), tzinfo=datetime.UTC)


def weekend_summaries(territory: str, count: int, top: int = 5) -> list[WeekendSummary]:
    """The newest ``count`` weekends of a territory with their top ``top`` films, in two queries."""
    dates = weekends(territory)[:count]
    rows = (
        Gross.objects.public()
        .weekends()
        .filter(territory=territory, date__in=dates)
        .select_related("film")
        .order_by("-date", F("rank").asc(nulls_last=True), "-amount", "film__name")
    )
    by_date: dict[datetime.date, list[Gross]] = defaultdict(list)
    for gross in rows:
        if len(by_date[gross.date]) < top:
            by_date[gross.date].append(gross)
    return [WeekendSummary(territory, date, by_date[date]) for date in dates if by_date[date]]


# The film page's section.


@dataclass
class SvgPoint:
    x: float
    y: float
    label: str


@dataclass
class SvgChart:
    """A line of cumulative gross by week in release, laid out for ``sections/box_office.html``."""

    territory: str
    currency: str
    points: list[SvgPoint]
    top_label: str
    weeks: int
    width: int = 600
    height: int = 240
    left: int = 90
    bottom: int = 30

    @property
    def polyline(self) -> str:
        return " ".join(f"{point.x:.1f},{point.y:.1f}" for point in self.points)

    @property
    def plot_right(self) -> int:
        return self.width - 20

    @property
    def plot_bottom(self) -> int:
        return self.height - self.bottom

    @property
    def title(self) -> str:
        return f"Cumulative gross in {territory_name(self.territory)} by week in release"


def svg_chart(territory: str, totals: list[Gross]) -> SvgChart | None:
    """The chart of a territory's cumulative totals, or None with fewer than two to draw a line between."""
    if len(totals) < 2:
        return None
    chart = SvgChart(territory=territory, currency=totals[0].currency, points=[], top_label="", weeks=0)
    first = totals[0].date
    weeks = max((totals[-1].date - first).days / 7, 1)
    top = max(gross.amount for gross in totals) or Decimal(1)
    span_x = chart.plot_right - chart.left
    span_y = chart.plot_bottom - 20
    for gross in totals:
        week = (gross.date - first).days / 7
        x = chart.left + span_x * week / weeks
        y = chart.plot_bottom - span_y * float(gross.amount / top)
        chart.points.append(SvgPoint(x, y, f"Week {int(week) + 1}: {gross.money}"))
    chart.top_label = format_money(top, chart.currency)
    chart.weeks = int(weeks) + 1
    return chart


@dataclass
class TerritoryFigures:
    territory: str
    rows: list[tuple[Gross, str, str]]  # each gross, its money with the USD conversion, and its weekend's chart
    chart: SvgChart | None

    @property
    def name(self) -> str:
        return territory_name(self.territory)


def film_box_office(film) -> list[TerritoryFigures]:
    """A film's grosses by territory (domestic and worldwide first), in two queries."""
    grosses = list(film.grosses.order_by("territory", "date", "period"))
    if not grosses:
        return []
    rates = ExchangeRate.objects.table({gross.currency for gross in grosses})
    by_territory: dict[str, list[Gross]] = defaultdict(list)
    for gross in grosses:
        by_territory[gross.territory].append(gross)
    order = {"domestic": 0, "worldwide": 1}
    found = []
    for territory in sorted(by_territory, key=lambda code: (order.get(code, 2), territory_name(code))):
        rows = by_territory[territory]
        totals = [gross for gross in rows if gross.period == Gross.Period.CUMULATIVE]
        found.append(
            TerritoryFigures(
                territory=territory,
                rows=[(gross, gross.in_usd(rates), chart_url(territory, gross.date)) for gross in rows],
                chart=svg_chart(territory, totals),
            )
        )
    return found


SECTION = sections.register(
    sections.EntitySection(
        key="box_office",
        kinds=("film",),
        template="articles/sections/box_office.html",
        load=film_box_office,
        order=30,
    )
)
