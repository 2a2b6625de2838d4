"""Property-based tests (Hypothesis): any input to the importer and the forms gives a result or a clear refusal."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from taggit.models import Tag

from articles.importing import import_sources
from articles.importing.parsers import MalformedFile, parse_file

from ._report import tally

pytestmark = pytest.mark.django_db
FIXTURES = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
text = st.text(alphabet=st.characters(codec="utf-8"), max_size=2_000)
item = st.fixed_dictionaries(
    {},
    optional={
        "headline": st.one_of(text, st.integers(), st.none(), st.lists(text, max_size=3)),
        "body": st.one_of(text, st.lists(st.one_of(text, st.integers()), max_size=5), st.none()),
        "date": st.one_of(text, st.datetimes().map(str)),
        "source_url": st.one_of(text, st.just("https://example.com/x"), st.just("javascript:alert(1)")),
        "byline": st.one_of(text, st.lists(text, max_size=3)),
    },
)


@FIXTURES
@given(name=st.sampled_from(["item.txt", "item.html", "item.json", "item.bin"]), data=st.binary(max_size=4_000))
def test_any_bytes_parse_to_items_or_a_clear_error(name, data):
    try:
        parse_file(name, data)
    except MalformedFile as error:
        assert str(error)
    tally("property examples", 1)


@FIXTURES
@given(items=st.lists(item, max_size=4))
def test_any_json_items_import_or_are_reported(topic_page, items):
    """A dry run over arbitrary JSON items: each item imports or is reported failed with a message."""
    report = import_sources([("items.json", json.dumps(items).encode())], topic=topic_page, dry_run=True)
    assert report.items
    for entry in report.items:
        assert entry.status in ("would create", "unchanged", "failed")
        if entry.status == "failed":
            assert entry.message
    tally("property examples", 1)


@FIXTURES
@given(query=text, page=st.one_of(text, st.integers()))
def test_search_answers_any_query(client, home_page, query, page):
    response = client.get("/search/", {"q": query, "page": page})
    assert response.status_code in (200, 400)
    tally("property examples", 1)


@FIXTURES
@given(name=text)
def test_the_entity_create_endpoint_answers_any_name(admin_client, name):
    response = admin_client.post(reverse("newsroom_entity_create", args=["studio"]), {"name": name})
    assert response.status_code in (200, 201, 400, 409), response.status_code
    tally("property examples", 1)


@FIXTURES
@given(new_name=text)
def test_renaming_a_tag_answers_any_name(admin_client, new_name):
    tag, _ = Tag.objects.get_or_create(name="Hypothesis target")
    data = {"new_name": new_name, "confirm": "1"}  # confirmed, so a valid name is really saved
    response = admin_client.post(reverse("curation_tag_rename", args=[tag.pk]), data)
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 302:
        Tag.objects.filter(pk=tag.pk).update(name="Hypothesis target", slug="hypothesis-target")
    tally("property examples", 1)
