"""No public page runs a query per listed item, and none runs more than 15.

The counts are the same with 3 and with 30 items with every cache cold (the tagged caches off, as elsewhere in the
tests). The budget is taken as production runs: the page cache off, the application caches (navigation, list
counts, story cards and bodies, related stories and topics) warmed by one request; a cold page may run one or
two more (a topic page 16), once, until its fragments are cached.
"""

import datetime
import itertools

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import (
    ArticlePageFactory,
    AuthorFactory,
    FilmFactory,
    LivePageFactory,
    LiveUpdateFactory,
    PersonFactory,
    ReleaseFactory,
    ReviewIndexPageFactory,
    ReviewPageFactory,
    SeasonFactory,
    SeriesCompanyFactory,
    SeriesCreditFactory,
    SeriesFactory,
    StatusChangeFactory,
    StudioFactory,
    TopicPageFactory,
)

pytestmark = pytest.mark.django_db

URLS = [
    "/",
    "/movie-news/",
    "/movie-news/the-story/",
    "/studio-watch/",
    "/studios/stx/",
    "/people/zemeckis/",
    "/films/steel-soldiers/",
    "/authors/writer/",
    "/tags/sci-fi/",
    "/studios/",
    "/people/",
    "/films/",
    "/authors/",
    "/tags/",
    "/search/?q=summary",
    "/feed/",
    "/movie-news/feed/",
    "/studios/stx/feed/",
    "/feed/atom/",
    "/feed/json/",
    "/movie-news/feed/atom/",
    "/movie-news/feed/json/",
    "/studios/stx/feed/atom/",
    "/people/zemeckis/feed/json/",
    "/authors/writer/feed/atom/",
    "/tags/sci-fi/feed/json/",
    "/sitemap.xml",
    "/sitemap-stories.xml",
    "/sitemap-news.xml",
    "/api/v2/pages/?type=articles.ArticlePage&fields=studios,people,films,authors,tags",
    "/api/v2/studios/",
    "/api/v2/films/",
    "/series/peacemaker/",
    "/series/",
    "/api/v2/series/",
    "/people/gunn/",
    # Releases (articles/business/releases.py): the calendar, its feed, a film's table, the API and the sitemap.
    "/releases/",
    "/releases/?month=2030-01&territory=CN&type=theatrical",
    "/releases/calendar.ics",
    "/films/released/",
    "/api/v2/releases/",
    "/sitemap-releases.xml",
    # Awards (articles.business.awards)
    "/awards/",
    "/awards/?kind=awards",
    "/awards/academy-awards/",
    "/awards/academy-awards/?category=best-picture",
    "/awards/academy-awards/2016/",
    "/awards/academy-awards/2016/?winners=1",
    "/awards/academy-awards/2016/feed/",
    "/awards/feed/json/",
    "/sitemap-awards.xml",
    "/api/v2/awards/?fields=nominations",
    # Corrections and updates (issue #19).
    "/corrections/",
    "/corrections/feed/",
    # Live coverage: the page, its updates.json and its feed.
    "/movie-news/the-live/",
    "/movie-news/the-live/updates.json?since=2000-01-01T00:00:00Z",
    "/movie-news/the-live/feed/",
    # The production slate and reviews (issue #18).
    "/slate/",
    "/slate/?genre=action&status=in_production",
    "/slate/feed/",
    "/slate/feed/json/",
    "/sitemap-slate.xml",
    "/reviews/",
    "/reviews/the-review/",
    "/reviews/feed/",
    "/api/v2/pages/?type=articles.ReviewPage&fields=rating,verdict,reviewed_film,authors",
    "/api/v2/films/",
]


@pytest.fixture
def world(home_page, topic_page):
    links = {
        "studios": [StudioFactory(name="STX", slug="stx")],
        "people": [PersonFactory(name="Zemeckis", slug="zemeckis")],
        "films": [FilmFactory(name="Steel Soldiers")],
        "series": [SeriesFactory(name="Peacemaker", slug="peacemaker", network=StudioFactory())],
        "authors": [AuthorFactory(name="Writer", slug="writer")],
        "tags": ["Sci-Fi"],
    }
    TopicPageFactory(parent=home_page, title="Studio watch", slug="studio-watch", rules={"studios": links["studios"]})
    image = wagtail_factories.ImageFactory()
    gunn = PersonFactory(name="Gunn", slug="gunn")

    ArticlePageFactory(parent=topic_page, slug="the-story", hero_image=image, links=links)
    awards = awards_world(links["films"][0], gunn)

    released = FilmFactory(name="Released", slug="released")
    live = LivePageFactory(parent=topic_page, slug="the-live", hero_image=image, links=links)
    update_links = {key: links[key] for key in ("studios", "people", "films", "series", "tags")}
    reviews = ReviewIndexPageFactory(parent=home_page)
    days = itertools.count()
    soldiers = links["films"][0]
    ReviewPageFactory(parent=reviews, slug="the-review", hero_image=image, reviewed_film=soldiers, links=links)

    def add(count: int) -> None:
        for number in range(count):
            release_film = FilmFactory()
            ReleaseFactory(film=release_film, company=StudioFactory(), date=datetime.date(2030, 1, 1 + number % 28))
            ReleaseFactory(film=release_film, company=StudioFactory(), territory="GB")  # opening this week
            ReleaseFactory(film=released, company=StudioFactory(), date=datetime.date(2031, 1, 1 + number % 28))
            ReleaseFactory(series=links["series"][0], film=None, season=None, territory="GB" if number % 2 else "US")
        for _ in range(count):
            awards()
            review = ReviewPageFactory(parent=reviews, hero_image=image, reviewed_film=soldiers, links=links)
            day = datetime.date(2026, 1, 1) + datetime.timedelta(days=next(days))
            StatusChangeFactory(film=soldiers, status="announced", date=day, article=review)
            StatusChangeFactory(film=FilmFactory(genres=["action"]), status="in_production", date=day, article=review)
            ArticlePageFactory(parent=topic_page, hero_image=image, links=links)
            StudioFactory()
            PersonFactory()
            FilmFactory()
            SeasonFactory(series=links["series"][0])
            SeriesCreditFactory(series=links["series"][0], person=gunn)
            SeriesCreditFactory(series=links["series"][0])
            SeriesCompanyFactory(series=links["series"][0])
            LiveUpdateFactory(
                page=live,
                body=[("text", "<p>STX and Zemeckis.</p>"), ("image", {"image": image, "alt_text": "", "caption": ""})],
                links=update_links,
                key_event=True,
                pinned=True,
            )

    return add


