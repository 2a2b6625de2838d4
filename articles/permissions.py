"""The editorial groups, their permissions and the moderation workflow every page goes through.

Contributors write and submit stories for review, and see or change only their own pages (plus what readers
already see of live ones), and propose new studios, people and films; Editors review, publish and schedule them,
create entities and accept or reject proposals; Admins also
delete pages and entities and run every curation tool. User management stays with superusers. Page
permissions sit on the tree root and collection permissions on the root collection, so they cover every
site and collection. The definitions below are the source of truth: ``ensure_editorial_groups()`` makes the
database match them (migration 0003 calls it) and is safe to call again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F, Q
from wagtail.permission_policies.pages import PagePermissionPolicy

if TYPE_CHECKING:
    from django.apps.registry import Apps
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from wagtail.models import Page

CONTRIBUTORS = "Contributors"
EDITORS = "Editors"
ADMINS = "Admins"
WORKFLOW_NAME = "Editorial review"
TASK_NAME = "Editor approval"
DEMO_PASSWORD = "newsroom-demo"  # noqa: S105 - published demo credentials, created only by load_demo
DEMO_USERS = (("contributor", CONTRIBUTORS), ("editor", EDITORS))

ENTITY_MODELS = ("studio", "person", "film", "series", "author")
# Rows of business data editors keep beside the entities (issue #18): viewed by all, added and changed by editors.
BUSINESS_MODELS = ("statuschange",)
PROPOSABLE_MODELS = ("studio", "person", "film", "series")
# Awards (issue #18): contributors view them, editors add and change them, admins delete them, as entities.
ENTITY_MODELS += ("awardceremony", "awardedition", "awardnomination")
# Live coverage: contributors draft updates, editors publish (and delete) them (articles.admin.live).
LIVE_UPDATE_DRAFTING = frozenset({"articles.add_liveupdate", "articles.change_liveupdate", "articles.view_liveupdate"})
LIVE_UPDATE_PUBLISHING = frozenset({"articles.publish_liveupdate", "articles.delete_liveupdate"})
# Box-office rows (issue #18) editors keep whole: add, change and delete (a wrong figure is removed, not hidden).
WHOLE_BUSINESS_MODELS = ("gross", "exchangerate")


@dataclass(frozen=True)
class GroupSpec:
    """What one group may do: model permissions, page permissions on the root, collection permissions."""

    name: str
    permissions: frozenset[str]  # "app_label.codename"
    page_permissions: frozenset[str]  # wagtailcore page codenames, granted on the tree root
    collection_permissions: frozenset[str]  # "app_label.codename", granted on the root collection


_CONTRIBUTOR = GroupSpec(
    name=CONTRIBUTORS,
    permissions=frozenset(
        {
            "wagtailadmin.access_admin",
            *(f"articles.view_{model}" for model in (*ENTITY_MODELS, *BUSINESS_MODELS)),
            *(f"articles.propose_{model}" for model in PROPOSABLE_MODELS),
            *LIVE_UPDATE_DRAFTING,
        }
    ),
    # "add" alone: Wagtail lets its holder edit, submit and delete (while unpublished) the pages they own, and
    # nobody else's; "change" would open every page. Migration 0007 takes back the "change" 0003 granted.
    page_permissions=frozenset({"add_page"}),
    collection_permissions=frozenset({"wagtailimages.add_image", "wagtailimages.choose_image"}),
)
_EDITOR = GroupSpec(
    name=EDITORS,
    permissions=_CONTRIBUTOR.permissions
    | {f"articles.{action}_{model}" for action in ("add", "change") for model in (*ENTITY_MODELS, *BUSINESS_MODELS)}
    | {"articles.rename_tags", "articles.batch_tag", "articles.import_articles"}
    | {f"articles.{action}_release" for action in ("add", "change", "delete", "view")}
    | {
        f"articles.{action}_{model}"
        for action in ("add", "change", "delete", "view")
        for model in WHOLE_BUSINESS_MODELS
    }
    | LIVE_UPDATE_PUBLISHING,
    page_permissions=frozenset({"add_page", "change_page", "publish_page", "lock_page", "unlock_page"}),
    collection_permissions=frozenset(
        f"{app}.{action}_{model}"
        for app, model in (("wagtailimages", "image"), ("wagtaildocs", "document"))
        for action in ("add", "change", "choose")
    ),
)
_ADMIN = GroupSpec(
    name=ADMINS,
    permissions=_EDITOR.permissions
    | {f"articles.delete_{model}" for model in (*ENTITY_MODELS, *BUSINESS_MODELS)}
    | {"articles.merge_tags", "articles.promote_tags", "articles.delete_tags"}
    | {f"articles.{action}_agencyfeed" for action in ("add", "change", "delete", "view")}
    # Syndication partners and their feed tokens (Settings → Syndication partners).
    | {f"articles.{action}_partner" for action in ("add", "change", "delete", "view")},
    # Wagtail's "bulk delete" (delete pages with children) also marks who may delete published pages:
    # see can_delete_page().
    page_permissions=_EDITOR.page_permissions | {"bulk_delete_page"},
    collection_permissions=_EDITOR.collection_permissions
    | {"wagtailimages.delete_image", "wagtaildocs.delete_document"},
)
GROUPS: tuple[GroupSpec, ...] = (_CONTRIBUTOR, _EDITOR, _ADMIN)
APPROVER_GROUPS = (EDITORS, ADMINS)


def ensure_editorial_groups(apps: Apps | None = None) -> dict[str, Any]:
    """Create or update the three groups, their root permissions and the "Editorial review" workflow.

    ``apps`` is the migration's model registry when called from a migration. Each group's model permissions and
    its permissions on the root page and root collection are set to exactly the definitions above; grants on
    other pages or collections are left alone. Returns the groups by name.
    """
    apps = apps or global_apps
    _create_missing_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    root_page = Page.objects.filter(depth=1).order_by("path").first()
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()

    groups: dict[str, Any] = {}
    for spec in GROUPS:
        group, _ = Group.objects.get_or_create(name=spec.name)
        groups[spec.name] = group
        # An earlier migration's models lack permissions added since; the migration adding them calls this again.
        historical = apps is not global_apps
        group.permissions.set(_lookup_permissions(Permission, spec.permissions, allow_missing=historical))
        if root_page is not None:
            page_perms = _lookup_permissions(
                Permission, {f"wagtailcore.{codename}" for codename in spec.page_permissions}
            )
            _sync_rows(GroupPagePermission, {"group": group, "page": root_page}, page_perms)
        if root_collection is not None:
            collection_perms = _lookup_permissions(Permission, spec.collection_permissions)
            _sync_rows(GroupCollectionPermission, {"group": group, "collection": root_collection}, collection_perms)

    _ensure_workflow(apps, root_page, [groups[name] for name in APPROVER_GROUPS])
    return groups


def create_demo_users() -> list[Any]:
    """Demo accounts ``contributor`` and ``editor`` (password ``newsroom-demo``) in their groups, for load_demo.

    An existing account keeps its password; only its group membership is ensured.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    names = [group_name for _, group_name in DEMO_USERS]
    if Group.objects.filter(name__in=names).count() < len(names):
        ensure_editorial_groups()
    User = get_user_model()
    users = []
    for username, group_name in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@example.com", "first_name": username.capitalize(), "last_name": "Demo"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=group_name))
        users.append(user)
    return users


