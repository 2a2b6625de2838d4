"""The article editor's "Suggested entities" panel and its endpoint."""

import pytest
from django.urls import reverse

from .factories import ArticlePageFactory, PersonFactory, StudioFactory

pytestmark = pytest.mark.django_db

TEXT = "STX Entertainment signed the deal. The film is directed by Jane Examplewoman. Robert Zemeckis produces."


@pytest.fixture
def known():
    return {"studio": StudioFactory(name="STX Entertainment"), "person": PersonFactory(name="Robert Zemeckis")}


def test_endpoint_returns_known_matches_and_new_candidates(admin_client, known):
    data = admin_client.post(reverse("newsroom_suggest_entities"), {"title": "A deal", "body": TEXT}).json()
    matched = {(item["type"], item["id"], item["field"]) for item in data["matches"]}
    assert ("studio", known["studio"].pk, "studios") in matched
    assert ("person", known["person"].pk, "people") in matched
    assert {"type": "person", "name": "Jane Examplewoman"}.items() <= next(
        item for item in data["candidates"] if item["name"] == "Jane Examplewoman"
    ).items()


def test_endpoint_refuses_anonymous_users_and_oversize_text(client, admin_client, known):
    url = reverse("newsroom_suggest_entities")
    assert client.post(url, {"body": TEXT}).status_code in (302, 403)
    response = admin_client.post(url, {"body": "x" * 200_001})
    assert response.status_code == 400
    assert "too long" in response.json()["error"]
    assert admin_client.get(url).status_code == 405


def test_the_panel_is_on_the_article_editor(admin_client, topic_page, known):
    story = ArticlePageFactory(parent=topic_page)
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
    assert "Suggested entities" in html
    assert 'data-suggest-url="/admin/newsroom/suggest-entities/"' in html
    assert "articles/admin/suggestions.js" in html
