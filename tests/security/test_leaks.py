"""Drafts, private pages and unpublished revisions never show on any public surface."""

from __future__ import annotations

import pytest
from wagtail.models import PageViewRestriction

from ..factories import ArticlePageFactory, PersonFactory, StudioFactory
from ._report import tally

pytestmark = pytest.mark.django_db

SECRETS = ["Secret draft", "Private story", "Unpublished headline", "secret-draft", "private-story"]


@pytest.fixture
def newsroom(home_page, topic_page):
    studio, person = StudioFactory(name="Amblin", slug="amblin"), PersonFactory(name="Kathleen", slug="kathleen")
    links = {"studios": [studio], "people": [person], "tags": ["Drama"]}
    public = ArticlePageFactory(parent=topic_page, title="Public story", slug="public-story", links=links)
    draft = ArticlePageFactory(parent=topic_page, title="Secret draft", slug="secret-draft", live=False, links=links)
    draft.save_revision()
    private = ArticlePageFactory(parent=topic_page, title="Private story", slug="private-story", links=links)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="letmein")
    revised = ArticlePageFactory(parent=topic_page, title="Visible headline", slug="revised", links=links)
    revised.title = "Unpublished headline"
    revised.save_revision()  # a newer draft revision of a live page
    return {"public": public, "studio": studio}


SURFACES = [
    "/",
    "/movie-news/",
    "/movie-news/public-story/",  # its related stories
    "/movie-news/revised/",
    "/studios/",
    "/studios/amblin/",
    "/people/kathleen/",
    "/tags/",
    "/tags/drama/",
    "/feed/",
    "/movie-news/feed/",
    "/studios/amblin/feed/",
    "/tags/drama/feed/",
    "/sitemap.xml",
    "/search/?q=Secret",
    "/search/?q=Private",
    "/search/?q=Unpublished",
    "/search/?q=Amblin",
    "/search/autocomplete/?q=Secr",
    "/api/v2/pages/?type=articles.ArticlePage&fields=title",
    "/api/v2/pages/?search=Secret",
    "/api/v2/pages/?search=Private",
    "/api/v2/studios/",
    "/api/v2/people/",
]


def test_no_public_surface_shows_a_draft_a_private_page_or_an_unpublished_revision(client, newsroom):
    leaks = {}
    for url in SURFACES:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        found = [secret for secret in SECRETS if secret in body]
        if found:
            leaks[url] = found
    tally("leak checks (surfaces × secrets)", len(SURFACES) * len(SECRETS), sum(map(len, leaks.values())))
    assert not leaks, leaks


def test_story_counts_count_only_public_live_stories(client, newsroom):
    """Two public live stories link the studio: the draft and the private page are not counted anywhere."""
    studios = client.get("/api/v2/studios/").json()["items"]
    assert [row.get("story_count") for row in studios if row["slug"] == "amblin"] == [2]
    assert "2 stories" in client.get("/studios/").content.decode()


def test_the_private_page_itself_asks_for_its_password(client, newsroom):
    response = client.get("/movie-news/private-story/")
    assert response.status_code == 200
    assert "Private story" not in response.content.decode() or "password" in response.content.decode().lower()
