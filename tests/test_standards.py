"""Our outputs checked with tools made by others, against the standards their readers hold them to (issue #19):

- feeds through feedparser (RSS 2.0 and Atom 1.0, no bozo, the elements each format requires) and the JSON Feed 1.1
  spec's required and typed fields;
- JSON-LD expanded with pyld (a JSON-LD processor: syntax and keywords) and checked for the properties Google's
  structured-data guidelines require or recommend per type (NewsArticle, Movie, TVSeries, Organization, Person,
  WebSite with SearchAction, BreadcrumbList, CorrectionComment);
- the Google News sitemap against Google's rules (at most 1,000 URLs, the last 48 hours, publication name and
  language, W3C dates, none in the future, URLs on the site's host).
"""

import json
import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import feedparser
import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from django.utils import timezone
from lxml import etree
from pyld import jsonld

from articles.models import ArticlePage, Correction, FilmCredit, Partner

from .factories import (
    ArticlePageFactory,
    AuthorFactory,
    FilmFactory,
    PersonFactory,
    SeriesFactory,
    StudioFactory,
)

pytestmark = pytest.mark.django_db

SCHEMA = "https://schema.org/"


@pytest.fixture
def world(topic_page):
    """A story linked to a studio, person, film and series, with a hero image, a byline, a tag and a correction."""
    image = wagtail_factories.ImageFactory()
    studio = StudioFactory(name="STX Entertainment", slug="stx", image=image, wikidata_id="Q18393226")
    person = PersonFactory(name="Robert Zemeckis", slug="zemeckis", imdb_id="nm0000709")
    film = FilmFactory(name="Steel Soldiers", slug="steel-soldiers", year=2027, image=image)
    FilmCredit.objects.create(film=film, person=person, role="director")
    series = SeriesFactory(name="Night Shift", slug="night-shift", first_year=2025, network=studio)
    author = AuthorFactory(name="Maya Lindqvist", slug="maya", job_title="Film editor")
    story = ArticlePageFactory(
        parent=topic_page,
        title="Zemeckis to direct Steel Soldiers",
        slug="steel-soldiers-story",
        standfirst="STX backs the android war film & its sequel.",
        hero_image=image,
        hero_caption="The set",
        hero_credit="STX",
        date=timezone.now() - timedelta(hours=3),
        links={
            "studios": [studio],
            "people": [person],
            "films": [film],
            "series": [series],
            "authors": [author],
            "tags": ["Sci-Fi"],
        },
    )
    page = ArticlePage.objects.get(pk=story.pk)
    page.corrections.add(Correction(kind="correction", text="The release year was wrong."))
    page.save_revision().publish()
    return {"story": ArticlePage.objects.get(pk=story.pk)}


# Feeds.

FEEDS = [
    "/feed/",
    "/movie-news/feed/",
    "/studios/stx/feed/",
    "/people/zemeckis/feed/",
    "/films/steel-soldiers/feed/",
    "/series/night-shift/feed/",
    "/authors/maya/feed/",
    "/tags/sci-fi/feed/",
    "/corrections/feed/",
]


def parsed(client, url: str, version: str, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.bozo_exception)
    assert feed.version == version
    assert feed.entries, url
    return feed


@pytest.mark.parametrize("url", FEEDS)
def test_rss_feeds_are_valid_rss_2_with_the_required_elements(client, world, url):
    """RSS 2.0: a channel with title, link and description; each item a title or description, a link and a guid."""
    feed = parsed(client, url, "rss20")
    assert feed.feed.title and feed.feed.link.startswith("http://localhost/") and feed.feed.description
    for entry in feed.entries:
        assert entry.title and entry.link.startswith("http://localhost/") and entry.id
        assert entry.published_parsed is not None


@pytest.mark.parametrize("url", FEEDS)
def test_atom_feeds_are_valid_atom_1_with_the_required_elements(client, world, url):
    """Atom 1.0 (RFC 4287): the feed's id, title and updated; each entry's id, title, updated and a link."""
    feed = parsed(client, f"{url}atom/", "atom10")
    assert feed.feed.id and feed.feed.title and feed.feed.updated_parsed
    for entry in feed.entries:
        assert entry.id and entry.title and entry.updated_parsed and entry.link.startswith("http://localhost/")


RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def check_json_feed(data: dict) -> None:
    """JSON Feed 1.1 (jsonfeed.org/version/1.1): the top level's required fields and every item's, with their types."""
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(data["title"], str) and data["title"]
    assert isinstance(data["items"], list)
    for field in ("home_page_url", "feed_url"):
        assert urlsplit(data[field]).scheme in ("http", "https")
    for hub in data.get("hubs", []):
        assert set(hub) == {"type", "url"}
    ids = [item["id"] for item in data["items"]]
    assert len(ids) == len(set(ids)) and all(isinstance(pk, str) and pk for pk in ids)
    for item in data["items"]:
        assert isinstance(item.get("content_html", item.get("content_text")), str)
        for field in ("url", "image"):
            if field in item:
                assert urlsplit(item[field]).scheme in ("http", "https")
        for field in ("date_published", "date_modified"):
            if field in item:
                assert RFC3339.match(item[field]), item[field]
        for author in item.get("authors", []):
            assert set(author) <= {"name", "url", "avatar"} and author
        assert all(isinstance(tag, str) for tag in item.get("tags", []))


@pytest.mark.parametrize("url", FEEDS)
def test_json_feeds_follow_the_json_feed_1_1_spec(client, world, url):
    response = client.get(f"{url}json/")
    assert response["Content-Type"].startswith("application/feed+json")
    check_json_feed(json.loads(response.content))


def test_partner_feeds_stay_valid_with_the_full_text(client, world, settings):
    """With a partner token and a WebSub hub, every format still parses cleanly and carries the full text."""
    settings.NEWSROOM_WEBSUB_HUB = "https://hub.example/"
    partner = Partner(name="Cinema Daily")
    token = partner.issue_token()
    partner.save()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    rss = parsed(client, "/feed/", "rss20", **auth)
    atom = parsed(client, "/feed/atom/", "atom10", **auth)
    assert "The body of the story." in rss.entries[0].content[0].value
    assert "The body of the story." in atom.entries[0].content[0].value
    data = json.loads(client.get("/feed/json/", **auth).content)
    check_json_feed(data)
    assert "The body of the story." in data["items"][0]["content_html"]


# JSON-LD.

SCHEMA_CONTEXT = {"@context": {"@vocab": SCHEMA, "url": {"@type": "@id"}, "sameAs": {"@type": "@id"}}}


def local_schema_context(url: str, options=None) -> dict:
    """pyld's document loader: schema.org's context from here (the tests make no network requests)."""
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": SCHEMA_CONTEXT}


def expanded_json_ld(client, url: str) -> list[dict]:
    """Every JSON-LD block of the page, expanded by pyld (which rejects invalid JSON-LD)."""
    response = client.get(url)
    assert response.status_code == 200, url
    soup = BeautifulSoup(response.content, "html.parser")
    nodes = []
    for script in soup.find_all("script", type="application/ld+json"):
        nodes += jsonld.expand(json.loads(script.string), {"documentLoader": local_schema_context})
    assert nodes, url
    return nodes


def values(node: dict, prop: str) -> list:
    """The values of a property of an expanded node: literals as Python values, nodes as dicts, IRIs as strings."""
    found = []
    for value in node.get(SCHEMA + prop, []):
        if "@value" in value:
            found.append(value["@value"])
        elif "@id" in value and len(value) == 1:
            found.append(value["@id"])
        else:
            found.append(value)
    return found


def one(node: dict, prop: str):
    found = values(node, prop)
    assert found, f"{node.get('@type')} lacks {prop}"
    return found[0]


def types(node: dict) -> set[str]:
    return {name.removeprefix(SCHEMA) for name in node.get("@type", [])}


def is_url(value) -> bool:
    return isinstance(value, str) and urlsplit(value).scheme in ("http", "https") and bool(urlsplit(value).netloc)


def check_organization(node: dict) -> None:
    assert one(node, "name")
    assert is_url(one(node, "url"))


def check_person(node: dict) -> None:
    assert types(node) & {"Person", "Organization", "NewsMediaOrganization"}
    assert one(node, "name")


def check_breadcrumbs(node: dict) -> None:
    """BreadcrumbList: ListItems numbered from 1, each with a name and (but the last) the item's URL."""
    items = values(node, "itemListElement")
    assert items
    for position, item in enumerate(sorted(items, key=lambda item: one(item, "position")), start=1):
        assert types(item) == {"ListItem"}
        assert one(item, "position") == position
        assert one(item, "name")
        assert is_url(one(item, "item"))


def check_news_article(node: dict) -> None:
    """Google's Article guidelines: headline (at most 110 characters), image URLs, ISO 8601 dates with a time zone,
    dateModified not before datePublished, authors with a name, and the publisher with a logo."""
    assert 0 < len(one(node, "headline")) <= 110
    assert all(is_url(image) for image in values(node, "image"))
    published = datetime.fromisoformat(one(node, "datePublished"))
    modified = datetime.fromisoformat(one(node, "dateModified"))
    assert published.tzinfo is not None and modified >= published
    for author in values(node, "author"):
        check_person(author)
        assert is_url(one(author, "url"))
    publisher = one(node, "publisher")
    check_organization(publisher)
    assert is_url(one(one(publisher, "logo"), "url"))
    for correction in values(node, "correction"):
        assert types(correction) == {"CorrectionComment"}
        assert one(correction, "text")
        assert datetime.fromisoformat(one(correction, "datePublished")).tzinfo is not None


