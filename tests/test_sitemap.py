"""/sitemap.xml and /robots.txt: search engines find every public page and nothing private."""

from datetime import timedelta
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from articles.models import ArticlePage

from .factories import ArticlePageFactory, AuthorFactory, FilmFactory, PersonFactory, StudioFactory, TopicPageFactory

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap(client) -> dict[str, str | None]:
    """The sitemap's URLs (paths) mapped to their lastmod."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own sitemap, not untrusted input
    entries = {}
    for url in root.findall("sm:url", NS):
        # Page URLs carry the Wagtail Site's hostname, entity URLs the request's; the path is what matters.
        loc = urlsplit(url.find("sm:loc", NS).text).path
        lastmod = url.find("sm:lastmod", NS)
        entries[loc] = lastmod.text if lastmod is not None else None
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

    def count() -> int:
        client.get("/sitemap.xml")
        with CaptureQueriesContext(connection) as queries:
            client.get("/sitemap.xml")
        return len(queries)

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
    assert f"Sitemap: {Site.objects.get(is_default_site=True).root_url}/sitemap.xml" in lines
