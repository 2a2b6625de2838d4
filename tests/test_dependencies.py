"""A page depends on what it rendered (articles.dependencies): objects shown through relations nobody listed by
hand still make the page fresh when they change, and changes to objects a page does not show leave it cached."""

import pytest
import wagtail_factories
from django.core.cache import cache

from .factories import (
    ArticlePageFactory,
    FilmCreditFactory,
    FilmFactory,
    PersonFactory,
    StudioFactory,
    TopicPageFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def cached(settings, home_page):
    settings.NEWSROOM_PAGE_CACHE = True
    settings.NEWSROOM_TAGGED_CACHE = True
    cache.clear()
    return home_page


def fetch(client, url: str) -> tuple[str, str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), response["X-Page-Cache"]


def test_renaming_a_credits_via_studio_refreshes_the_film_page(client, cached):
    """The film page shows "through ImageMovers" from a credit row; renaming the studio reaches it."""
    film = FilmFactory(name="Steel Soldiers", slug="steel-soldiers")
    via = StudioFactory(name="ImageMovers")
    FilmCreditFactory(film=film, person=PersonFactory(name="Robert Zemeckis"), via=via)
    body, _ = fetch(client, "/films/steel-soldiers/")
    assert "ImageMovers" in body
    assert fetch(client, "/films/steel-soldiers/")[1] == "hit"

    via.name = "ImageMovers Digital"
    via.save()

    body, state = fetch(client, "/films/steel-soldiers/")
    assert state == "miss" and "ImageMovers Digital" in body


def test_renaming_a_person_often_in_the_news_with_a_studio_refreshes_the_studio_page(client, cached):
    topic = TopicPageFactory(parent=cached, title="Movie News", slug="movie-news")
    studio, person = StudioFactory(name="STX Entertainment", slug="stx"), PersonFactory(name="Ken Kaufman")
    for number in range(2):
        ArticlePageFactory(parent=topic, title=f"Story {number}", links={"studios": [studio], "people": [person]})
    body, _ = fetch(client, "/studios/stx/")
    assert "Ken Kaufman" in body and fetch(client, "/studios/stx/")[1] == "hit"

    person.name = "Kenneth Kaufman"
    person.save()

    body, state = fetch(client, "/studios/stx/")
    assert state == "miss" and "Kenneth Kaufman" in body


def test_an_unused_upload_and_an_unrelated_topic_publish_leave_pages_cached(client, cached):
    topic = TopicPageFactory(parent=cached, title="Movie News", slug="movie-news")
    other = TopicPageFactory(parent=cached, title="TV News", slug="tv-news")
    ArticlePageFactory(parent=topic, title="A story", hero_image=wagtail_factories.ImageFactory())
    for url in ("/movie-news/", "/movie-news/a-story/"):
        fetch(client, url)
        assert fetch(client, url)[1] == "hit"

    wagtail_factories.ImageFactory(title="Uploaded, shown nowhere yet")
    other.intro = "Television, streaming and the business behind them."
    other.save_revision().publish()  # its title and place in the menu did not change

    for url in ("/movie-news/", "/movie-news/a-story/"):
        assert fetch(client, url)[1] == "hit", url


def test_renaming_a_topic_refreshes_every_page_that_shows_the_navigation(client, cached):
    TopicPageFactory(parent=cached, title="Movie News", slug="movie-news", show_in_menus=True)
    other = TopicPageFactory(parent=cached, title="TV News", slug="tv-news", show_in_menus=True)
    fetch(client, "/movie-news/")
    other.title = "Television"
    other.save_revision().publish()
    body, state = fetch(client, "/movie-news/")
    assert state == "miss" and "Television" in body
