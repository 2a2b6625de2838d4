"""Editorial groups, moderation, scheduled publishing, the worker and concurrent-editing notices, via the admin."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import task
from freezegun import freeze_time
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PageLogEntry,
    Revision,
    WorkflowPage,
    WorkflowState,
)
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

from articles.models import ArticlePage
from articles.permissions import (
    ADMINS,
    CONTRIBUTORS,
    DEMO_PASSWORD,
    EDITORS,
    GROUPS,
    TASK_NAME,
    WORKFLOW_NAME,
    create_demo_users,
    ensure_editorial_groups,
)

from ..factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def codenames(queryset) -> set[str]:
    return {f"{perm.content_type.app_label}.{perm.codename}" for perm in queryset.select_related("content_type")}


def make_user(django_user_model, username: str, group_name: str):
    user = django_user_model.objects.create_user(username, f"{username}@example.com", "secret-pass-123")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def contributor(django_user_model):
    return make_user(django_user_model, "casey", CONTRIBUTORS)


@pytest.fixture
def editor(django_user_model):
    return make_user(django_user_model, "eddie", EDITORS)


@pytest.fixture
def admin_user(django_user_model):
    return make_user(django_user_model, "ada", ADMINS)


def published_article(topic, title: str) -> ArticlePage:
    article = ArticlePageFactory(parent=topic, title=title, live=False)
    article.save_revision().publish()
    article.refresh_from_db()
    return article


def login(client, user):
    client.force_login(user)
    return client


def article_form(client, url: str, **overrides) -> dict:
    """The editor's own form as a browser would post it, with a body and the given fields changed."""
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form").dict()
    data.update(
        nested_form_data({"body": streamfield([("paragraph", rich_text("<p>Alibaba Pictures backs the film.</p>"))])})
    )
    data.update(overrides)
    return data