def check_movie(node: dict) -> None:
    """Google's Movie carousel requires a name and an image."""
    assert one(node, "name")
    assert is_url(one(node, "image"))
    for director in values(node, "director"):
        check_person(director)


def check_series(node: dict) -> None:
    assert one(node, "name")
    assert is_url(one(node, "url"))


def check_website(node: dict) -> None:
    """Sitelinks search box: the site's URL and a SearchAction whose target template takes search_term_string."""
    assert is_url(one(node, "url"))
    action = one(node, "potentialAction")
    assert types(action) == {"SearchAction"}
    target = one(action, "target")
    assert "{search_term_string}" in one(target, "urlTemplate")
    assert one(action, "query-input") == "required name=search_term_string"


CHECKS = {
    "NewsArticle": check_news_article,
    "Movie": check_movie,
    "TVSeries": check_series,
    "Organization": check_organization,
    "Person": check_person,
    "WebSite": check_website,
    "BreadcrumbList": check_breadcrumbs,
}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", {"WebSite", "BreadcrumbList"}),
        ("/movie-news/", {"BreadcrumbList"}),
        ("/movie-news/steel-soldiers-story/", {"NewsArticle", "BreadcrumbList"}),
        ("/studios/stx/", {"Organization", "BreadcrumbList"}),
        ("/people/zemeckis/", {"Person", "BreadcrumbList"}),
        ("/films/steel-soldiers/", {"Movie", "BreadcrumbList"}),
        ("/series/night-shift/", {"TVSeries", "BreadcrumbList"}),
        ("/authors/maya/", {"Person", "BreadcrumbList"}),
        ("/tags/sci-fi/", {"BreadcrumbList"}),
        ("/studios/", {"BreadcrumbList"}),
        ("/corrections/", {"BreadcrumbList"}),
    ],
)
def test_json_ld_is_valid_and_has_what_google_requires_for_each_type(client, world, url, expected):
    nodes = expanded_json_ld(client, url)
    found = set()
    for node in nodes:
        (kind,) = types(node)
        found.add(kind)
        CHECKS[kind](node)
    assert found == expected


def test_the_story_json_ld_carries_its_correction_and_its_last_real_change(client, world):
    (article,) = (node for node in expanded_json_ld(client, world["story"].url) if "NewsArticle" in types(node))
    (correction,) = values(article, "correction")
    assert one(correction, "text") == "Correction: The release year was wrong."
    assert datetime.fromisoformat(one(article, "dateModified")) == world["story"].content_modified_at


# The Google News sitemap.

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
W3C_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$")
ISO_639 = re.compile(r"^([a-z]{2,3}|zh-cn|zh-tw)$")


def test_the_news_sitemap_follows_googles_rules(client, world, topic_page):
    now = timezone.now()
    ArticlePageFactory(parent=topic_page, title="Two days and more", date=now - timedelta(hours=49))
    ArticlePageFactory(parent=topic_page, title="Scheduled ahead", date=now + timedelta(hours=1))
    ArticlePageFactory(parent=topic_page, title="Draft", live=False)
    response = client.get("/sitemap-news.xml", HTTP_HOST="127.0.0.1")
    root = etree.fromstring(response.content, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    assert root.tag == f"{{{SITEMAP}}}urlset"
    urls = root.findall(f"{{{SITEMAP}}}url")
    assert 0 < len(urls) <= 1000
    titles = []
    for url in urls:
        assert urlsplit(url.findtext(f"{{{SITEMAP}}}loc")).netloc == "localhost"  # the Site's host, not the request's
        (news,) = url.findall(f"{{{NEWS}}}news")
        assert news.findtext(f"{{{NEWS}}}publication/{{{NEWS}}}name") == "Newsroom"
        assert ISO_639.match(news.findtext(f"{{{NEWS}}}publication/{{{NEWS}}}language"))
        date = news.findtext(f"{{{NEWS}}}publication_date")
        assert W3C_DATETIME.match(date), date
        assert now - timedelta(hours=48) < datetime.fromisoformat(date) <= timezone.now()
        titles.append(news.findtext(f"{{{NEWS}}}title"))
    assert titles == ["Zemeckis to direct Steel Soldiers"]
