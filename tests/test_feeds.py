"""Feeds: valid RSS 2.0 (with Media RSS), Atom and JSON Feed 1.1 for every listing, only live public stories, full
item details, text escaped once, old slugs 301, advertised in the page head."""

import html
import json
from datetime import datetime, timedelta
from xml.etree import ElementTree

import feedparser
import pytest
import wagtail_factories
from bs4 import BeautifulSoup
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
ALL_FEEDS = ["/feed/", "/movie-news/feed/", *ENTITY_FEEDS]
MEDIA = {"media": "http://search.yahoo.com/mrss/"}


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


def parse_atom(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    return feed


def parse_json_feed(response) -> dict:
    """The JSON Feed, checked against the 1.1 spec's required and typed fields."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/feed+json")
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(feed["title"], str) and feed["title"]
    for field in ("home_page_url", "feed_url"):
        assert feed[field].startswith("http://localhost/"), field
    assert isinstance(feed["items"], list)
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert "content_text" in item or "content_html" in item
        for field in ("date_published", "date_modified"):
            if field in item:
                assert datetime.fromisoformat(item[field]).tzinfo is not None  # RFC 3339: with an offset
        assert all(isinstance(author["name"], str) for author in item.get("authors", []))
        assert all(isinstance(tag, str) for tag in item.get("tags", []))
    return feed


@pytest.mark.parametrize("url", ALL_FEEDS)
def test_every_rss_feed_has_atom_and_json_feed_siblings_with_the_same_stories(client, newsroom, url):
    """<listing>feed/atom/ and <listing>feed/json/ carry what <listing>feed/ carries, in order, no draft or private
    story among them."""
    rss = parse(client.get(url))
    atom = parse_atom(client.get(f"{url}atom/"))
    json_feed = parse_json_feed(client.get(f"{url}json/"))
    titles = [entry.title for entry in rss.entries]
    assert "Zemeckis to direct Steel Soldiers" in titles
    assert not any("Draft" in title or "Embargoed" in title for title in titles)
    assert [entry.title for entry in atom.entries] == titles
    assert [item["title"] for item in json_feed["items"]] == titles
    assert atom.feed.title == rss.feed.title == json_feed["title"]
    assert json_feed["feed_url"] == f"http://localhost{url}json/"
    assert json_feed["home_page_url"] == rss.feed.link


def test_atom_and_json_items_carry_link_summary_dates_authors_and_tags(client, newsroom):
    """Each Atom entry and JSON Feed item names the story's URL, standfirst, dates, byline, tags and id."""
    story = newsroom["live"]
    entry = parse_atom(client.get("/films/steel-soldiers/feed/atom/")).entries[0]
    assert entry.link == story.full_url
    assert entry.summary == "STX and Alibaba back the android war film."
    assert entry.author == "Maya Lindqvist"
    assert entry.id == f"{story.get_site().root_url}/#article-{story.pk}"
    assert entry.published_parsed[:3] == story.date.utctimetuple()[:3]
    item = parse_json_feed(client.get("/films/steel-soldiers/feed/json/"))["items"][0]
    assert item["id"] == entry.id
    assert item["url"] == story.full_url
    assert item["content_text"] == item["summary"] == "STX and Alibaba back the android war film."
    assert datetime.fromisoformat(item["date_published"]) == story.date
    assert item["authors"] == [{"name": "Maya Lindqvist"}]
    assert set(item["tags"]) == {"Sci-Fi", "STX Entertainment", "Robert Zemeckis", "Steel Soldiers"}
    assert "image" not in item  # the story has no hero image


def test_text_is_escaped_once_in_every_format(client, topic_page):
    """A standfirst with an apostrophe, an ampersand and angle brackets reads as written after one parse: the RSS
    description and Atom summary are HTML for it, the JSON Feed's text is the text itself."""
    standfirst = "Avatar's sequel: Fox & Disney <agree> on a date"
    ArticlePageFactory(parent=topic_page, title="Avatar's back & bigger", standfirst=standfirst)
    rss = client.get("/feed/")
    description = ElementTree.fromstring(rss.content).find("channel/item/description").text  # noqa: S314 - ours
    assert "&#x27;" not in description and "Avatar's" in description
    assert html.unescape(description) == standfirst
    entry = parse(rss).entries[0]
    assert entry.title == "Avatar's back & bigger"
    assert html.unescape(entry.summary) == standfirst
    atom_entry = parse_atom(client.get("/feed/atom/")).entries[0]
    assert atom_entry.title == "Avatar's back & bigger"
    assert html.unescape(atom_entry.summary) == standfirst
    item = parse_json_feed(client.get("/feed/json/"))["items"][0]
    assert item["title"] == "Avatar's back & bigger"
    assert item["content_text"] == item["summary"] == standfirst


def test_rss_items_carry_their_hero_image_as_media_rss(client, topic_page):
    """A story's hero image is a Media RSS media:content (with thumbnail and credit) in RSS and the image of its
    JSON Feed item; a story without one has none."""
    image = wagtail_factories.ImageFactory(file__width=1600, file__height=900)
    ArticlePageFactory(parent=topic_page, title="With image", hero_image=image, hero_credit="Photo: Jo & Co")
    ArticlePageFactory(parent=topic_page, title="Without image", date=timezone.now() - timedelta(hours=1))
    response = client.get("/movie-news/feed/")
    with_image, without_image = parse(response).entries
    content = with_image.media_content[0]
    rendition = image.get_rendition("fill-1200x675")
    assert content["url"] == f"http://localhost{rendition.url}"
    assert (content["medium"], content["width"], content["height"]) == ("image", "1200", "675")
    assert with_image.media_thumbnail[0]["url"] == f"http://localhost{image.get_rendition('fill-400x225').url}"
    assert with_image.media_credit[0]["content"] == "Photo: Jo & Co"
    assert "media_content" not in without_image
    # The elements are in the Media RSS namespace, the credit inside media:content.
    item = ElementTree.fromstring(response.content).find("channel/item")  # noqa: S314 - our own feed
    assert item.find("media:content/media:credit", MEDIA).text == "Photo: Jo & Co"
    items = parse_json_feed(client.get("/movie-news/feed/json/"))["items"]
    assert items[0]["image"] == content["url"]
    assert "image" not in items[1]


@pytest.mark.parametrize("feed_format", ["atom", "json"])
def test_old_slugs_redirect_to_the_same_formats_new_feed(client, newsroom, feed_format):
    """An Atom or JSON subscriber to a renamed studio's feed is sent on to its new feed in the same format."""
    LegacySlug.objects.create(kind="studio", old_slug="stx-films", target=newsroom["studio"])
    response = client.get(f"/studios/stx-films/feed/{feed_format}/")
    assert response.status_code == 301
    assert response["Location"] == f"/studios/stx-entertainment/feed/{feed_format}/"


@pytest.mark.parametrize("url", ["/studios/nope/feed/atom/", "/tags/nope/feed/json/", "/feed/xml/", "/feed/json/x/"])
def test_unknown_feeds_are_404(client, newsroom, url):
    assert client.get(url).status_code == 404


def test_a_private_topics_atom_and_json_feeds_give_nothing_away(client, newsroom):
    for url in ("/embargoed/feed/atom/", "/embargoed/feed/json/"):
        response = client.get(url)
        assert not response["Content-Type"].startswith(("application/atom+xml", "application/feed+json")), url
        assert b"Embargoed Steel Soldiers news" not in response.content


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        ("/", "/feed/"),
        ("/movie-news/", "/movie-news/feed/"),
        ("/studios/stx-entertainment/", "/studios/stx-entertainment/feed/"),
        ("/authors/maya-lindqvist/", "/authors/maya-lindqvist/feed/"),
        ("/tags/sci-fi/", "/tags/sci-fi/feed/"),
    ],
)
def test_pages_advertise_their_three_feeds_and_each_answers(client, newsroom, page, feed):
    """A listing page's head links its RSS, Atom and JSON feeds (rel="alternate" with their types), and each link
    serves that type."""
    head = BeautifulSoup(client.get(page).content, "html.parser").head
    links = {link["type"]: link["href"] for link in head.find_all("link", rel="alternate")}
    assert links == {
        "application/rss+xml": feed,
        "application/atom+xml": f"{feed}atom/",
        "application/feed+json": f"{feed}json/",
    }
    for content_type, href in links.items():
        assert client.get(href)["Content-Type"].startswith(content_type), href


def test_atom_and_json_feeds_do_not_run_a_query_per_item(client, home_page, topic_page):
    """Atom and JSON feeds cost the same number of queries with 3 and with 30 stories, hero images included."""
    links = {"studios": [StudioFactory(slug="stx-entertainment")], "tags": ["Sci-Fi"]}
    urls = [
        f"{url}{suffix}"
        for url in ("/feed/", "/movie-news/feed/", ENTITY_FEEDS[0])
        for suffix in ("", "atom/", "json/")
    ]

    def counts() -> dict[str, int]:
        result = {}
        for url in urls:
            client.get(url)  # warm up: renditions are made on first view
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result[url] = len(queries)
        return result

    image = wagtail_factories.ImageFactory()
    for _ in range(3):
        ArticlePageFactory(parent=topic_page, hero_image=image, links=links)
    small = counts()
    for _ in range(27):
        ArticlePageFactory(parent=topic_page, hero_image=wagtail_factories.ImageFactory(), links=links)
    assert counts() == small