def create_article(client, topic, title: str, *actions: str, **fields: str) -> ArticlePage:
    url = reverse("wagtailadmin_pages:add", args=("articles", "articlepage", topic.pk))
    data = article_form(
        client,
        url,
        title=title,
        slug=title.lower().replace(" ", "-"),
        standfirst="A short summary.",
        date="2026-03-01 10:00",
        **dict.fromkeys(actions, "1"),
        **fields,
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ArticlePage.objects.get(slug=data["slug"])


def edit_article(client, page: Page, **fields):
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    return client.post(url, article_form(client, url, **fields))


# Groups and permissions


def test_migrations_create_the_groups_with_their_permissions():
    """Contributors write, Editors publish and curate, Admins also delete; all reach the admin."""
    root = Page.get_first_root_node()
    for spec in GROUPS:
        group = Group.objects.get(name=spec.name)
        assert codenames(group.permissions.all()) == spec.permissions
        page_perms = GroupPagePermission.objects.filter(group=group, page=root)
        assert {row.permission.codename for row in page_perms} == spec.page_permissions
        collection_perms = Permission.objects.filter(
            pk__in=GroupCollectionPermission.objects.filter(group=group, collection__depth=1).values("permission")
        )
        assert codenames(collection_perms) == spec.collection_permissions

    contributors, editors, admins = (Group.objects.get(name=name) for name in (CONTRIBUTORS, EDITORS, ADMINS))
    contributor_pages = set(GroupPagePermission.objects.filter(group=contributors).values_list("permission__codename"))
    assert ("publish_page",) not in contributor_pages
    assert "articles.view_studio" in codenames(contributors.permissions.all())
    assert "articles.add_studio" not in codenames(contributors.permissions.all())
    editor_perms = codenames(editors.permissions.all())
    assert {"articles.rename_tags", "articles.batch_tag", "articles.import_articles"} <= editor_perms
    assert not {"articles.merge_tags", "articles.delete_tags", "articles.delete_studio"} & editor_perms
    admin_only = {"articles.merge_tags", "articles.promote_tags", "articles.delete_tags", "articles.delete_film"}
    assert admin_only <= codenames(admins.permissions.all())
    for group in (contributors, editors, admins):
        assert "wagtailadmin.access_admin" in codenames(group.permissions.all())
        assert not any(name.startswith("auth.") for name in codenames(group.permissions.all()))


def test_every_page_goes_through_editorial_review():
    """The root carries the "Editorial review" workflow whose one task Editors and Admins approve."""
    root = Page.get_first_root_node()
    workflow = WorkflowPage.objects.get(page=root).workflow
    assert workflow.name == WORKFLOW_NAME
    assert workflow.active
    tasks = [task.specific for task in workflow.tasks.all()]
    assert [task.name for task in tasks] == [TASK_NAME]
    assert {group.name for group in tasks[0].groups.all()} == {EDITORS, ADMINS}


def test_ensure_editorial_groups_is_idempotent_and_restores_the_definitions():
    """Calling it again changes nothing; a lost or extra grant on the root is put back as defined."""

    def snapshot():
        return (
            sorted(Group.objects.values_list("name", flat=True)),
            sorted(Group.objects.values_list("name", "permissions__codename")),
            sorted(GroupPagePermission.objects.values_list("group__name", "page_id", "permission__codename")),
            sorted(GroupCollectionPermission.objects.values_list("group__name", "permission__codename")),
            sorted(WorkflowPage.objects.values_list("page_id", "workflow__name")),
        )

    before = snapshot()
    ensure_editorial_groups()
    ensure_editorial_groups()
    assert snapshot() == before

    contributors = Group.objects.get(name=CONTRIBUTORS)
    GroupPagePermission.objects.create(group=contributors, page=Page.get_first_root_node(), permission_type="publish")
    Group.objects.get(name=EDITORS).permissions.clear()
    ensure_editorial_groups()
    assert snapshot() == before


def test_demo_users_are_in_their_groups_and_can_sign_in(client):
    """load_demo's contributor and editor accounts sign in with the documented password."""
    create_demo_users()
    create_demo_users()
    contributor, editor = (type(user).objects.get(username=user.username) for user in create_demo_users())
    assert list(contributor.groups.values_list("name", flat=True)) == [CONTRIBUTORS]
    assert list(editor.groups.values_list("name", flat=True)) == [EDITORS]
    assert client.login(username="editor", password=DEMO_PASSWORD)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


# Moderation through the admin


def test_contributor_submits_for_review_but_cannot_publish(client, topic_page, contributor):
    """A raw "publish" POST from a Contributor only saves a draft; submitting starts the review."""
    login(client, contributor)
    article = create_article(client, topic_page, "Draft story", "action-publish")
    article.refresh_from_db()
    assert not article.live
    assert article.has_unpublished_changes

    response = edit_article(client, article, title="Draft story, revised", **{"action-publish": "1"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert not article.live
    assert article.get_latest_revision_as_object().title == "Draft story, revised"

    response = edit_article(client, article, **{"action-submit": "1"})
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(article.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == TASK_NAME
    article.refresh_from_db()
    assert not article.live

    # Nor can a Contributor approve their own story.
    approve = reverse("wagtailadmin_pages:workflow_action", args=(article.pk, "approve", state.current_task_state.pk))
    client.post(approve, {"comment": ""})
    article.refresh_from_db()
    assert not article.live


def test_editor_approves_a_submitted_story_and_it_goes_live(client, topic_page, contributor, editor):
    """Approval by an Editor finishes the workflow and publishes the submitted revision."""
    login(client, contributor)
    article = create_article(client, topic_page, "Studio news", "action-submit")
    task_state = WorkflowState.objects.get(object_id=str(article.pk)).current_task_state

    login(client, editor)
    response = client.get(reverse("wagtailadmin_home"))
    assert "Studio news" in response.content.decode()  # waiting in the Editor's review queue
    approve = reverse("wagtailadmin_pages:workflow_action", args=(article.pk, "approve", task_state.pk))
    response = client.post(approve, {"comment": "Good to go."})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.live
    assert WorkflowState.objects.get(object_id=str(article.pk)).status == WorkflowState.STATUS_APPROVED
    assert ArticlePage.objects.live().filter(pk=article.pk).exists()


def test_approving_from_the_editor_without_changes_saves_no_draft(client, topic_page, contributor, editor):
    """Approving and publishing in the editor, nothing changed, logs the approval and the publication only: the
    publication date (a callable default, which Django compares with a hidden initial input Wagtail never renders)
    no longer counts as changed, so no "Draft saved" by the approver and no new revision come with it."""
    login(client, contributor)
    article = create_article(client, topic_page, "Studio news", "action-submit")
    revisions = article.revisions.count()

    login(client, editor)
    url = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    data = article_form(client, url, **{"action-workflow-action": "1", "workflow-action-name": "approve"})
    paragraph = article.get_latest_revision_as_object().body[0]
    data.update({"body-0-id": paragraph.id, "body-0-value": paragraph.block.get_form_state(paragraph.value)})
    response = client.post(url, data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.live
    assert article.revisions.count() == revisions
    by_editor = PageLogEntry.objects.filter(page=article, user=editor).order_by("pk")
    assert list(by_editor.values_list("action", flat=True)) == ["wagtail.workflow.approve", "wagtail.publish"]


def test_editor_publishes_directly(client, topic_page, editor):
    """Editors may also publish a story straight from the editor."""
    login(client, editor)
    article = create_article(client, topic_page, "Breaking story", "action-publish")
    article.refresh_from_db()
    assert article.live


def test_contributor_cannot_unpublish_or_delete_a_live_story(client, topic_page, contributor):
    """The unpublish and delete views turn a Contributor away with a message, and the story stays live."""
    article = published_article(topic_page, "Live story")
    login(client, contributor)
    for name in ("unpublish", "delete"):
        url = reverse(f"wagtailadmin_pages:{name}", args=(article.pk,))
        response = client.post(url, follow=True)
        assert response.redirect_chain[0][0] == reverse("wagtailadmin_home")
        assert "you do not have permission" in response.content.decode()
    article.refresh_from_db()
    assert article.live
    assert Page.objects.filter(pk=article.pk).exists()


def test_only_admins_delete_a_published_story(client, topic_page, editor, admin_user):
    """Wagtail would let an Editor delete a live page; Newsroom keeps that to Admins."""
    article = published_article(topic_page, "Published story")
    delete = reverse("wagtailadmin_pages:delete", args=(article.pk,))

    login(client, editor)
    explorer = client.get(reverse("wagtailadmin_explore", args=(topic_page.pk,))).content.decode()
    assert delete not in explorer
    response = client.post(delete, follow=True)
    assert "Only Admins can delete a page that has been published" in response.content.decode()
    assert Page.objects.filter(pk=article.pk).exists()

    bulk = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "delete"))
    client.post(f"{bulk}?id={article.pk}", {"confirm": "1"})
    assert Page.objects.filter(pk=article.pk).exists()

    login(client, admin_user)
    response = client.post(delete)
    assert response.status_code == 302
    assert not Page.objects.filter(pk=article.pk).exists()


def test_a_contributor_may_delete_their_own_unpublished_draft(client, topic_page, contributor):
    """Drafts that never went out can be cleaned up by whoever wrote them."""
    login(client, contributor)
    article = create_article(client, topic_page, "Abandoned draft")
    response = client.post(reverse("wagtailadmin_pages:delete", args=(article.pk,)))
    assert response.status_code == 302
    assert not Page.objects.filter(pk=article.pk).exists()


# Scheduled publishing and the worker


def test_scheduled_story_goes_live_when_the_worker_runs_after_its_time(client, topic_page, editor):
    """Published with a future go-live time, a story waits; the worker's pass after that time makes it live."""
    go_live = (timezone.now() + datetime.timedelta(minutes=5)).replace(second=0, microsecond=0)
    login(client, editor)
    article = create_article(
        client,
        topic_page,
        "Embargoed story",
        "action-publish",
        go_live_at=timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M"),
    )
    article.refresh_from_db()
    assert not article.live
    assert Revision.objects.filter(object_id=str(article.pk), approved_go_live_at=go_live).exists()

    call_command("worker", "--once", verbosity=0)
    article.refresh_from_db()
    assert not article.live

    with freeze_time(go_live + datetime.timedelta(minutes=1)):
        call_command("worker", "--once", verbosity=0)
    article.refresh_from_db()
    assert article.live
    assert not Revision.objects.filter(object_id=str(article.pk), approved_go_live_at__isnull=False).exists()


def test_worker_unpublishes_an_expired_story(topic_page):
    """A story past its expiry time is taken down on the worker's pass."""
    article = published_article(topic_page, "Short-lived")
    Page.objects.filter(pk=article.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    call_command("worker", "--once", verbosity=0)
    article.refresh_from_db()
    assert not article.live
    assert article.expired


worker_calls: list[str] = []


@task()
def record_call(label: str) -> str:
    worker_calls.append(label)
    return label


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@override_settings(TASKS=DATABASE_TASKS)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_runs_queued_tasks_from_the_database_queue():
    """With the database task backend, queued tasks wait until the worker's pass runs them."""
    from django_tasks_db.models import DBTaskResult

    worker_calls.clear()
    result = record_call.enqueue("reindex")
    assert worker_calls == []
    call_command("worker", "--once", verbosity=0)
    assert worker_calls == ["reindex"]
    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"


def test_worker_rejects_bad_options():
    """A zero interval, an unknown backend or --tasks-only without a queue is refused with a clear message."""
    with pytest.raises(CommandError, match="greater than zero"):
        call_command("worker", "--interval", "0")
    with pytest.raises(CommandError, match="Unknown task backend"):
        call_command("worker", "--once", "--backend", "nope")
    with pytest.raises(CommandError, match="needs a database task backend"):
        call_command("worker", "--once", "--tasks-only")


# Concurrent editing


def test_editors_see_who_else_is_editing_the_same_story(client, topic_page, editor, admin_user):
    """While one person has a story open, another opening it is told who is there."""
    article = ArticlePageFactory(parent=topic_page, title="Shared story")
    edit = reverse("wagtailadmin_pages:edit", args=(article.pk,))

    login(client, admin_user)
    assert client.get(edit).status_code == 200  # opens an editing session
    login(client, editor)
    page = client.get(edit).content.decode()
    assert "w-session" in page  # the editor carries the session-pinging controller

    ping = reverse("wagtailadmin_editing_sessions:ping", args=("wagtailcore", "page", article.pk, 0))
    response = client.post(ping, {"is_editing": "1"})
    assert response.status_code == 200
    others = response.json()["other_sessions"]
    assert [session["user"] for session in others] == [admin_user.get_username()]
    assert others[0]["is_editing"] is False