def awards_world(film, person):
    """An edition whose categories, nominations (naming ``film`` and ``person``) and sibling editions grow."""
    from articles.models import AwardCategory, AwardCeremony, AwardEdition, AwardNomination

    oscars = AwardCeremony.objects.create(name="Academy Awards", slug="academy-awards")
    edition = AwardEdition.objects.create(ceremony=oscars, number=88, year=2016)
    # Listed first, so every page 1 shows both kinds (a story count per kind shown: at most four).
    picture = AwardCategory.objects.create(ceremony=oscars, name="Best Picture", slug="best-picture", sort_order=0)
    actor = AwardCategory.objects.create(
        ceremony=oscars, name="Best Actor", slug="best-actor", honours="person", sort_order=1
    )
    years = iter(range(1950, 2015))

    def add() -> None:
        year = next(years)
        AwardCeremony.objects.create(name=f"Festival {year}", kind="festival")
        category = AwardCategory.objects.create(ceremony=oscars, name=f"Award {year}", honours="person", sort_order=2)
        AwardNomination.objects.create(edition=edition, category=picture, film=FilmFactory(), won=year == 1950)
        AwardNomination.objects.create(edition=edition, category=category, person=person, film=film, won=True)
        AwardNomination.objects.create(edition=edition, category=actor, person=PersonFactory(), film=film)
        older = AwardEdition.objects.create(ceremony=oscars, year=year)
        AwardNomination.objects.create(edition=older, category=picture, film=FilmFactory(), won=True)
        AwardNomination.objects.create(edition=older, category=picture, film=film)

    return add


def query_counts(client) -> dict[str, int]:
    counts = {}
    for url in URLS:
        client.get(url)  # warm up: renditions are made on first view, and Wagtail caches site roots
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(queries)
    return counts


def test_query_counts_do_not_grow_with_the_number_of_items(client, world):
    world(3)
    small = query_counts(client)
    world(27)
    large = query_counts(client)
    grown = {url: (small[url], large[url]) for url in URLS if large[url] != small[url]}
    assert not grown, grown


def test_every_public_page_type_stays_within_its_budget(client, world, settings):
    settings.NEWSROOM_TAGGED_CACHE = True  # nothing changes between the warm-up and the count, so nothing is stale
    world(10)
    over = {url: count for url, count in query_counts(client).items() if count > 15}
    assert not over, over


# Box office (articles/business/boxoffice.py): the weekly chart, its feed, sitemap and API, and a film's section.
BOX_OFFICE_URLS = [
    "/box-office/",
    "/box-office/?territory=domestic&weekend=2015-07-31",
    "/box-office/feed/",
    "/box-office/feed/json/",
    "/sitemap-box-office.xml",
    "/api/v2/box-office/",
    "/films/box-office-film/",
]


@pytest.fixture
def box_office(home_page, topic_page):
    import datetime
    import itertools

    from .factories import ExchangeRateFactory, GrossFactory

    film = FilmFactory(name="Box office film", slug="box-office-film")
    ArticlePageFactory(parent=topic_page, links={"films": [film]})
    ExchangeRateFactory(currency="CNY", date=datetime.date(2015, 1, 1))
    weekend = datetime.date(2015, 7, 31)
    days = itertools.count()

    def add(count: int) -> None:
        for index in range(count):
            other = FilmFactory()
            ArticlePageFactory(parent=topic_page, links={"films": [other]})
            for week in range(2):
                GrossFactory(film=other, date=weekend + datetime.timedelta(days=7 * week), rank=index + 1)
            GrossFactory(film=other, period="cumulative", date=weekend + datetime.timedelta(days=9))
            GrossFactory(
                film=film,
                territory="CN",
                currency="CNY",
                period="cumulative",
                date=weekend + datetime.timedelta(days=next(days)),
            )

    return add


def test_box_office_query_counts_do_not_grow_with_the_number_of_rows(client, box_office, settings):
    def counts() -> dict[str, int]:
        found = {}
        for url in BOX_OFFICE_URLS:
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, url
            found[url] = len(queries)
        return found

    box_office(3)
    small = counts()
    box_office(27)
    large = counts()
    assert small == large
    settings.NEWSROOM_TAGGED_CACHE = True
    over = {url: count for url, count in counts().items() if count > 15}
    assert not over, over
