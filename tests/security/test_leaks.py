"""Drafts, private pages and unpublished revisions never show on any public surface."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from articles.models import ArticlePage

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


# Each surface with what it must show (the positive control: a leak check on an empty or error page proves nothing).
# The searches match the public story and the hidden ones alike ("story", "headline", "Amblin").
SURFACES = {
    "/": "Public story",
    "/movie-news/": "Public story",
    "/movie-news/public-story/": "Public story",  # its related stories
    "/movie-news/revised/": "Visible headline",
    "/studios/": "/studios/amblin/",
    "/studios/amblin/": "Public story",
    "/people/kathleen/": "Public story",
    "/tags/": "/tags/drama/",
    "/tags/drama/": "Public story",
    "/feed/": "Public story",
    "/movie-news/feed/": "Public story",
    "/studios/amblin/feed/": "Public story",
    "/tags/drama/feed/": "Public story",
    "/feed/atom/": "Public story",
    "/movie-news/feed/json/": "Public story",
    "/sitemap-stories.xml": "/movie-news/public-story/",
    "/sitemap-news.xml": "/movie-news/public-story/",
    "/sitemap-tags.xml": "/tags/drama/",
    "/search/?q=story": "Public story",
    "/search/?q=headline": "Visible headline",
    "/search/?q=Amblin": "Public story",
    "/search/?q=Secret": 'value="Secret"',
    "/search/?q=Private": 'value="Private"',
    "/search/?q=Unpublished": 'value="Unpublished"',
    "/search/autocomplete/?q=Amb": "Amblin",
    "/api/v2/pages/?type=articles.ArticlePage&fields=title": "Public story",
    "/api/v2/pages/?search=story": "Public story",
    "/api/v2/pages/?search=Secret": '"total_count": 0',
    "/api/v2/pages/?search=Private": '"total_count": 0',
    "/api/v2/studios/": "Amblin",
    "/api/v2/people/": "Kathleen",
}


def test_no_public_surface_shows_a_draft_a_private_page_or_an_unpublished_revision(client, newsroom):
    leaks, missing = {}, {}
    for url, control in SURFACES.items():
        response = client.get(url)
        assert response.status_code == 200, url
        body = re.sub(r"</?mark>", "", response.content.decode())  # search highlights would split a leaked title
        if control not in body:
            missing[url] = control
        found = [secret for secret in SECRETS if secret in body]
        if found:
            leaks[url] = found
    tally("leak checks (surfaces × secrets)", len(SURFACES) * len(SECRETS), sum(map(len, leaks.values())))
    assert not missing, missing
    assert not leaks, leaks


def test_story_counts_count_only_public_live_stories(client, newsroom):
    """Two public live stories link the studio: the draft and the private page are not counted anywhere."""
    studios = client.get("/api/v2/studios/").json()["items"]
    assert [row.get("story_count") for row in studios if row["slug"] == "amblin"] == [2]
    assert "2 stories" in client.get("/studios/").content.decode()


def test_the_private_page_itself_asks_for_its_password(client, newsroom):
    """The password form, and nothing of the story: not its title, not its body."""
    private = ArticlePage.objects.get(slug="private-story")
    restriction = PageViewRestriction.objects.get(page=private)
    response = client.get(private.url)
    assert response.status_code == 200
    body = response.content.decode()
    action = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, private.pk])
    assert f'action="{action}"' in body
    assert 'type="password"' in body
    assert "Private story" not in body
    assert "The body of the story." not in body  # the factory's body, shown on every readable story
    assert "The body of the story." in client.get("/movie-news/public-story/").content.decode()  # the control
