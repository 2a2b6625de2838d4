"""No public page runs a query per listed item, and none runs more than 15.

The counts are the same with 3 and with 30 items with every cache cold (the tagged caches off, as elsewhere in the
tests). The budget is taken as production runs: the page cache off, the application caches (navigation, list
counts, story cards and bodies, related stories and topics) warmed by one request; a cold page may run one or
two more (a topic page 16), once, until its fragments are cached.
"""

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import (
    ArticlePageFactory,
    AuthorFactory,
    FilmFactory,
    PersonFactory,
    SeasonFactory,
    SeriesCompanyFactory,
    SeriesCreditFactory,
    SeriesFactory,
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

    def add(count: int) -> None:
        for _ in range(count):
            ArticlePageFactory(parent=topic_page, hero_image=image, links=links)
            StudioFactory()
            PersonFactory()
            FilmFactory()
            SeasonFactory(series=links["series"][0])
            SeriesCreditFactory(series=links["series"][0], person=gunn)
            SeriesCreditFactory(series=links["series"][0])
            SeriesCompanyFactory(series=links["series"][0])

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
