"""Roles × actions through the real admin views with raw POSTs: allowed ones take effect, denied ones change nothing.

Roles: anonymous, a user of another group (admin access and nothing else), and the three editorial groups made by
migration 0003. Each denied request must leave the database exactly as it was, whatever the response. The pages
belong to nobody here, so a Contributor (who edits only their own pages) is refused every page action but creating;
tests/security/test_draft_privacy.py covers their own pages.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page, Revision
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

from articles.models import ArticlePage, Studio

from ..factories import ArticlePageFactory, StudioFactory
from ._report import tally

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "other", "contributor", "editor", "admin"]
WRITERS = {"contributor", "editor", "admin"}
PUBLISHERS = {"editor", "admin"}
EDIT_ANY_PAGE = PUBLISHERS


@pytest.fixture
def world(topic_page, django_user_model):
    superuser = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    live = ArticlePageFactory(parent=topic_page, title="Live story", slug="live-story", links={"tags": ["Sci-Fi"]})
    draft = ArticlePageFactory(parent=topic_page, title="Secret draft", slug="secret-draft", live=False)
    draft.save_revision()
    studio = StudioFactory(name="Amblin", slug="amblin")
    return {"topic": topic_page, "live": live, "draft": draft, "studio": studio, "superuser": superuser}


def form(client, url: str, form_id: str | None = "page-edit-form", **overrides) -> dict:
    """The form a browser would post, read from the page as a superuser sees it."""
    response = client.get(url)
    assert response.status_code == 200, url
    data = querydict_from_html(response.content.decode(), form_id=form_id).dict()
    if form_id == "page-edit-form":
        data.update(nested_form_data({"body": streamfield([("paragraph", rich_text("<p>Body text.</p>"))])}))
    data.update(overrides)
    return data


def snapshot() -> tuple:
    return (
        sorted(Page.objects.values_list("pk", "title", "draft_title", "live", "has_unpublished_changes")),
        Revision.objects.count(),
        Revision.objects.filter(approved_go_live_at__isnull=False).count(),
        sorted(Tag.objects.values_list("name", flat=True)),
        sorted(Studio.objects.values_list("name", flat=True)),
    )


def build_actions(world, staff) -> dict:
    """Action → (method, url, data or None, check(response) → whether it took effect, roles allowed)."""
    live, draft, topic, studio = world["live"], world["draft"], world["topic"], world["studio"]
    edit = reverse("wagtailadmin_pages:edit", args=(live.pk,))
    add = reverse("wagtailadmin_pages:add", args=("articles", "articlepage", topic.pk))
    new_fields = {"title": "Brand new", "slug": "brand-new", "standfirst": "New.", "date": "2026-03-01 10:00"}
    go_live = (timezone.now() + timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    studio_edit = reverse("wagtailsnippets_articles_studio:edit", args=(studio.pk,))
    tag = Tag.objects.get(name="Sci-Fi")

    def retitled(title):
        return lambda response: ArticlePage.objects.get(pk=live.pk).get_latest_revision_as_object().title == title

    return {
        "view admin pages": ("get", reverse("wagtailadmin_home"), None, lambda r: r.status_code == 200, ROLES[1:]),
        "view draft": (
            "get",
            reverse("wagtailadmin_pages:view_draft", args=(draft.pk,)),
            None,
            lambda r: r.status_code == 200 and b"Secret draft" in r.content,
            EDIT_ANY_PAGE,
        ),
        "preview": (
            "post",
            reverse("wagtailadmin_pages:preview_on_edit", args=(live.pk,)),
            form(staff, edit, title="Previewed"),
            lambda r: r.status_code == 200 and r.json().get("is_valid") is True,
            EDIT_ANY_PAGE,
        ),
        "create": (
            "post",
            add,
            form(staff, add, **new_fields),
            lambda r: Page.objects.filter(slug="brand-new").exists(),
            WRITERS,
        ),
        "edit": ("post", edit, form(staff, edit, title="Edited title"), retitled("Edited title"), EDIT_ANY_PAGE),
        "publish": (
            "post",
            edit,
            form(staff, edit, title="Published title", **{"action-publish": "1"}),
            lambda r: Page.objects.get(pk=live.pk).title == "Published title",
            PUBLISHERS,
        ),
        "schedule": (
            "post",
            edit,
            form(staff, edit, title="Scheduled", go_live_at=go_live, **{"action-publish": "1"}),
            lambda r: Revision.objects.filter(approved_go_live_at__isnull=False).exists(),
            PUBLISHERS,
        ),
        "delete": (
            "post",
            reverse("wagtailadmin_pages:delete", args=(live.pk,)),
            {},
            lambda r: not Page.objects.filter(pk=live.pk).exists(),
            {"admin"},
        ),
        "import": (
            "post",
            reverse("articles_import"),
            None,  # a file upload, built per request below
            lambda r: ArticlePage.objects.filter(title="Imported headline").exists(),
            PUBLISHERS,
        ),
        "curate: rename tag": (
            "post",
            reverse("curation_tag_rename", args=(tag.pk,)),
            {"new_name": "Science fiction", "confirm": "1"},  # confirmed: the first post only shows a dry run
            lambda r: Tag.objects.filter(name="Science fiction").exists(),
            PUBLISHERS,
        ),
        "curate: merge tags": (
            "post",
            reverse("curation_tag_merge"),
            {"sources": [tag.pk], "into_name": "SF", "confirm": "1"},
            lambda r: Tag.objects.filter(name="SF").exists(),
            {"admin"},
        ),
        "edit entity": (
            "post",
            studio_edit,
            form(staff, studio_edit, form_id="w-editor-form", name="Amblin Partners"),
            lambda r: Studio.objects.filter(name="Amblin Partners").exists(),
            PUBLISHERS,
        ),
    }


ACTION_NAMES = [
    "view admin pages",
    "view draft",
    "preview",
    "create",
    "edit",
    "publish",
    "schedule",
    "delete",
    "import",
    "curate: rename tag",
    "curate: merge tags",
    "edit entity",
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTION_NAMES)
def test_every_role_is_allowed_or_refused_each_action(client, people, world, action, role):
    """Allowed: the action takes effect. Refused: a redirect to the login page, a 403 or Wagtail's "permission
    denied" redirect, and the database unchanged."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    staff = type(client)()
    staff.force_login(world["superuser"])
    method, url, data, took_effect, allowed = build_actions(world, staff)[action]
    if action == "import":
        item = b"Imported headline\n\nA first paragraph about a studio.\n\nA second paragraph."
        data = {"files": [SimpleUploadedFile("item.txt", item, content_type="text/plain")]}
    if role != "anonymous":
        client.force_login(people[role])
    before = snapshot()

    response = client.get(url) if method == "get" else client.post(url, data)

    if role in allowed:
        problem = None if response.status_code < 400 and took_effect(response) else f"refused ({response.status_code})"
    elif action in ("publish", "schedule") and role in WRITERS:
        # Wagtail turns a publish request from someone who may not publish into a saved draft: allowed, but the
        # live page and the schedule must not move.
        problem = f"{action} took effect" if took_effect(response) else None
    elif method == "get":
        problem = f"allowed ({response.status_code})" if response.status_code == 200 and took_effect(response) else None
    elif snapshot() != before:
        problem = f"changed data ({response.status_code})"
    elif response.status_code not in (302, 403):
        problem = f"answered {response.status_code}"
    else:
        problem = None
    if role == "anonymous" and role not in allowed:
        assert response.status_code == 302 and "/admin/login/" in response["Location"], response.status_code
    tally("roles × actions", 1, int(problem is not None))
    assert problem is None, f"{role} / {action}: {problem}"
