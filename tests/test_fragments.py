"""Cached story cards and article bodies (articles.fragments) are never served after what they show changed.

The page cache stays off here, so every request renders the page and only the fragments can be stale."""

import pytest
import wagtail_factories
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import fragments
from articles.models import ArticlePage

from .factories import ArticlePageFactory, AuthorFactory, StudioFactory, TopicPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site(settings, home_page):
    settings.NEWSROOM_TAGGED_CACHE = True
    cache.clear()
    studio = StudioFactory(name="STX Entertainment")
    author = AuthorFactory(name="Maya Lindqvist")
    topic = TopicPageFactory(parent=home_page, title="Movie News", slug="movie-news")
    story = ArticlePageFactory(
        parent=topic,
        title="Steel Soldiers gets a distributor",
        body=[("paragraph", "<p>STX Entertainment will release the film.</p>")],
        links={"studios": [studio], "authors": [author]},
    )
    return {"studio": studio, "author": author, "topic": topic, "story": story}


def card_queries(ids) -> tuple[list[str], int]:
    with CaptureQueriesContext(connection) as captured:
        html = [card.html for card in fragments.story_cards(ids)]
    return html, len(captured)


def test_a_card_is_rendered_once_then_served_from_the_cache(site):
    first, queries = card_queries([site["story"].pk])
    assert "Steel Soldiers gets a distributor" in first[0] and "Maya Lindqvist" in first[0] and queries > 0
    again, queries = card_queries([site["story"].pk])
    assert again == first and queries == 0


def test_cards_follow_edits_unpublishing_bylines_images_and_urls(site, client):
    story, author, topic = site["story"], site["author"], site["topic"]
    card_queries([story.pk])

    story.title = "Steel Soldiers finds a home"
    story.save_revision().publish()
    assert "Steel Soldiers finds a home" in card_queries([story.pk])[0][0]

    author.name = "Maya Lindqvist-Berg"
    author.save()
    assert "Maya Lindqvist-Berg" in card_queries([story.pk])[0][0]

    topic.slug = "film-news"
    topic.save_revision().publish()
    assert 'href="/film-news/' in card_queries([story.pk])[0][0]

    image = wagtail_factories.ImageFactory(title="Poster", file__width=960, file__height=540)
    ArticlePage.objects.filter(pk=story.pk).update(hero_image=image)  # behind the signals' back…
    image.title = "Poster, cropped"
    image.save()  # …but saving the image re-renders cards that show images
    _, queries = card_queries([story.pk])
    assert queries > 0

    ArticlePage.objects.get(pk=story.pk).unpublish()
    assert card_queries([story.pk])[0] == []
    assert "Steel Soldiers" not in client.get("/").content.decode()


def test_article_bodies_follow_publishing_entity_renames_and_never_serve_previews(site, client):
    story, studio = site["story"], site["studio"]
    assert 'href="/studios/stx-entertainment/"' in client.get(story.url).content.decode()
    studio.slug = "stx-films"
    studio.save()
    assert 'href="/studios/stx-films/"' in client.get(story.url).content.decode()

    page = ArticlePage.objects.get(pk=story.pk)
    page.body = [("paragraph", "<p>A draft paragraph about STX Entertainment.</p>")]
    page.save_revision()  # a draft: readers keep the live body
    assert "draft paragraph" not in client.get(story.url).content.decode()
    preview = ArticlePage.objects.get(pk=story.pk).get_latest_revision_as_object().make_preview_request()
    assert "draft paragraph" in preview.render().content.decode()  # the editor's preview shows the draft
    ArticlePage.objects.get(pk=story.pk).get_latest_revision().publish()
    assert "draft paragraph" in client.get(story.url).content.decode()
