"""Home, topic, article, entity, author and tag pages render and show what they should."""

import pytest

from articles.models import FilmCompany, FilmCredit

from .factories import (
    ArticlePageFactory,
    AuthorFactory,
    FilmFactory,
    PersonFactory,
    StudioFactory,
    TopicPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(home_page, topic_page):
    studio = StudioFactory(name="STX Entertainment")
    person = PersonFactory(name="Robert Zemeckis")
    film = FilmFactory(name="Steel Soldiers")
    FilmCompany.objects.create(film=film, studio=studio, role="co_producer", territory="U.S. and international")
    FilmCredit.objects.create(film=film, person=person, role="producer")
    author = AuthorFactory(name="Jane Writer")
    story = ArticlePageFactory(
        parent=topic_page,
        title="Steel Soldiers gets a producer",
        links={"studios": [studio], "people": [person], "films": [film], "authors": [author], "tags": ["Sci-Fi"]},
    )
    draft = ArticlePageFactory(parent=topic_page, title="Secret draft story", live=False, links={"studios": [studio]})
    ruled = TopicPageFactory(parent=home_page, title="Studio watch", rules={"studios": [studio]})
    return {
        "studio": studio,
        "person": person,
        "film": film,
        "author": author,
        "story": story,
        "draft": draft,
        "ruled": ruled,
    }


def test_home_page_lists_live_stories_and_navigation(client, newsroom):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Steel Soldiers gets a producer" in html
    assert "Secret draft story" not in html
    assert 'href="/movie-news/"' in html


def test_topic_page_lists_child_and_rule_matched_stories_but_never_drafts(client, newsroom):
    for url in ("/movie-news/", "/studio-watch/"):
        html = client.get(url).content.decode()
        assert "Steel Soldiers gets a producer" in html, url
        assert "Secret draft story" not in html, url


def test_article_page_links_its_entities_tags_authors_and_topics(client, newsroom):
    response = client.get(newsroom["story"].url)
    assert response.status_code == 200
    html = response.content.decode()
    for url in (
        "/studios/stx-entertainment/",
        "/people/robert-zemeckis/",
        "/films/steel-soldiers/",
        "/authors/jane-writer/",
        "/tags/sci-fi/",
        "/studio-watch/",
    ):
        assert f'href="{url}"' in html, url


def test_entity_pages_show_relations_and_stories(client, newsroom):
    film = client.get("/films/steel-soldiers/").content.decode()
    assert 'href="/studios/stx-entertainment/"' in film
    assert "U.S. and international" in film
    assert 'href="/people/robert-zemeckis/"' in film
    assert "Steel Soldiers gets a producer" in film
    assert "Secret draft story" not in client.get("/studios/stx-entertainment/").content.decode()
    assert 'href="/films/steel-soldiers/"' in client.get("/people/robert-zemeckis/").content.decode()
    assert 'href="/films/steel-soldiers/"' in client.get("/studios/stx-entertainment/").content.decode()


def test_author_and_tag_pages(client, newsroom):
    assert "Steel Soldiers gets a producer" in client.get("/authors/jane-writer/").content.decode()
    assert "Steel Soldiers gets a producer" in client.get("/tags/sci-fi/").content.decode()


@pytest.mark.parametrize("junk", ["abc", "-5", "0", "99999999999999999999", "%00", "1.5", "١"])
def test_junk_page_numbers_never_fail(client, newsroom, junk):
    for url in ("/", "/movie-news/", "/studios/stx-entertainment/", "/tags/sci-fi/"):
        assert client.get(url, {"page": junk}).status_code == 200, (url, junk)


def test_unknown_slugs_answer_404(client, newsroom):
    for url in ("/studios/nope/", "/people/nope/", "/films/nope/", "/authors/nope/", "/tags/nope/", "/no-such-page/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"Page not found" in response.content
