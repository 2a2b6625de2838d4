"""RSS feeds: valid RSS 2.0 for every listing, only live public stories, full item details, old slugs 301."""

from datetime import timedelta

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import PageViewRestriction

from articles.feeds import FEED_SIZE
from articles.models import LegacySlug

from .factories import (
    ArticlePageFactory,
    AuthorFactory,
    FilmFactory,
    PersonFactory,
    StudioFactory,
    TopicPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(home_page, topic_page):
    """One live story linked to everything, plus a draft, a private story and an unrelated story."""
    studio = StudioFactory(name="STX Entertainment", slug="stx-entertainment")
    person = PersonFactory(name="Robert Zemeckis", slug="robert-zemeckis")
    film = FilmFactory(name="Steel Soldiers", slug="steel-soldiers")
    author = AuthorFactory(name="Maya Lindqvist", slug="maya-lindqvist")
    links = {"studios": [studio], "people": [person], "films": [film], "authors": [author], "tags": ["Sci-Fi"]}
    live = ArticlePageFactory(
        parent=topic_page,
        title="Zemeckis to direct Steel Soldiers",
        standfirst="STX and Alibaba back the android war film.",
        links=links,
    )
    ArticlePageFactory(parent=topic_page, title="Draft about Steel Soldiers", live=False, links=links)
    private_topic = TopicPageFactory(parent=home_page, title="Embargoed", slug="embargoed")
    PageViewRestriction.objects.create(page=private_topic, restriction_type="password", password="secret")
    ArticlePageFactory(parent=private_topic, title="Embargoed Steel Soldiers news", links=links)
    ArticlePageFactory(parent=topic_page, title="Unrelated box office report")
    return {"live": live, "studio": studio, "person": person, "film": film, "author": author}


ENTITY_FEEDS = [
    "/studios/stx-entertainment/feed/",
    "/people/robert-zemeckis/feed/",
    "/films/steel-soldiers/feed/",
    "/authors/maya-lindqvist/feed/",
    "/tags/sci-fi/feed/",
]


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "rss20"
    return feed


@pytest.mark.parametrize("url", ENTITY_FEEDS)
def test_listing_feeds_carry_only_their_live_public_stories(client, newsroom, url):
    """A studio's, person's, film's, author's or tag's feed lists its published stories, not drafts or
    stories behind a password."""
    feed = parse(client.get(url))
    assert [entry.title for entry in feed.entries] == ["Zemeckis to direct Steel Soldiers"]
    assert feed.feed.link.endswith(url.removesuffix("feed/"))


def test_site_feed_lists_every_public_story_newest_first(client, newsroom, topic_page):
    """/feed/ has every published public story, newest first."""
    ArticlePageFactory(parent=topic_page, title="Older story", date=timezone.now() - timedelta(days=3))
    feed = parse(client.get("/feed/"))
    titles = [entry.title for entry in feed.entries]
    assert set(titles) == {"Zemeckis to direct Steel Soldiers", "Unrelated box office report", "Older story"}
    assert titles[-1] == "Older story"
    assert feed.feed.title == "Newsroom: latest stories"


def test_topic_feed_lists_the_topics_stories(client, newsroom, home_page):
    """A topic's feed, at its URL plus feed/, has the stories the topic page shows."""
    TopicPageFactory(parent=home_page, title="STX watch", slug="stx-watch", rules={"studios": [newsroom["studio"]]})
    assert {entry.title for entry in parse(client.get("/movie-news/feed/")).entries} == {
        "Zemeckis to direct Steel Soldiers",
        "Unrelated box office report",
    }
    feed = parse(client.get("/stx-watch/feed/"))
    assert [entry.title for entry in feed.entries] == ["Zemeckis to direct Steel Soldiers"]
    assert feed.feed.title == "Newsroom: STX watch"


def test_feed_items_carry_link_summary_date_author_categories_and_guid(client, newsroom):
    """Each item links to the story (on the Wagtail Site's address) and gives its standfirst, date, byline, tags and
    entity names."""
    entry = parse(client.get("/films/steel-soldiers/feed/")).entries[0]
    story = newsroom["live"]
    assert entry.link == story.full_url
    assert entry.summary == "STX and Alibaba back the android war film."
    assert entry.author == "Maya Lindqvist"
    assert {tag.term for tag in entry.tags} == {"Sci-Fi", "STX Entertainment", "Robert Zemeckis", "Steel Soldiers"}
    assert entry.published_parsed[:3] == story.date.utctimetuple()[:3]
    assert entry.id == f"{story.get_site().root_url}/#article-{story.pk}"


def test_a_feed_holds_the_newest_thirty_stories(client, home_page, topic_page):
    """Feeds stop at 30 items, dropping the oldest."""
    now = timezone.now()
    for day in range(FEED_SIZE + 2):
        ArticlePageFactory(parent=topic_page, title=f"Day {day}", date=now - timedelta(days=day))
    titles = [entry.title for entry in parse(client.get("/feed/")).entries]
    assert len(titles) == FEED_SIZE
    assert titles[0] == "Day 0" and "Day 31" not in titles and "Day 30" not in titles


@pytest.mark.parametrize(
    "url",
    ["/studios/nope/feed/", "/people/nope/feed/", "/films/nope/feed/", "/authors/nope/feed/", "/tags/nope/feed/"],
)
def test_a_feed_for_an_unknown_slug_is_404(client, newsroom, url):
    """A feed URL whose slug names nothing answers 404."""
    assert client.get(url).status_code == 404


def test_a_private_topics_feed_gives_nothing_away(client, newsroom):
    """A topic behind a password asks for it instead of serving its feed."""
    response = client.get("/embargoed/feed/")
    assert not response["Content-Type"].startswith("application/rss+xml")
    assert b"Embargoed Steel Soldiers news" not in response.content


@pytest.mark.parametrize(
    ("kind", "key", "old_url", "new_url"),
    [
        ("studio", "studio", "/studios/stx-films/feed/", "/studios/stx-entertainment/feed/"),
        ("person", "person", "/people/bob-zemeckis/feed/", "/people/robert-zemeckis/feed/"),
        ("film", "film", "/films/android-war/feed/", "/films/steel-soldiers/feed/"),
        ("author", "author", "/authors/m-lindqvist/feed/", "/authors/maya-lindqvist/feed/"),
        ("tag", None, "/tags/scifi/feed/", "/tags/sci-fi/feed/"),
    ],
)
def test_old_slugs_redirect_to_the_new_feed(client, newsroom, kind, key, old_url, new_url):
    """Subscribers to a renamed or merged entity's feed are sent on, permanently, to its new feed."""
    target = newsroom[key] if key else Tag.objects.get(slug="sci-fi")
    LegacySlug.objects.create(kind=kind, old_slug=old_url.rstrip("/").split("/")[-2], target=target)
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == new_url
    parse(client.get(new_url))


def test_feeds_do_not_run_a_query_per_item(client, home_page, topic_page):
    """Every feed costs the same number of queries with 3 and with 30 stories."""
    links = {
        "studios": [StudioFactory(slug="stx-entertainment")],
        "people": [PersonFactory(slug="robert-zemeckis")],
        "films": [FilmFactory(slug="steel-soldiers")],
        "authors": [AuthorFactory(slug="maya-lindqvist")],
        "tags": ["Sci-Fi", "Robots"],
    }
    urls = ["/feed/", "/movie-news/feed/", *ENTITY_FEEDS]

    def counts() -> dict[str, int]:
        result = {}
        for url in urls:
            client.get(url)  # warm Wagtail's site-root cache
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result[url] = len(queries)
        return result

    for _ in range(3):
        ArticlePageFactory(parent=topic_page, links=links)
    small = counts()
    for _ in range(27):
        ArticlePageFactory(parent=topic_page, links=links)
    large = counts()
    assert large == small
