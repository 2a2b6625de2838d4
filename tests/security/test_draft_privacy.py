"""Contributors see and change only their own drafts: every admin surface that shows a page, as real group members.

A Contributor facing an Editor's draft is refused or finds it absent, and nothing changes; their own draft works
everywhere; an Editor reaches a Contributor's draft everywhere. A live page whose unpublished title differs from
the live one is listed to a Contributor without that title.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.models import Page, Revision
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

from ..factories import ArticlePageFactory
from ._report import tally

pytestmark = pytest.mark.django_db

KIND = "draft privacy (role × surface)"


@pytest.fixture
def people(people, django_user_model):
    """The roles (tests/security/conftest.py) beside a superuser, as on a real site."""
    django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    return people


def draft_of(topic, owner, title: str) -> Page:
    """A never-published article owned by ``owner``, with two revisions (so there is something to compare)."""
    page = ArticlePageFactory(parent=topic, title=title, slug=title.lower().replace(" ", "-"), live=False, owner=owner)
    page.save_revision(user=owner)
    page.standfirst = "A second go."
    page.save_revision(user=owner)
    page.refresh_from_db()
    return page


def edit_form(page: Page) -> Callable[[], dict]:
    """The edit form a browser would post, read as a superuser sees it (when the request is made)."""

    def build() -> dict:
        staff = Client()
        staff.force_login(get_user_model().objects.filter(is_superuser=True).get())
        html = staff.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
        data = querydict_from_html(html, form_id="page-edit-form").dict()
        data.update(nested_form_data({"body": streamfield([("paragraph", rich_text("<p>Body.</p>"))])}))
        return data

    return build


def shows(page: Page) -> Callable[[Any], bool]:
    return lambda response: response.status_code == 200 and page.draft_title.encode() in response.content


def ok(response) -> bool:
    return response.status_code == 200


def preview_answered(response) -> bool:
    return response.status_code == 200 and response.get("Content-Type", "").startswith("application/json")


def surfaces(page: Page, topic: Page) -> dict[str, tuple[str, str, dict | None, Callable[[Any], bool]]]:
    """Surface → (method, url, data, whether the page was shown or acted on)."""
    word = page.draft_title.split()[0]
    pages = "wagtailadmin_pages"
    return {
        "edit": ("get", reverse(f"{pages}:edit", args=(page.pk,)), None, shows(page)),
        "view draft": ("get", reverse(f"{pages}:view_draft", args=(page.pk,)), None, shows(page)),
        "preview": ("post", reverse(f"{pages}:preview_on_edit", args=(page.pk,)), edit_form(page), preview_answered),
        "admin API list": ("get", "/admin/api/main/pages/", None, shows(page)),
        "admin API detail": ("get", f"/admin/api/main/pages/{page.pk}/", None, shows(page)),
        "chooser": ("get", reverse("wagtailadmin_choose_page_child", args=(topic.pk,)), None, shows(page)),
        "chooser search": ("get", reverse("wagtailadmin_choose_page_search") + f"?q={word}", None, shows(page)),
        "explorer listing": ("get", reverse("wagtailadmin_explore", args=(topic.pk,)), None, shows(page)),
        "admin search": ("get", reverse(f"{pages}:search") + f"?q={word}", None, shows(page)),
        "suggestions": ("post", reverse("newsroom_suggest_entities"), {"page": page.pk, "title": "Amblin"}, ok),
        "revisions compare": (
            "get",
            reverse(f"{pages}:revisions_compare", args=(page.pk, "earliest", "latest")),
            None,
            shows(page),
        ),
        "revision view": (
            "get",
            reverse(f"{pages}:revisions_view", args=(page.pk, page.latest_revision_id)),
            None,
            shows(page),
        ),
        "history": ("get", reverse(f"{pages}:history", args=(page.pk,)), None, shows(page)),
        "workflow history": ("get", reverse(f"{pages}:workflow_history", args=(page.pk,)), None, shows(page)),
        "delete (confirm)": ("get", reverse(f"{pages}:delete", args=(page.pk,)), None, shows(page)),
        "delete": (
            "post",
            reverse(f"{pages}:delete", args=(page.pk,)),
            {},
            lambda response: not Page.objects.filter(pk=page.pk).exists(),
        ),
    }


SURFACES = list(surfaces(Page(pk=1, draft_title="x", latest_revision_id=1), Page(pk=1)))


def snapshot() -> tuple:
    return (
        sorted(Page.objects.values_list("pk", "title", "draft_title", "live", "has_unpublished_changes", "owner")),
        Revision.objects.count(),
    )


def request(client, method: str, url: str, data: dict | Callable[[], dict] | None):
    data = data() if callable(data) else data
    return client.get(url) if method == "get" else client.post(url, data or {})


@pytest.mark.parametrize("surface", SURFACES)
def test_a_contributor_cannot_reach_an_editors_draft(client, topic_page, people, surface):
    """Refused (a redirect, 403 or 404) or absent from the listing, and the database unchanged."""
    draft = draft_of(topic_page, people["editor"], "Nightjar exclusive")
    method, url, data, shown = surfaces(draft, topic_page)[surface]
    client.force_login(people["contributor"])
    before = snapshot()

    response = request(client, method, url, data)

    leaked = shown(response) or draft.draft_title.encode() in response.content
    changed = snapshot() != before
    tally(KIND, 1, int(leaked or changed))
    assert not leaked, f"{surface}: answered {response.status_code} and showed the draft"
    assert not changed, f"{surface}: changed data ({response.status_code})"


@pytest.mark.parametrize("surface", SURFACES)
def test_a_contributor_reaches_their_own_draft(client, topic_page, people, surface):
    draft = draft_of(topic_page, people["contributor"], "Kestrel scoop")
    method, url, data, shown = surfaces(draft, topic_page)[surface]
    client.force_login(people["contributor"])

    response = request(client, method, url, data)

    tally(KIND, 1, int(not shown(response)))
    assert shown(response), f"{surface}: refused ({response.status_code})"


@pytest.mark.parametrize("surface", SURFACES)
def test_an_editor_reaches_a_contributors_draft(client, topic_page, people, surface):
    draft = draft_of(topic_page, people["contributor"], "Kestrel scoop")
    method, url, data, shown = surfaces(draft, topic_page)[surface]
    client.force_login(people["editor"])

    response = request(client, method, url, data)

    tally(KIND, 1, int(not shown(response)))
    assert shown(response), f"{surface}: refused ({response.status_code})"


LISTINGS = ["admin API list", "chooser", "explorer listing"]


@pytest.mark.parametrize("surface", LISTINGS)
def test_a_live_page_is_listed_to_a_contributor_without_its_unpublished_title(client, topic_page, people, surface):
    """An Editor's pending headline on a live story stays out of what a Contributor can list."""
    story = ArticlePageFactory(parent=topic_page, title="Heron sighted", slug="heron", owner=people["editor"])
    story.title = "Heron unmasked"
    story.save_revision(user=people["editor"])
    story.refresh_from_db()
    assert (story.title, story.draft_title) == ("Heron sighted", "Heron unmasked")
    method, url, data, _ = surfaces(story, topic_page)[surface]
    client.force_login(people["contributor"])

    response = request(client, method, url, data)

    assert response.status_code == 200
    tally(KIND, 1, int(b"Heron unmasked" in response.content))
    assert b"Heron unmasked" not in response.content


