"""/sitemap.xml and /robots.txt: search engines find every public page and nothing private."""

from datetime import datetime, timedelta
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from articles import sitemaps
from articles.models import ArticlePage

from .factories import ArticlePageFactory, AuthorFactory, FilmFactory, PersonFactory, StudioFactory, TopicPageFactory

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
}
SECTIONS = ["pages", "stories", "studios", "people", "films", "series", "authors", "tags"]
# The film and TV business lists and the corrections archive, in articles.sitemaps.sections()' order.
SECTIONS += ["releases", "awards", "corrections", "slate", "box-office"]


def get_xml(client, url: str, root_tag: str) -> ElementTree.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own sitemap, not untrusted input
    assert root.tag == f"{{{NS['sm']}}}{root_tag}"
    return root


def section_urls(client) -> list[str]:
    """The sitemap index's locations (every one on the Wagtail Site's root URL)."""
    root_url = Site.objects.get(is_default_site=True).root_url
    locations = [node.text for node in get_xml(client, "/sitemap.xml", "sitemapindex").findall("sm:sitemap/sm:loc", NS)]
    assert all(location.startswith(f"{root_url}/") for location in locations), locations
    return locations


def sitemap(client) -> dict[str, str | None]:
    """Every section's URLs (paths) mapped to their lastmod, read through the index."""
    root_url = Site.objects.get(is_default_site=True).root_url
    entries = {}
    for location in section_urls(client):
        parts = urlsplit(location)
        if parts.path == "/sitemap-news.xml":
            continue
        for url in get_xml(client, f"{parts.path}?{parts.query}", "urlset").findall("sm:url", NS):
            loc = url.find("sm:loc", NS).text
            assert loc.startswith(f"{root_url}/"), loc
            lastmod = url.find("sm:lastmod", NS)
            entries[urlsplit(loc).path] = lastmod.text if lastmod is not None else None
    return entries


@pytest.fixture
def site(home_page, topic_page):
    studio = StudioFactory(name="STX Entertainment", slug="stx-entertainment")
    quiet_studio = StudioFactory(name="Quiet Pictures", slug="quiet-pictures")
    person = PersonFactory(name="Ken Kaufman", slug="ken-kaufman")
    film = FilmFactory(name="Steel Soldiers", slug="steel-soldiers")
    author = AuthorFactory(name="Maya Lindqvist", slug="maya-lindqvist")
    links = {"studios": [studio], "people": [person], "films": [film], "authors": [author], "tags": ["Sci-Fi"]}
    live = ArticlePageFactory(parent=topic_page, title="Live story", slug="live-story", links=links)
    ArticlePageFactory(
        parent=topic_page, title="Draft story", slug="draft-story", live=False, links={"tags": ["Only in drafts"]}
    )
    private = TopicPageFactory(parent=home_page, title="Embargoed", slug="embargoed")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    ArticlePageFactory(parent=private, title="Private story", slug="private-story")
    return {"live": live, "studio": studio, "quiet_studio": quiet_studio}


def test_sitemap_lists_live_pages_and_every_entity_author_and_tag_page(client, site):
    """Home, topics, live stories and every studio, person, film, author and tag page are in the sitemap."""
    urls = sitemap(client)
    for path in (
        "/",
        "/movie-news/",
        site["live"].url,
        "/studios/stx-entertainment/",
        "/studios/quiet-pictures/",
        "/people/ken-kaufman/",
        "/films/steel-soldiers/",
        "/authors/maya-lindqvist/",
        "/tags/sci-fi/",
    ):
        assert path in urls, path


def test_sitemap_never_lists_drafts_or_private_pages(client, site):
    """Unpublished stories, password-protected pages and tags used only on drafts stay out of the sitemap."""
    paths = " ".join(sitemap(client))
    assert "draft-story" not in paths
    assert "embargoed" not in paths and "private-story" not in paths
    assert "/tags/only-in-drafts/" not in paths


def test_entity_lastmod_follows_its_newest_live_story(client, site, topic_page):
    """An entity's lastmod moves on when a newer story about it is published."""
    before = sitemap(client)["/studios/stx-entertainment/"]
    assert before is not None
    ArticlePage.objects.filter(pk=site["live"].pk).update(last_published_at=timezone.now() + timedelta(days=2))
    after = sitemap(client)["/studios/stx-entertainment/"]
    assert after > before
    assert after.startswith((timezone.now() + timedelta(days=2)).date().isoformat())
    # With no stories, the entity's own last edit is its lastmod.
    assert sitemap(client)["/studios/quiet-pictures/"].startswith(site["quiet_studio"].updated_at.date().isoformat())


def test_sitemap_cost_does_not_grow_with_the_site(client, home_page, topic_page):
    """The sitemap runs the same number of queries with 3 and with 30 stories and entities."""

    def add(count: int) -> None:
        for _ in range(count):
            links = {"studios": [StudioFactory()], "people": [PersonFactory()], "films": [FilmFactory()]}
            ArticlePageFactory(parent=topic_page, links={**links, "authors": [AuthorFactory()], "tags": ["Tagged"]})

    urls = ["/sitemap.xml", "/sitemap-news.xml"] + [f"/sitemap-{section}.xml" for section in SECTIONS]

    def count() -> dict[str, int]:
        counts = {}
        for url in urls:
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts[url] = len(queries)
        return counts

    add(3)
    small = count()
    add(27)
    assert count() == small


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_admin_and_search(client):
    """robots.txt is plain text, names the sitemap and disallows the admin and search result pages."""
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /search/" in lines
    root_url = Site.objects.get(is_default_site=True).root_url
    assert f"Sitemap: {root_url}/sitemap.xml" in lines
    assert f"Sitemap: {root_url}/sitemap-news.xml" in lines