def entity_create_action(user: AbstractBaseUser | AnonymousUser, model: Any) -> str:
    """What this user may do with a new name of an entity model: ``"create"`` it (accepted at once, "add"
    permission), ``"propose"`` it (linked at once, public once an editor accepts it), or ``""``: neither."""
    meta = model._meta
    if user.has_perm(f"{meta.app_label}.add_{meta.model_name}"):
        return "create"
    if user.has_perm(f"{meta.app_label}.propose_{meta.model_name}"):
        return "propose"
    return ""


def can_review_proposals(user: AbstractBaseUser | AnonymousUser, model: Any) -> bool:
    """Whether this user may accept or reject proposed entities of this model (its "change" permission)."""
    return user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")


def can_delete_page(user: AbstractBaseUser | AnonymousUser, page: Page) -> bool:
    """Whether this user may delete the page, on top of Wagtail's own checks.

    Wagtail lets anyone with "change" and "publish" delete a live page. We keep deleting anything readers have
    seen (the page or a descendant was ever published) to Admins, who hold "bulk delete" on the page; a draft
    that never went out may still be deleted by whoever Wagtail allows.
    """
    from wagtail.permissions import page_permission_policy

    if not user.is_active:
        return False
    if user.is_superuser or page_permission_policy.user_has_permission_for_instance(user, "bulk_delete", page):
        return True
    if page.live or page.first_published_at is not None:
        return False
    seen = Q(live=True) | Q(first_published_at__isnull=False)
    return page.numchild == 0 or not page.get_descendants().filter(seen).exists()


