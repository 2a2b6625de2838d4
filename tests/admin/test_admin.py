"""The Wagtail admin for entities and articles: every view answers, forms validate, nothing 500s."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from articles.models import ArticlePage, Author, Film, FilmCredit, Person, Studio

from ..factories import ArticlePageFactory, FilmFactory, PersonFactory, StudioFactory

pytestmark = pytest.mark.django_db

MODELS = [Studio, Person, Film, Author]


def url(model, action: str, *args) -> str:
    return reverse(f"wagtailsnippets_articles_{model._meta.model_name}:{action}", args=args)


@pytest.fixture
def entities():
    studio = StudioFactory(name="STX Entertainment", aliases="STXfilms")
    person = PersonFactory(name="Robert Zemeckis", occupations=["director"])
    film = FilmFactory(name="Steel Soldiers")
    FilmCredit.objects.create(film=film, person=person, role="producer")
    author = Author.objects.create(name="Jane Writer")
    return {Studio: studio, Person: person, Film: film, Author: author}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_listing_create_edit_and_chooser_views_answer(admin_client, entities, model):
    obj = entities[model]
    for target in (
        url(model, "list"),
        url(model, "list") + "?q=stx",
        url(model, "add"),
        url(model, "edit", obj.pk),
        reverse(f"wagtailsnippetchoosers_articles_{model._meta.model_name}:choose"),
        reverse(f"wagtailsnippetchoosers_articles_{model._meta.model_name}:choose_results") + "?q=a",
    ):
        response = admin_client.get(target)
        assert response.status_code == 200, target


@pytest.mark.parametrize(
    "query",
    [
        "kind=studio&country=United+States",
        "occupation=director",
        "status=in_development&year=2018",
        "genre=action",
        "kind=staff",
        "occupation=nonsense",
        "year=abc",
    ],
)
def test_filters_never_fail(admin_client, entities, query):
    for model in MODELS:
        assert admin_client.get(url(model, "list") + "?" + query).status_code == 200


def test_person_filter_by_occupation(admin_client, entities):
    PersonFactory(name="Ken Kaufman", occupations=["writer"])
    html = admin_client.get(url(Person, "list") + "?occupation=writer").content.decode()
    assert "Ken Kaufman" in html
    assert "Robert Zemeckis" not in html


def studio_form(**overrides):
    return nested_form_data(
        {
            "name": "New Studio",
            "slug": "",
            "aliases": "",
            "kind": "studio",
            "summary": "",
            "country": "",
            "headquarters": "",
            "founded": "",
            "website": "",
            "wikidata_id": "",
            "imdb_id": "",
        }
        | overrides
    )


def test_create_a_studio(admin_client):
    response = admin_client.post(
        url(Studio, "add"), studio_form(name="Alibaba Pictures", aliases="Alibaba Pictures Group")
    )
    assert response.status_code == 302
    assert Studio.objects.get(slug="alibaba-pictures").alias_list == ["Alibaba Pictures Group"]


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"name": ""}, "name"),
        ({"name": "?!"}, "name"),
        ({"slug": "stx-entertainment"}, "slug"),
        ({"wikidata_id": "not-an-id"}, "wikidata_id"),
    ],
)
def test_bad_studio_input_is_a_form_error(admin_client, entities, overrides, field):
    before = Studio.objects.count()
    response = admin_client.post(url(Studio, "add"), studio_form(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Studio.objects.count() == before


def test_a_studio_cannot_become_its_own_parent(admin_client, entities):
    studio = entities[Studio]
    response = admin_client.post(
        url(Studio, "edit", studio.pk), studio_form(name=studio.name, slug=studio.slug, parent=studio.pk)
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors


def film_form(credit_person=""):
    return nested_form_data(
        {
            "name": "Real",
            "slug": "",
            "aliases": "",
            "summary": "",
            "year": "2017",
            "status": "released",
            "logline": "",
            "wikidata_id": "",
            "imdb_id": "",
            "companies": inline_formset([]),
            "credits": inline_formset([{"person": credit_person, "role": "director", "character": "", "via": ""}]),
            "releases": inline_formset([]),
        }
    )


def test_a_film_credit_without_a_person_is_a_form_error(admin_client, entities):
    response = admin_client.post(url(Film, "add"), film_form())
    assert response.status_code == 200
    assert not Film.objects.filter(name="Real").exists()
    assert b"error" in response.content


def test_a_film_with_a_credit_is_saved(admin_client, entities):
    response = admin_client.post(url(Film, "add"), film_form(credit_person=entities[Person].pk))
    assert response.status_code == 302
    assert FilmCredit.objects.get(film__name="Real").person == entities[Person]


def test_page_editors_answer(admin_client, home_page, topic_page):
    story = ArticlePageFactory(parent=topic_page)
    for target in (
        reverse("wagtailadmin_pages:edit", args=[home_page.pk]),
        reverse("wagtailadmin_pages:edit", args=[topic_page.pk]),
        reverse("wagtailadmin_pages:edit", args=[story.pk]),
        reverse("wagtailadmin_pages:add", args=["articles", "articlepage", topic_page.pk]),
        reverse("wagtailadmin_pages:add", args=["articles", "topicpage", home_page.pk]),
    ):
        assert admin_client.get(target).status_code == 200, target


def test_an_article_is_created_with_entities_through_the_admin(admin_client, topic_page, entities):
    data = nested_form_data(
        {
            "title": "Steel Soldiers moves ahead",
            "slug": "steel-soldiers-moves-ahead",
            "standfirst": "A summary.",
            "date": "2018-02-06 10:00",
            "hero_caption": "",
            "hero_credit": "",
            "body": streamfield([("paragraph", rich_text("<p>STX and Robert Zemeckis.</p>"))]),
            "source_name": "",
            "source_url": "",
            "studios": [entities[Studio].pk],
            "people": [entities[Person].pk],
            "films": [entities[Film].pk],
            "tags": "Sci-Fi, China",
            "seo_title": "",
            "search_description": "",
            "comments": inline_formset([]),
            "corrections": inline_formset([]),
        }
    )
    # Multiple-choice fields are plain lists (nested_form_data would flatten them into formset keys).
    data |= {
        "authors": [entities[Author].pk],
        "studios": [entities[Studio].pk],
        "people": [entities[Person].pk],
        "films": [entities[Film].pk],
    }
    response = admin_client.post(
        reverse("wagtailadmin_pages:add", args=["articles", "articlepage", topic_page.pk]), data
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = ArticlePage.objects.get(slug="steel-soldiers-moves-ahead")
    draft = page.get_latest_revision_as_object()
    assert list(draft.studios.all()) == [entities[Studio]]
    assert list(draft.people.all()) == [entities[Person]]
    assert list(draft.films.all()) == [entities[Film]]
    assert list(draft.authors.all()) == [entities[Author]]
    assert {tag.name for tag in draft.tags.all()} == {"Sci-Fi", "China"}


def test_the_article_editor_only_renders_chosen_entities(admin_client, topic_page, entities):
    for n in range(5):
        StudioFactory(name=f"Unrelated Studio {n}")
    story = ArticlePageFactory(parent=topic_page, links={"studios": [entities[Studio]]})
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
    assert "STX Entertainment" in html
    assert "Unrelated Studio" not in html
    assert 'data-search-url="/admin/newsroom/entities/studio/search/"' in html


def test_autocomplete_finds_by_alias_and_needs_a_login(client, admin_client, entities):
    search = reverse("newsroom_entity_search", args=["studio"])
    results = admin_client.get(search, {"q": "stxfil"}).json()["results"]
    assert results == [{"id": entities[Studio].pk, "label": "STX Entertainment", "proposed": False}]
    assert client.get(search, {"q": "stx"})["Location"].startswith("/admin/login/")
    assert admin_client.get(reverse("newsroom_entity_search", args=["nope"]), {"q": "x"}).status_code == 404


def test_inline_create_validates_and_creates(client, admin_client, entities, django_user_model):
    create = reverse("newsroom_entity_create", args=["person"])
    bad = admin_client.post(create, {"name": "  "})
    assert bad.status_code == 400
    assert bad.json()["error"]
    made = admin_client.post(create, {"name": "Jane Examplewoman"})
    assert made.status_code == 201
    assert Person.objects.get(pk=made.json()["id"]).name == "Jane Examplewoman"
    again = admin_client.post(create, {"name": "jane examplewoman"})
    assert again.json() == {"id": made.json()["id"], "label": "Jane Examplewoman", "created": False, "proposed": False}
    assert client.post(create, {"name": "Anonymous Person"})["Location"].startswith("/admin/login/")
    assert not Person.objects.filter(name="Anonymous Person").exists()
