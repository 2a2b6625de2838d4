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
    story = ArticlePage.objects.get(pk=story.pk)
    story.hero_image = image
    story.save_revision().publish()
    card_queries([story.pk])
    image.focal_point_x, image.focal_point_y, image.focal_point_width, image.focal_point_height = 10, 10, 50, 50
    image.save()  # the card rendered this image (obj:image:<id>), so it renders again
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


def test_only_the_cards_that_show_an_image_or_author_render_again(site):
    """Per-object keys collected while rendering: an unused upload or another author's edit keeps cards cached."""
    story = site["story"]
    other = ArticlePageFactory(parent=site["topic"], title="Another story", links={"authors": [AuthorFactory()]})
    # Rendered apart: the objects loaded for one batch are shown by every card of the batch (coarse, never stale).
    card_queries([story.pk])
    card_queries([other.pk])

    wagtail_factories.ImageFactory(title="An upload nothing shows yet")
    assert card_queries([story.pk, other.pk])[1] == 0

    site["author"].name = "Maya Lindqvist-Berg"
    site["author"].save()
    assert card_queries([other.pk])[1] == 0  # the other story's card is still cached
    html, queries = card_queries([story.pk])
    assert "Maya Lindqvist-Berg" in html[0] and queries > 0
