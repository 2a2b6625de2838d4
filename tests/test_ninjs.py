"""Articles as IPTC ninjs 2.1 at /api/v2/pages/<id>/?format=ninjs, checked against the IPTC's schema."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from wagtail.models import PageViewRestriction

from articles.importing.ninjs import SCHEMA_DIR
from articles.models import Person

from .factories import ArticlePageFactory, AuthorFactory, FilmFactory, PersonFactory, StudioFactory, TopicPageFactory

pytestmark = pytest.mark.django_db

SCHEMA = json.loads((SCHEMA_DIR / "ninjs-schema_2.1.json").read_text())


@pytest.fixture
def story(topic_page):
    studio = StudioFactory(name="Quarry Lane Films", slug="quarry-lane-films", wikidata_id="Q4115189")
    director = PersonFactory(name="Mara Ellison", slug="mara-ellison")
    film = FilmFactory(name="The Lighthouse Keeper", slug="the-lighthouse-keeper", wikidata_id="Q1")
    proposed = PersonFactory(name="Sam Proposed", slug="sam-proposed", review_status=Person.Review.PROPOSED)
    author = AuthorFactory(name="Sam Okafor", slug="sam-okafor")
    return ArticlePageFactory(
        parent=topic_page,
        title="Quarry Lane Films buys The Lighthouse Keeper",
        standfirst="The distributor takes North American rights.",
        source_name="Example Wire",
        source_url="https://wire.example/film/1",
        body=[("paragraph", "<p>Mara Ellison directed the drama.</p>")],
        links={
            "studios": [studio],
            "people": [director, proposed],
            "films": [film],
            "authors": [author],
            "tags": ["Festivals"],
        },
    )


def ninjs(client, page, **params) -> dict:
    response = client.get(f"/api/v2/pages/{page.pk}/", {"format": "ninjs", **params})
    assert response.status_code == 200, response.content[:500]
    return response.json()


def test_an_article_is_valid_ninjs_2_1(client, story):
    item = ninjs(client, story)
    errors = list(Draft202012Validator(SCHEMA, format_checker=FormatChecker()).iter_errors(item))
    assert errors == []
    for name in ("firstcreated", "versioncreated", "contentcreated"):
        dt.datetime.fromisoformat(item[name])  # jsonschema checks date-time formats only with an extra package
    assert item["standard"]["version"] == "2.1"
    assert item["uri"].endswith(story.url)
    assert item["headlines"] == [{"role": "main", "value": "Quarry Lane Films buys The Lighthouse Keeper"}]
    assert item["descriptions"][0]["value"] == "The distributor takes North American rights."
    assert "Mara Ellison directed the drama." in item["bodies"][0]["value"]
    assert item["by"] == "Sam Okafor"
    assert item["infosources"] == [{"name": "Example Wire", "role": "originator", "uri": "https://wire.example/film/1"}]


def test_entities_carry_their_wikidata_uris_and_how_the_story_relates_to_them(client, story):
    item = ninjs(client, story)
    assert item["organisations"] == [
        {
            "name": "Quarry Lane Films",
            "rel": "about",  # in the headline
            "uri": "http://www.wikidata.org/entity/Q4115189",
            "literal": "studio:quarry-lane-films",
        }
    ]
    (person,) = item["people"]  # a proposed entity is not shown to readers, here either
    assert person["name"] == "Mara Ellison"
    assert person["rel"] == "mentions"  # only in the body
    assert person["uri"].endswith("/people/mara-ellison/")  # no Wikidata id: its page here
    subjects = {subject["name"]: subject for subject in item["subjects"]}
    assert subjects["The Lighthouse Keeper"]["uri"] == "http://www.wikidata.org/entity/Q1"
    assert subjects["The Lighthouse Keeper"]["rel"] == "about"
    assert subjects["Festivals"] == {"name": "Festivals", "rel": "mentions", "literal": "tag:festivals"}


def test_the_default_format_is_still_wagtails_json(client, story):
    response = client.get(f"/api/v2/pages/{story.pk}/")
    assert response.json()["meta"]["type"] == "articles.ArticlePage"


def test_drafts_and_restricted_stories_have_no_ninjs(client, story, topic_page, home_page):
    draft = ArticlePageFactory(parent=topic_page, title="A draft", live=False)
    assert client.get(f"/api/v2/pages/{draft.pk}/", {"format": "ninjs"}).status_code == 404
    private_topic = TopicPageFactory(parent=home_page, title="Private", slug="private")
    PageViewRestriction.objects.create(page=private_topic, restriction_type="password", password="secret")
    private = ArticlePageFactory(parent=private_topic, title="Private story")
    assert client.get(f"/api/v2/pages/{private.pk}/", {"format": "ninjs"}).status_code == 404


def test_ninjs_is_offered_for_articles_only(client, story, topic_page):
    response = client.get(f"/api/v2/pages/{topic_page.pk}/", {"format": "ninjs"})
    assert response.status_code == 400
    assert "articles only" in response.json()["message"]


def test_a_listing_in_ninjs_is_a_clear_400(client, story):
    response = client.get("/api/v2/pages/", {"format": "ninjs"})
    assert response.status_code == 400
    assert "one article at a time" in response.json()["message"]


def test_the_ninjs_of_an_edited_story_follows_its_published_version(client, story):
    first = ninjs(client, story)
    draft = story.get_latest_revision_as_object()
    draft.title = "Quarry Lane Films closes the deal"
    draft.save_revision().publish()
    second = ninjs(client, story)
    assert second["headlines"][0]["value"] == "Quarry Lane Films closes the deal"
    assert second["version"] != first["version"]


def test_an_unknown_article_is_a_404(client, story):
    assert client.get("/api/v2/pages/999999/", {"format": "ninjs"}).status_code == 404
