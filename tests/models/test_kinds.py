"""The registry of linked kinds (articles.models.kinds) names every kind's model, tables and public URLs once."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from articles.models import KINDS, ArticlePage, Author, Film, Person, Series, Studio, TopicPage, public_url

from ..factories import ArticlePageFactory, StudioFactory, TopicPageFactory


def test_entities_are_studios_people_films_and_series_in_that_order():
    assert [kind.model for kind in KINDS.entities()] == [Studio, Person, Film, Series]
    assert KINDS.keys() == ("studio", "person", "film", "series", "author", "tag")


def test_models_read_their_key_prefix_and_field_from_the_registry():
    assert (Person.entity_type, Person.url_prefix, Person.article_field) == ("person", "people", "people")
    assert Author.entity_type == "author"
    assert KINDS.for_model(Tag).key == "tag"
    with pytest.raises(LookupError):
        KINDS.for_model(ArticlePage)


def test_link_and_rule_tables_are_the_models_own():
    assert KINDS.get("film").links.model is ArticlePage.films.through
    assert (KINDS.get("tag").links.owner_column, KINDS.get("tag").links.column) == ("content_object_id", "tag_id")
    assert KINDS.get("person").rules.model is TopicPage.rule_people.through
    assert KINDS.get("author").rules is None


def test_public_urls_are_unchanged():
    assert [
        (reverse(kind.index_url_name), kind.url("x"), reverse(kind.feed_url_name, args=["x"])) for kind in KINDS
    ] == [
        ("/studios/", "/studios/x/", "/studios/x/feed/"),
        ("/people/", "/people/x/", "/people/x/feed/"),
        ("/films/", "/films/x/", "/films/x/feed/"),
        ("/series/", "/series/x/", "/series/x/feed/"),
        ("/authors/", "/authors/x/", "/authors/x/feed/"),
        ("/tags/", "/tags/x/", "/tags/x/feed/"),
    ]


@pytest.mark.django_db
def test_a_tag_with_an_accented_slug_has_a_page_that_its_stories_link_to(client, topic_page):
    story = ArticlePageFactory(parent=topic_page, title="Pocket monsters return", links={"tags": ["Pokémon"]})
    tag = Tag.objects.get(name="Pokémon")
    url = public_url(tag)
    assert url == "/tags/pok%C3%A9mon/"
    assert f'href="{url}"' in client.get(story.url).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert "Pocket monsters return" in response.content.decode()


@pytest.mark.django_db
def test_a_topic_ruled_by_a_studio_lists_and_links_it(client, home_page):
    studio = StudioFactory(name="Legendary")
    topic = TopicPageFactory(parent=home_page, title="Monsters", rules={"studios": [studio]})
    html = client.get(topic.url).content.decode()
    assert f'href="{studio.get_absolute_url()}"' in html