def test_the_index_lists_every_section_and_the_news_sitemap(client, site):
    """/sitemap.xml is an index of one sitemap per section plus the news sitemap; each answers."""
    paths = [urlsplit(location).path for location in section_urls(client)]
    assert paths == [*(f"/sitemap-{section}.xml" for section in SECTIONS), "/sitemap-news.xml"]
    assert len(sitemap(client)) >= 9


def test_every_sitemap_url_is_on_the_sites_own_address_whatever_the_host_asked(client, site, settings):
    """The index, its sections and the news sitemap name the Wagtail Site's root URL, not the host a request came
    in on nor a default "localhost"."""
    settings.ALLOWED_HOSTS = ["*"]
    Site.objects.filter(is_default_site=True).update(hostname="news.example.org", port=443)
    locations = []
    for url in ["/sitemap.xml", *(f"/sitemap-{section}.xml" for section in SECTIONS), "/sitemap-news.xml"]:
        response = client.get(url, HTTP_HOST="other.example.net")
        root = ElementTree.fromstring(response.content)  # noqa: S314 - our own sitemap
        locations += [node.text for node in root.iter(f"{{{NS['sm']}}}loc")]
        locations += [node.text for node in root.iter(f"{{{NS['image']}}}loc")]
    assert len(locations) > 10
    assert all(location.startswith("https://news.example.org/") for location in locations), locations


def test_stories_with_a_hero_image_carry_an_image_entry(client, site, topic_page):
    """A story with a hero image lists it as image:image/image:loc (on the site's root URL); one without has none."""
    image = wagtail_factories.ImageFactory()
    ArticlePageFactory(parent=topic_page, title="Pictured", slug="pictured", hero_image=image)
    images = {}
    for url in get_xml(client, "/sitemap-stories.xml", "urlset").findall("sm:url", NS):
        images[urlsplit(url.find("sm:loc", NS).text).path] = [
            node.text for node in url.findall("image:image/image:loc", NS)
        ]
    assert images["/movie-news/pictured/"] == [f"{Site.objects.get(is_default_site=True).root_url}{image.file.url}"]
    assert images[site["live"].url] == []


@pytest.mark.parametrize(
    "url", ["/sitemap-nope.xml", "/sitemap-stories.xml?p=2", "/sitemap-stories.xml?p=x", "/sitemap-.xml"]
)
def test_unknown_sections_and_pages_are_404(client, site, url):
    assert client.get(url).status_code == 404


def news_entries(client) -> dict[str, dict[str, str]]:
    """The news sitemap's stories (paths) with their news: fields, checked against Google's rules on the way."""
    root = get_xml(client, "/sitemap-news.xml", "urlset")
    urls = root.findall("sm:url", NS)
    assert len(urls) <= 1000
    entries = {}
    for url in urls:
        news = url.find("news:news", NS)
        assert news is not None
        assert news.find("news:publication/news:name", NS).text == "Newsroom"
        assert news.find("news:publication/news:language", NS).text == "en"
        published = datetime.fromisoformat(news.find("news:publication_date", NS).text)
        assert published.tzinfo is not None  # W3C format with a time zone
        assert timezone.now() - timedelta(hours=48) < published <= timezone.now()
        entries[urlsplit(url.find("sm:loc", NS).text).path] = {
            "title": news.find("news:title", NS).text,
            "date": published,
        }
    return entries


def test_news_sitemap_has_exactly_the_live_public_stories_of_the_last_48_hours(client, site, topic_page):
    """Google News' sitemap: published public stories from the last two days with their title and date; not a
    story three days old, a draft, a private story nor one dated in the future."""
    now = timezone.now()
    recent = ArticlePageFactory(
        parent=topic_page, title="Avatar's sequel & more", slug="recent", date=now - timedelta(hours=47)
    )
    ArticlePageFactory(parent=topic_page, title="Old news", slug="old-news", date=now - timedelta(days=3))
    ArticlePageFactory(parent=topic_page, title="Scheduled", slug="scheduled", date=now + timedelta(hours=2))
    entries = news_entries(client)
    assert set(entries) == {site["live"].url, recent.url}
    assert entries[recent.url]["title"] == "Avatar's sequel & more"
    assert entries[recent.url]["date"] == recent.date
    assert list(entries) == [site["live"].url, recent.url]  # newest first
    recent.unpublish()
    assert set(news_entries(client)) == {site["live"].url}


def test_news_sitemap_stops_at_its_limit_keeping_the_newest(client, site, topic_page, monkeypatch):
    """At most NEWS_LIMIT stories (1,000, Google's maximum), the newest."""
    assert sitemaps.NEWS_LIMIT == 1000
    monkeypatch.setattr(sitemaps, "NEWS_LIMIT", 2)
    now = timezone.now()
    for hour in (1, 2, 3):
        ArticlePageFactory(parent=topic_page, slug=f"hour-{hour}", date=now - timedelta(hours=hour))
    assert list(news_entries(client)) == [site["live"].url, "/movie-news/hour-1/"]