@pytest.mark.parametrize("surface", LISTINGS)
def test_a_live_page_is_listed_to_a_contributor_under_its_live_title(client, topic_page, people, surface):
    story = ArticlePageFactory(parent=topic_page, title="Heron sighted", slug="heron", owner=people["editor"])
    story.save_revision(user=people["editor"]).publish()
    story.refresh_from_db()
    method, url, data, _ = surfaces(story, topic_page)[surface]
    client.force_login(people["contributor"])

    response = request(client, method, url, data)

    tally(KIND, 1, int(b"Heron sighted" not in response.content))
    assert response.status_code == 200 and b"Heron sighted" in response.content


def test_a_contributor_cannot_edit_or_delete_an_editors_draft_by_posting(client, topic_page, people):
    """Raw POSTs to the edit and delete views leave the draft as it was."""
    draft = draft_of(topic_page, people["editor"], "Nightjar exclusive")
    client.force_login(people["contributor"])
    before = snapshot()

    edit = client.post(reverse("wagtailadmin_pages:edit", args=(draft.pk,)), {"title": "Defaced", "slug": "x"})
    delete = client.post(reverse("wagtailadmin_pages:delete", args=(draft.pk,)))

    tally(KIND, 2, int(snapshot() != before) * 2)
    assert snapshot() == before
    assert (edit.status_code, delete.status_code) in {(302, 302), (403, 403), (302, 403), (403, 302)}
