"""Tags follow the curation permissions: only tag curators create tags from the admin endpoint or open the tag
manager, and the tag search shows others only tags readers can already see or that are on their own pages."""

from __future__ import annotations

import pytest
from django.urls import reverse
from taggit.models import Tag

from ..factories import ArticlePageFactory
from ._report import tally

pytestmark = pytest.mark.django_db

KIND = "tag privacy (role × surface)"


@pytest.fixture
def tagged(topic_page, people):
    """Tag "Zephyr live" on a live story, "Zephyr embargo" only on an Editor's draft, "Zephyr mine" only on the
    Contributor's own draft."""
    ArticlePageFactory(parent=topic_page, title="Out now", links={"tags": ["Zephyr live"]})
    ArticlePageFactory(
        parent=topic_page, title="Embargoed", live=False, owner=people["editor"], links={"tags": ["Zephyr embargo"]}
    )
    ArticlePageFactory(
        parent=topic_page, title="Mine", live=False, owner=people["contributor"], links={"tags": ["Zephyr mine"]}
    )


def search(client) -> set[str]:
    response = client.get(reverse("newsroom_entity_search", args=["tag"]), {"q": "zephyr"})
    assert response.status_code == 200
    return {result["label"] for result in response.json()["results"]}


@pytest.mark.parametrize("role", ["other", "contributor"])
def test_only_tag_curators_create_tags_from_the_endpoint(client, people, role):
    """A 403, and no tag created."""
    client.force_login(people[role])
    before = Tag.objects.count()

    response = client.post(reverse("newsroom_entity_create", args=["tag"]), {"name": "Brand new tag"})

    refused = response.status_code == 403 and Tag.objects.count() == before
    tally(KIND, 1, int(not refused))
    assert response.status_code == 403
    assert Tag.objects.count() == before


def test_an_editor_creates_a_tag_from_the_endpoint(client, people):
    client.force_login(people["editor"])

    response = client.post(reverse("newsroom_entity_create", args=["tag"]), {"name": "Brand new tag"})

    tally(KIND, 1, int(response.status_code != 201))
    assert response.status_code == 201
    assert Tag.objects.filter(name="Brand new tag").exists()


@pytest.mark.parametrize("role", ["other", "contributor"])
@pytest.mark.parametrize("view", ["curation_tags", "curation_tag_duplicates"])
def test_only_tag_curators_open_the_tag_manager(client, people, tagged, role, view):
    client.force_login(people[role])

    response = client.get(reverse(view))

    tally(KIND, 1, int(response.status_code != 403 or b"Zephyr" in response.content))
    assert response.status_code == 403
    assert b"Zephyr" not in response.content


def test_a_contributor_searches_tags_readers_see_and_their_own(client, people, tagged):
    """Not the tag that is only on an Editor's draft."""
    client.force_login(people["contributor"])

    found = search(client)

    tally(KIND, 1, int(found != {"Zephyr live", "Zephyr mine"}))
    assert found == {"Zephyr live", "Zephyr mine"}


def test_a_user_without_pages_searches_only_tags_readers_see(client, people, tagged):
    client.force_login(people["other"])

    found = search(client)

    tally(KIND, 1, int(found != {"Zephyr live"}))
    assert found == {"Zephyr live"}


def test_an_editor_searches_every_tag(client, people, tagged):
    client.force_login(people["editor"])

    found = search(client)

    tally(KIND, 1, int(found != {"Zephyr live", "Zephyr embargo", "Zephyr mine"}))
    assert found == {"Zephyr live", "Zephyr embargo", "Zephyr mine"}
    assert client.get(reverse("curation_tags")).status_code == 200


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("other", {"Zephyr live"}),
        ("contributor", {"Zephyr live", "Zephyr mine"}),
        ("editor", {"Zephyr live", "Zephyr embargo", "Zephyr mine"}),
    ],
)
@pytest.mark.parametrize("url", ["wagtailadmin_tag_autocomplete", "wagtailadmin_tag_model_autocomplete"])
def test_the_tag_fields_autocomplete_follows_the_same_rule(client, people, tagged, role, expected, url):
    """Wagtail's own autocomplete behind every tag field answers at the same URL, without others' draft tags."""
    client.force_login(people[role])
    args = ["taggit", "tag"] if url == "wagtailadmin_tag_model_autocomplete" else []

    response = client.get(reverse(url, args=args), {"term": "zeph"})

    found = set(response.json())
    tally(KIND, 1, int(found != expected))
    assert response.status_code == 200
    assert found == expected


def test_the_tag_fields_autocomplete_needs_admin_access(client, tagged):
    response = client.get(reverse("wagtailadmin_tag_autocomplete"), {"term": "zeph"})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert b"Zephyr" not in response.content
