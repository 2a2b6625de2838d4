"""Model rules: names, slugs, aliases, relations and the page tree."""

import pytest
from django.core.exceptions import ValidationError

from articles.models import ArticlePage, Film, HomePage, Studio, TopicPage

from ..factories import ArticlePageFactory, FilmFactory, PersonFactory, StudioFactory

pytestmark = pytest.mark.django_db


def test_slug_is_made_from_the_name_and_kept_unique_per_type():
    first = StudioFactory(name="STX Entertainment")
    second = StudioFactory(name="STX Entertainment!")
    film = FilmFactory(name="STX Entertainment")
    assert first.slug == "stx-entertainment"
    assert second.slug == "stx-entertainment-2"
    assert film.slug == "stx-entertainment"  # unique per type, not across types


def test_empty_or_punctuation_only_name_is_refused():
    studio = Studio(name="  ?! ")
    with pytest.raises(ValidationError) as error:
        studio.full_clean()
    assert "name" in error.value.message_dict


def test_aliases_are_cleaned_deduplicated_and_exclude_the_name():
    studio = Studio(name="STX Entertainment", aliases="STXfilms\n stx \nSTX\n\nSTX Entertainment; STX Films")
    studio.full_clean()
    assert studio.alias_list == ["STXfilms", "stx", "STX Films"]
    assert studio.all_names[0] == "STX Entertainment"


def test_a_studio_cannot_be_its_own_ancestor():
    group = StudioFactory(name="Alibaba Group")
    pictures = StudioFactory(name="Alibaba Pictures", parent=group)
    group.parent = pictures
    with pytest.raises(ValidationError):
        group.full_clean()


def test_unknown_occupation_is_refused():
    person = PersonFactory.build(name="Somebody", occupations=["juggler"])
    with pytest.raises(ValidationError):
        person.full_clean()


def test_page_tree_rules():
    assert ArticlePage.allowed_parent_page_models() == [TopicPage]
    assert TopicPage.allowed_parent_page_models() == [HomePage]
    assert ArticlePage.allowed_subpage_models() == []
    assert HomePage.can_create_at(HomePage.get_first_root_node()) is True


def test_entity_urls(topic_page):
    film = FilmFactory(name="Steel Soldiers", status=Film.Status.IN_DEVELOPMENT)
    assert film.get_absolute_url() == "/films/steel-soldiers/"
    story = ArticlePageFactory(parent=topic_page, title="A story", links={"films": [film]})
    assert list(ArticlePage.objects.published().mentioning(film)) == [story]
