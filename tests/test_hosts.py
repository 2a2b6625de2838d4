"""One site address: canonical links, the sitemap, feeds, structured data and notification emails all name the host
the site is served on (the Wagtail Site, set from NEWSROOM_BASE_URL), never the request's host or localhost."""

import json
import re
from xml.etree import ElementTree

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Site, WorkflowState

from articles.permissions import CONTRIBUTORS, EDITORS

from .admin.test_workflow import create_article, login, make_user
from .factories import ArticlePageFactory, AuthorFactory, FilmFactory

pytestmark = pytest.mark.django_db

BASE_URL = "https://news.example.com"
URL = re.compile(r"https?://[^\s\"'<>]+")


@pytest.fixture
def served(home_page, topic_page):
    """The site served at news.example.com over HTTPS, with a story linked to a film, an author and a tag."""
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "news.example.com", 443
    site.save()
    film = FilmFactory(name="Steel Soldiers", slug="steel-soldiers")
    author = AuthorFactory(name="Maya Lindqvist", slug="maya-lindqvist")
    story = ArticlePageFactory(
        parent=topic_page,
        title="Steel Soldiers starts",
        links={"films": [film], "authors": [author], "tags": ["Sci-Fi"]},
    )
    return {"story": story, "film": film}


def sitemap_urls() -> list[str]:
    """The sitemap index and what it lists: its sections and the news sitemap."""
    sections = ["pages", "stories", "studios", "people", "films", "authors", "tags", "news"]
    return ["/sitemap.xml", *(f"/sitemap-{section}.xml" for section in sections)]


def canonical(client, path: str) -> str:
    response = client.get(path, HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find("link", rel="canonical")["href"]


def test_every_sitemap_entry_is_on_the_sites_host(client, served):
    """The index, pages, stories, entities, authors and tags alike start at the site's address, whichever host the
    request named."""
    locs = []
    for url in sitemap_urls():
        response = client.get(url, HTTP_HOST="127.0.0.1:8000")
        root = ElementTree.fromstring(response.content)  # noqa: S314 - our own sitemap
        locs += [loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
        assert "localhost" not in response.content.decode()
    assert len(locs) >= 14  # 9 in the index; home, topic, story, film, author, tag
    assert [loc for loc in locs if not loc.startswith(f"{BASE_URL}/")] == []


def test_canonical_links_sitemap_and_feeds_agree(client, served):
    """A story's canonical link, its sitemap entry, its feed item and its structured data name one URL."""
    story, film = served["story"], served["film"]
    story_url = f"{BASE_URL}{story.url}"
    film_url = f"{BASE_URL}{film.get_absolute_url()}"
    sitemap = " ".join(client.get(url).content.decode() for url in sitemap_urls())

    assert canonical(client, story.url) == story_url
    assert f"<loc>{story_url}</loc>" in sitemap
    assert canonical(client, film.get_absolute_url()) == film_url
    assert f"<loc>{film_url}</loc>" in sitemap

    feed = feedparser.parse(client.get(f"{film.get_absolute_url()}feed/", HTTP_HOST="127.0.0.1:8000").content)
    assert feed.feed.link == film_url
    assert [entry.link for entry in feed.entries] == [story_url]
    assert feed.entries[0].id.startswith(f"{BASE_URL}/")

    page = BeautifulSoup(client.get(story.url).content, "html.parser")
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["mainEntityOfPage"] == story_url
    assert page.find("meta", property="og:url")["content"] == story_url


def test_robots_txt_names_the_sitemap_on_the_sites_host(client, served):
    response = client.get("/robots.txt", HTTP_HOST="127.0.0.1:8000")
    assert f"Sitemap: {BASE_URL}/sitemap.xml" in response.content.decode().splitlines()


@override_settings(NEWSROOM_BASE_URL=BASE_URL, WAGTAILADMIN_BASE_URL=BASE_URL)
def test_moderation_emails_link_to_the_base_url(client, served, topic_page, django_user_model):
    """Submitting a story for review and approving it sends emails whose every link is on the base URL."""
    contributor = make_user(django_user_model, "casey", CONTRIBUTORS)
    editor = make_user(django_user_model, "eddie", EDITORS)
    login(client, contributor)
    article = create_article(client, topic_page, "Studio news", "action-submit")
    task_state = WorkflowState.objects.get(object_id=str(article.pk)).current_task_state
    login(client, editor)
    client.post(reverse("wagtailadmin_pages:workflow_action", args=(article.pk, "approve", task_state.pk)))

    assert len(mail.outbox) >= 2  # the review request to Editors, the approval to the contributor
    bodies = [message.body for message in mail.outbox]
    bodies += [content for message in mail.outbox for content, _ in getattr(message, "alternatives", [])]
    urls = [url for body in bodies for url in URL.findall(body)]
    assert urls
    assert [url for url in urls if not url.startswith(f"{BASE_URL}/")] == []
