"""A story under a view restriction (login, password or group) is named and linked nowhere an anonymous reader looks:
related-story blocks, rich-text links, pinned and top stories, featured topics, breadcrumbs, the API, feeds,
search and the sitemap. Each surface must still show the public sibling referenced beside it."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from articles.models import HomeFeaturedTopic, HomeTopStory, TopicPinnedStory

from ..factories import ArticlePageFactory, TopicPageFactory
from ._report import tally

pytestmark = pytest.mark.django_db

KIND = "restricted-page surfaces"
RESTRICTIONS = ("login", "password", "groups")


def restrict(page, restriction_type: str) -> None:
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=restriction_type, password="letmein" if restriction_type == "password" else ""
    )
    if restriction_type == "groups":
        restriction.groups.set([Group.objects.get_or_create(name="Subscribers")[0]])


def body_referencing(pages) -> list:
    """A related-story block and a rich-text link for each page."""
    blocks = []
    for page in pages:
        blocks.append(("related_story", {"page": page, "label": "Related"}))
        blocks.append(("paragraph", f'<p>See <a linktype="page" id="{page.pk}">link to {page.slug}</a> too.</p>'))
    return blocks


@pytest.fixture
def newsroom(home_page, topic_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the search index is updated on commit
        return build(home_page, topic_page)


def build(home_page, topic_page) -> dict:
    tags = {"tags": ["Scoops"]}
    sibling = ArticlePageFactory(parent=topic_page, title="Open sibling headline", slug="open-sibling", links=tags)
    restricted = {}
    for kind in RESTRICTIONS:
        story = ArticlePageFactory(
            parent=topic_page, title=f"Members {kind} scoop headline", slug=f"members-{kind}-scoop", links=tags
        )
        restrict(story, kind)
        restricted[kind] = story
    referencing = ArticlePageFactory(
        parent=topic_page,
        title="Referencing story",
        slug="referencing",
        body=body_referencing([*restricted.values(), sibling]),
        links=tags,
    )
    private_topic = TopicPageFactory(parent=home_page, title="Members lounge topic", slug="members-lounge")
    restrict(private_topic, "login")
    open_topic = TopicPageFactory(parent=home_page, title="Open topic", slug="open-topic")
    for number, story in enumerate([*restricted.values(), sibling]):
        HomeTopStory.objects.create(home=home_page, story=story, sort_order=number)
        TopicPinnedStory.objects.create(topic=topic_page, story=story, sort_order=number)
    for number, topic in enumerate([private_topic, open_topic]):
        HomeFeaturedTopic.objects.create(home=home_page, topic=topic, sort_order=number)
    home_page.lead_story = restricted["login"]
    home_page.save_revision().publish()
    return {"sibling": sibling, "restricted": restricted, "referencing": referencing, "private_topic": private_topic}


def secrets(newsroom) -> list[str]:
    """Headlines and URL slugs of the restricted pages."""
    pages = [*newsroom["restricted"].values(), newsroom["private_topic"]]
    return [page.title for page in pages] + [f"/{page.slug}/" for page in pages]


def surfaces(newsroom) -> dict[str, str]:
    """Each surface, with what of the public sibling (or open topic) it must show."""
    referencing = newsroom["referencing"].pk
    return {
        "/": "Open sibling headline",  # top stories
        "/#featured": "Open topic",  # featured topics
        "/movie-news/": "Open sibling headline",  # pinned stories
        "/movie-news/referencing/": "Open sibling headline",  # related-story block, rich-text link, breadcrumbs
        "/movie-news/open-sibling/": "Referencing story",  # related stories
        "/feed/": "Open sibling headline",
        "/movie-news/feed/": "Open sibling headline",
        "/tags/scoops/": "Open sibling headline",
        "/tags/scoops/feed/": "Open sibling headline",
        "/search/?q=scoops": "/movie-news/open-sibling/",  # matches are highlighted
        "/search/?q=headline": "/movie-news/open-sibling/",
        "/sitemap-stories.xml": "/open-sibling/",
        "/sitemap-news.xml": "/open-sibling/",
        "/api/v2/pages/?type=articles.ArticlePage&fields=title": "Open sibling headline",
        "/api/v2/pages/?search=headline&fields=title": "Open sibling headline",
        f"/api/v2/pages/{referencing}/?rich_text_format=html": "/movie-news/open-sibling/",
        f"/api/v2/pages/{referencing}/?rich_text_format=db_markdown": "link to open-sibling",
    }


def test_no_surface_names_or_links_a_restricted_story_but_each_shows_its_public_sibling(client, newsroom):
    leaks, missing = {}, []
    for url, expected in surfaces(newsroom).items():
        response = client.get(url.replace("#featured", ""))
        assert response.status_code == 200, url
        body = response.content.decode()
        if url.startswith("/api/"):
            body = json.dumps(response.json(), ensure_ascii=False)
        found = [secret for secret in secrets(newsroom) if secret in body]
        if found:
            leaks[url] = found
        if expected not in body:
            missing.append(url)
    tally(KIND, len(surfaces(newsroom)) * len(secrets(newsroom)), sum(map(len, leaks.values())))
    assert not leaks, leaks
    assert not missing, missing


@pytest.mark.parametrize("kind", RESTRICTIONS)
def test_a_rich_text_link_to_a_restricted_story_keeps_its_text_without_the_link(client, newsroom, kind):
    body = client.get("/movie-news/referencing/").content.decode()
    tally(KIND, 2, 0)
    assert f"<a>link to members-{kind}-scoop</a>" in body
    assert '<a href="/movie-news/open-sibling/">link to open-sibling</a>' in body


def test_the_api_gives_no_id_for_a_related_story_block_naming_a_restricted_story(client, newsroom):
    body = client.get(f"/api/v2/pages/{newsroom['referencing'].pk}/").json()["body"]
    related = [block["value"]["page"] for block in body if block["type"] == "related_story"]
    tally(KIND, len(related), sum(page is not None for page in related[:-1]))
    assert related == [None, None, None, newsroom["sibling"].pk]


def test_markdown_rich_text_in_the_api_is_refused(client, newsroom):
    """The resolved Markdown format links pages through the editor's converter, which ignores view restrictions."""
    response = client.get(f"/api/v2/pages/{newsroom['referencing'].pk}/?rich_text_format=markdown")
    tally(KIND, 1, response.status_code != 400)
    assert response.status_code == 400