def hidden_pages(user: AbstractBaseUser | AnonymousUser) -> Q | None:
    """The pages an admin listing must leave out for this user; ``None`` when they may edit every page.

    Another user's page that is not live, or whose unpublished title differs from the live one, would show a
    draft's title: those stay out unless the user may edit the page (Contributors: pages they own).
    """
    from wagtail.models import Page
    from wagtail.permissions import page_permission_policy

    if user.is_superuser:
        return None
    if page_permission_policy.user_has_permission_for_instance(user, "change", Page.get_first_root_node()):
        return None
    editable = page_permission_policy.instances_user_has_permission_for(user, "change").values("pk")
    return (Q(live=False) | ~Q(draft_title=F("title"))) & ~Q(pk__in=editable)


def visible_tags(user: AbstractBaseUser | AnonymousUser, tags: Any) -> Any:
    """The tags this user may list: all of them for those who curate tags (rename or batch tagging); for others
    only tags readers can already see (on live stories and topics) and tags on pages the user may edit."""
    from wagtail.permissions import page_permission_policy

    from .models import ArticleTag, TopicPage

    if user.has_perm("articles.rename_tags") or user.has_perm("articles.batch_tag"):
        return tags
    editable = page_permission_policy.instances_user_has_permission_for(user, "change").values("pk")
    on_stories = ArticleTag.objects.filter(Q(content_object__live=True) | Q(content_object__in=editable))
    on_topics = TopicPage.rule_tags.through.objects.filter(topicpage__live=True)
    return tags.filter(Q(pk__in=on_stories.values("tag_id")) | Q(pk__in=on_topics.values("tag_id")))


class NewsroomPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy, with other people's drafts left out of what a user can explore.

    The explorer, the admin page search, the admin pages API and the page history reports all list the
    "explorable" pages; editing, previewing and revisions already follow Wagtail's per-page checks.
    """

    def explorable_instances(self, user: Any) -> Any:
        pages = super().explorable_instances(user)
        hidden = hidden_pages(user)
        return pages if hidden is None else pages.exclude(hidden)


def _create_missing_permissions(apps: Apps) -> None:
    # Django creates permissions in post_migrate, after every migration has run; a data migration that grants
    # them has to create them itself (for the historical models when called from a migration).
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, apps=apps)


def _lookup_permissions(Permission: Any, names: frozenset[str] | set[str], *, allow_missing: bool = False) -> list[Any]:
    query = Q()
    for name in names:
        app_label, codename = name.split(".", 1)
        query |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.filter(query).select_related("content_type")) if names else []
    missing = set(names) - {f"{perm.content_type.app_label}.{perm.codename}" for perm in found}
    if missing and not allow_missing:
        raise ImproperlyConfigured(f"Editorial groups refer to unknown permissions: {', '.join(sorted(missing))}")
    return found


def _sync_rows(model: Any, scope: dict[str, Any], permissions: list[Any]) -> None:
    """Make the permission rows of ``model`` within ``scope`` (a group on one page or collection) exactly these."""
    wanted = {perm.pk for perm in permissions}
    model.objects.filter(**scope).exclude(permission_id__in=wanted).delete()
    existing = set(model.objects.filter(**scope).values_list("permission_id", flat=True))
    model.objects.bulk_create([model(**scope, permission_id=pk) for pk in sorted(wanted - existing)])


def _ensure_workflow(apps: Apps, root_page: Any, approver_groups: list[Any]) -> None:
    """One active workflow with the "Editor approval" task, assigned to the root so it covers every page."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])

    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME, active=True, content_type=ContentType.objects.get_for_model(GroupApprovalTask)
        )
    elif not task.active:
        task.active = True
        task.save(update_fields=["active"])
    task.groups.set(approver_groups)

    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        last = WorkflowTask.objects.filter(workflow=workflow).order_by("-sort_order").first()
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=(last.sort_order + 1) if last else 0)

    if root_page is not None:
        # Replaces Wagtail's default "Moderators approval" on the root; the page is the row's primary key.
        WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})
