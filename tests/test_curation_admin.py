"""The curation admin: tag manager, merges, promotion, batch tagging, background jobs and who may do what."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import resolve, reverse
from taggit.models import Tag
from wagtail.admin.views.generic import IndexView
from wagtail.models import GroupPagePermission, ModelLogEntry, Page

from articles import curation, tasks
from articles.models import ArticlePage, CurationChange, Film, LegacySlug, Person

from .factories import ArticlePageFactory, FilmFactory, PersonFactory

CONTRIBUTOR = ["wagtailadmin.access_admin"]
EDITOR = [*CONTRIBUTOR, "articles.rename_tags", "articles.batch_tag"]
ADMIN = [*EDITOR, "articles.merge_tags", "articles.promote_tags", "articles.delete_tags"]


def make_user(django_user_model, name: str, perms: list[str], *, page_perms: bool = False):
    """A user holding exactly these permissions (and, if asked, add/change/publish on every page)."""
    user = django_user_model.objects.create_user(f"{name}-user", f"{name}@example.com", "pw")
    group = Group.objects.create(name=f"group-{name}")
    for perm in perms:
        app_label, codename = perm.split(".")
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    if page_perms:
        root = Page.get_first_root_node()
        for codename in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.create(
                group=group, page=root, permission=Permission.objects.get(codename=codename)
            )
    user.groups.add(group)
    return user


@pytest.fixture
def users(django_user_model):
    """One user in each real editorial group (made by migration 0003), plus one with admin access only."""

    def member(name: str, group: str):
        user = django_user_model.objects.create_user(f"{name}-user", f"{name}@example.com", "pw")
        user.groups.add(Group.objects.get(name=group))
        return user

    return {
        "other": make_user(django_user_model, "other", CONTRIBUTOR),  # e.g. a "Sales" group with admin access
        "contributor": member("contributor", "Contributors"),
        "editor": member("editor", "Editors"),
        "admin": member("admin", "Admins"),
    }


@pytest.fixture
def content(topic_page):
    """Tags, two people and articles for every curation action to work on."""
    first = ArticlePageFactory(parent=topic_page, title="Alien sequel", links={"tags": ["Sci-Fi"]})
    second = ArticlePageFactory(parent=topic_page, title="Space drama", links={"tags": ["sci fi"]})
    keeper, loser = PersonFactory(name="Steven Spielberg"), PersonFactory(name="Steven Speilberg")
    ArticlePageFactory(parent=topic_page, title="Jaws at fifty", links={"people": [loser], "tags": ["Sharks"]})
    Tag.objects.create(name="Orphan")
    FilmFactory(name="Sharks")
    return {"articles": [first, second], "keeper": keeper, "loser": loser}


def snapshot() -> tuple:
    """Everything a curation action could change."""
    return (
        sorted(Tag.objects.values_list("pk", "name", "slug")),
        sorted(ArticlePage.tags.through.objects.values_list("content_object_id", "tag_id")),
        sorted(ArticlePage.people.through.objects.values_list("articlepage_id", "person_id")),
        sorted(ArticlePage.films.through.objects.values_list("articlepage_id", "film_id")),
        sorted(Person.objects.values_list("pk", "name", "aliases")),
        LegacySlug.objects.count(),
        ModelLogEntry.objects.filter(action__startswith="newsroom.").count(),
    )


def tag(name: str) -> Tag:
    return Tag.objects.get(name=name)


ACTIONS = {
    "rename": (
        "editor",
        lambda c: (reverse("curation_tag_rename", args=[tag("Sci-Fi").pk]), {"new_name": "Science fiction"}),
    ),
    "merge": (
        "admin",
        lambda c: (
            reverse("curation_tag_merge"),
            {"sources": [tag("Sci-Fi").pk, tag("sci fi").pk], "into_name": "SF"},
        ),
    ),
    "delete_unused": ("admin", lambda c: (reverse("curation_tag_delete_unused"), {})),
    "promote": (
        "admin",
        lambda c: (reverse("curation_tag_promote", args=[tag("Sharks").pk]), {"kind": "film", "film": [c["film"]]}),
    ),
    "merge_entities": (
        "admin",
        lambda c: (
            reverse("curation_entity_merge"),
            {"kind": "person", "source": [c["loser"].pk], "target": [c["keeper"].pk]},
        ),
    ),
    "batch_tag": (
        "editor",
        lambda c: (
            reverse("wagtail_bulk_action", args=["wagtailcore", "page", "batch_tag"])
            + f"?id={c['articles'][0].pk}&id={c['articles'][1].pk}",
            {"operation": "add", "tags": "Batch added"},
        ),
    ),
}


def merge_into_sf() -> dict:
    """The confirmed merge form's data: both spellings of science fiction into a new tag "SF"."""
    return {"sources": [tag("Sci-Fi").pk, tag("sci fi").pk], "into_name": "SF", "confirm": "1"}


RANK = {"anonymous": -1, "other": 0, "contributor": 1, "editor": 2, "admin": 3}


@pytest.mark.parametrize("role", list(RANK))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_permission_matrix_with_raw_posts(client, users, content, action, role):
    """Each curation action, posted directly by each group: allowed ones change data; others get 403 (or the
    login page when not logged in) and nothing changes."""
    needed, build = ACTIONS[action]
    url, data = build({**content, "film": Film.objects.get(name="Sharks").pk})
    if role != "anonymous":
        client.force_login(users[role])
    before = snapshot()

    response = client.post(url, {**data, "confirm": "1"})

    if RANK[role] >= RANK[needed]:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert snapshot() != before
    elif role == "anonymous":
        assert response.status_code == 302
        assert reverse("wagtailadmin_login") in response["Location"]
        assert snapshot() == before
    else:
        assert response.status_code == 403
        assert snapshot() == before


def test_contributors_cannot_open_the_tag_manager(client, users, content):
    """The tag manager lists every tag, drafts' too: a Contributor gets a 403 and no tag names."""
    client.force_login(users["contributor"])
    for url in (reverse("curation_tags"), reverse("curation_tag_duplicates")):
        response = client.get(url)
        assert response.status_code == 403
        assert b"Orphan" not in response.content
    assert client.get(reverse("curation_tag_rename", args=[tag("Sci-Fi").pk])).status_code == 403


def test_editors_see_the_tag_manager_without_admin_buttons(client, users, content):
    """An Editor sees every tag and may rename, but not merge, promote or delete."""
    client.force_login(users["editor"])
    page = client.get(reverse("curation_tags")).content.decode()
    assert "Sci-Fi" in page and "Orphan" in page
    assert "Rename" in page
    for control in ("Promote to entity", "Merge…", "Delete if unused"):
        assert control not in page
    assert client.get(reverse("curation_tag_duplicates")).status_code == 200


def test_tag_manager_search_sort_and_usage(admin_client, content):
    """Search narrows by name; sorting by usage puts the least used tags first; counts are shown."""
    page = admin_client.get(reverse("curation_tags"), {"q": "sci"}).content.decode()
    assert "Sci-Fi" in page and "Orphan" not in page
    response = admin_client.get(reverse("curation_tags"), {"ordering": "usage"})
    names = [tag.name for tag in response.context["object_list"]]
    assert names[0] == "Orphan"
    assert response.context["object_list"][0].live_count == 0
    for ordering in ("name", "-name", "-usage", "last_used", "-last_used", "junk"):
        assert admin_client.get(reverse("curation_tags"), {"ordering": ordering, "p": "x"}).status_code == 200


def test_tag_manager_is_a_wagtail_generic_listing(client, users, content):
    """The tag manager is Wagtail's generic IndexView, rendered with its listing template."""
    client.force_login(users["editor"])
    response = client.get(reverse("curation_tags"))
    assert issubclass(resolve(reverse("curation_tags")).func.view_class, IndexView)
    assert "wagtailadmin/generic/index.html" in [template.name for template in response.templates]


@pytest.mark.parametrize(
    ("url_name", "trail"),
    [
        ("curation_tag_rename", ["Home", "Tags", "Rename tag “Sci-Fi”"]),
        ("curation_tag_promote", ["Home", "Tags", "Promote tag “Sci-Fi” to an entity"]),
        ("curation_tag_merge", ["Home", "Tags", "Merge tags"]),
        ("curation_tag_delete_unused", ["Home", "Tags", "Delete unused tags"]),
        ("curation_entity_merge", ["Home", "Merge entities"]),
    ],
)
def test_the_curation_forms_sit_in_wagtails_header(admin_client, content, url_name, trail):
    """Each tool's breadcrumbs lead back to the tag manager (entity merge stands on its own)."""
    url = (
        reverse(url_name, args=[tag("Sci-Fi").pk])
        if url_name in ("curation_tag_rename", "curation_tag_promote")
        else reverse(url_name)
    )
    crumbs = admin_client.get(url).context["breadcrumbs_items"]
    assert [crumb["label"] for crumb in crumbs] == trail
    if "Tags" in trail:
        assert crumbs[1]["url"] == reverse("curation_tags")


@pytest.mark.parametrize("url_name", ["curation_tags", "curation_tags_results"])
def test_an_editor_searches_sorts_and_pages_the_tag_manager(client, users, content, url_name):
    """An Editor searches, sorts (most used first) and pages through the listing and its results fragment."""
    for n in range(55):
        Tag.objects.create(name=f"Extra {n:02}")
    client.force_login(users["editor"])
    url = reverse(url_name)

    found = client.get(url, {"q": "sci"}).context["object_list"]
    assert sorted(tag.name for tag in found) == ["Sci-Fi", "sci fi"]
    most_used = client.get(url, {"ordering": "-usage"}).context["object_list"][0]
    assert most_used.name in {"Sci-Fi", "sci fi", "Sharks"} and most_used.usage == 1
    last = client.get(url, {"ordering": "-name", "p": "2"}).context["object_list"]
    assert [tag.name for tag in last][-1] == "Extra 00"
    assert client.get(url, {"p": "2"}).context["page_obj"].number == 2


@pytest.mark.parametrize("url_name", ["curation_tags", "curation_tags_results"])
def test_a_contributor_cannot_search_sort_or_page_the_tag_manager(client, users, content, url_name):
    """Every form of the listing answers a Contributor with a 403 and no tag names."""
    client.force_login(users["contributor"])
    for params in ({}, {"q": "orph"}, {"ordering": "-usage"}, {"p": "2"}):
        response = client.get(reverse(url_name), params)
        assert response.status_code == 403
        assert b"Orphan" not in response.content


def test_tag_manager_queries_do_not_grow_with_the_number_of_tags(admin_client, content, django_assert_max_num_queries):
    """The listing is a fixed number of queries however many tags are on the page."""
    for n in range(60):
        Tag.objects.create(name=f"Extra {n}")
    with django_assert_max_num_queries(25):
        assert admin_client.get(reverse("curation_tags")).status_code == 200


def test_merge_from_the_admin_shows_a_message_and_redirects_the_old_urls(client, admin_client, content):
    """Merging two selected tags into a new name works from the merge page, and the old URLs redirect."""
    ids = [tag("Sci-Fi").pk, tag("sci fi").pk]
    confirm = admin_client.get(reverse("curation_tag_merge"), {"id": ids})
    assert confirm.status_code == 200 and "Sci-Fi" in confirm.content.decode()
    data = {"sources": ids, "into_name": "Science fiction"}
    review = admin_client.post(reverse("curation_tag_merge"), data)
    assert review.status_code == 200
    assert "Merged “Sci-Fi”, “sci fi” into “Science fiction”: 2 articles" in review.content.decode()
    assert client.get("/tags/sci-fi/").status_code == 200  # not merged yet
    response = admin_client.post(reverse("curation_tag_merge"), {**data, "confirm": "1"}, follow=True)
    assert "Merged" in response.content.decode()
    assert client.get("/tags/sci-fi/")["Location"] == "/tags/science-fiction/"


def test_merge_without_a_target_is_a_form_error(admin_client, content):
    """Posting sources without a target re-shows the form with a message and changes nothing."""
    before = snapshot()
    response = admin_client.post(reverse("curation_tag_merge"), {"sources": [tag("Sci-Fi").pk]})
    assert response.status_code == 400
    assert "Choose the tag to merge into" in response.content.decode()
    assert snapshot() == before


def test_rename_onto_an_existing_tag_is_a_form_error_suggesting_merge(admin_client, content):
    """The rename form refuses another tag's name and says to merge instead."""
    response = admin_client.post(reverse("curation_tag_rename", args=[tag("Sci-Fi").pk]), {"new_name": "SCI FI"})
    assert response.status_code == 400
    assert "Merge" in response.content.decode()


def test_duplicates_view_merges_a_group_once_confirmed(admin_client, content):
    """The likely duplicates page lists Sci-Fi and sci fi together; posting the group shows what would change,
    and confirming merges it."""
    response = admin_client.get(reverse("curation_tag_duplicates"))
    groups = [{t.name for t in group} for group in response.context["groups"]]
    assert {"Sci-Fi", "sci fi"} in groups
    data = {"sources": [tag("Sci-Fi").pk, tag("sci fi").pk], "into": tag("Sci-Fi").pk}
    admin_client.post(reverse("curation_tag_merge"), data)
    assert Tag.objects.filter(name="sci fi").exists()  # the first post only shows what would change
    admin_client.post(reverse("curation_tag_merge"), {**data, "confirm": "1"})
    assert not Tag.objects.filter(name="sci fi").exists()
    assert [t.name for t in ArticlePage.objects.get(pk=content["articles"][1].pk).tags.all()] == ["Sci-Fi"]


def test_promote_and_entity_merge_forms_render(admin_client, content):
    """The promote and merge pages answer, the merge page with the chosen source filled in."""
    assert admin_client.get(reverse("curation_tag_promote", args=[tag("Sharks").pk])).status_code == 200
    url = reverse("curation_entity_merge") + f"?kind=person&source={content['loser'].pk}"
    page = admin_client.get(url).content.decode()
    assert "Steven Speilberg" in page
    assert admin_client.get(reverse("curation_entity_merge") + "?kind=bogus").status_code == 200


def test_entity_merge_refuses_self_and_cross_type_in_the_form(admin_client, content):
    """Merging a person into themself is a form error; nothing is deleted."""
    keeper = content["keeper"]
    response = admin_client.post(
        reverse("curation_entity_merge"), {"kind": "person", "source": [keeper.pk], "target": [keeper.pk]}
    )
    assert response.status_code == 400
    assert "into itself" in response.content.decode()
    assert Person.objects.count() == 2


def test_entity_listing_offers_merge(admin_client, content):
    """The people listing has a "Merge into another…" link to the merge page for each person."""
    page = admin_client.get(reverse("wagtailsnippets_articles_person:list")).content.decode()
    assert "Merge into another" in page
    assert reverse("curation_entity_merge") in page


def test_old_revisions_open_compare_and_revert_after_a_person_merge(admin_client, content):
    """After a merge, an affected article's old revision opens in the admin's view, compare and revert pages."""
    story = ArticlePage.objects.get(title="Jaws at fifty")
    old = story.latest_revision
    story.title = "Jaws at fifty, revised"
    story.save_revision().publish()
    admin_client.post(
        reverse("curation_entity_merge"),
        {"kind": "person", "source": [content["loser"].pk], "target": [content["keeper"].pk], "confirm": "1"},
    )
    pages = [
        reverse("wagtailadmin_pages:revisions_view", args=[story.pk, old.pk]),
        reverse("wagtailadmin_pages:revisions_compare", args=[story.pk, old.pk, "latest"]),
        reverse("wagtailadmin_pages:revisions_revert", args=[story.pk, old.pk]),
        reverse("wagtailadmin_pages:edit", args=[story.pk]),
    ]
    for url in pages:
        assert admin_client.get(url).status_code == 200, url


def test_batch_tag_action_appears_and_renders(admin_client, content):
    """The page listing offers "Tag and link"; its confirmation lists the articles and the form."""
    parent = content["articles"][0].get_parent()
    assert "Tag and link" in admin_client.get(reverse("wagtailadmin_explore", args=[parent.pk])).content.decode()
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "batch_tag"])
    page = admin_client.get(f"{url}?id={content['articles'][0].pk}").content.decode()
    assert "Alien sequel" in page and 'name="tags"' in page


def test_batch_tag_with_nothing_chosen_is_a_form_error(admin_client, content):
    """Applying the bulk action without a tag or entity re-shows the form with a message."""
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "batch_tag"])
    before = snapshot()
    response = admin_client.post(f"{url}?id={content['articles'][0].pk}", {"operation": "add"})
    assert response.status_code == 200
    assert "Choose at least one tag" in response.content.decode()
    assert snapshot() == before


def test_big_operations_run_as_background_jobs_with_a_status_page(admin_client, client, users, content, monkeypatch):
    """Over the threshold, a merge is queued: the status page and its JSON report progress and the outcome."""
    monkeypatch.setattr(tasks, "BACKGROUND_THRESHOLD", 1)
    response = admin_client.post(
        reverse("curation_tag_merge"),
        merge_into_sf(),
    )
    assert response.status_code == 302
    job_url = response["Location"]
    job_id = job_url.rstrip("/").rsplit("/", 1)[-1]
    page = admin_client.get(job_url)
    assert page.status_code == 200 and "Done" in page.content.decode()
    status = admin_client.get(reverse("curation_job_status", args=[job_id])).json()
    assert status["state"] == "done"
    assert (status["done"], status["total"]) == (2, 2)
    assert "Merged" in status["summary"]
    assert not Tag.objects.filter(name="Sci-Fi").exists()

    client.force_login(users["admin"])  # someone else's job is not theirs to see
    assert client.get(reverse("curation_job_status", args=[job_id])).status_code == 404
    assert admin_client.get(reverse("curation_job_status", args=["nope"])).status_code == 404


def test_a_failing_background_job_changes_nothing(admin_client, content, monkeypatch):
    """If a job fails halfway, every change is rolled back and the status says it failed."""
    monkeypatch.setattr(tasks, "BACKGROUND_THRESHOLD", 1)

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(curation.tags, "_log_articles", explode)
    before = snapshot()
    response = admin_client.post(
        reverse("curation_tag_merge"),
        merge_into_sf(),
    )
    job_id = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    status = admin_client.get(reverse("curation_job_status", args=[job_id])).json()
    assert status["state"] == "failed"
    assert "nothing was changed" in status["error"]
    assert snapshot() == before


def test_curation_is_in_the_site_history(admin_client, content):
    """The admin's site history lists curation actions with their article counts."""
    curation.merge_tags([tag("Sci-Fi"), tag("sci fi")], into="Science fiction")
    page = admin_client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Merged Sci-Fi, sci fi into “Science fiction” (2 articles, 0 topics)" in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_public_pages_show_a_merge_at_once_with_the_page_cache_on(client, settings, topic_page):
    """A cached article page shows the merged tag on the next request."""
    from django.core.cache import cache

    settings.NEWSROOM_PAGE_CACHE = True
    cache.clear()
    story = ArticlePageFactory(parent=topic_page, title="Cached story", links={"tags": ["Sci-Fi"]})
    assert "Sci-Fi" in client.get(story.url).content.decode()
    assert client.get(story.url)["X-Page-Cache"] == "hit"
    curation.merge_tags([tag("Sci-Fi")], into="Science fiction")
    page = client.get(story.url).content.decode()
    assert "Science fiction" in page and "Sci-Fi" not in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_curation_purges_the_pages_that_show_the_change_and_no_others(client, settings, topic_page):
    """Entity, tag, topic and article pages touched by a promotion or batch tagging are fresh; others stay cached."""
    from django.core.cache import cache

    settings.NEWSROOM_PAGE_CACHE = True
    cache.clear()
    film = FilmFactory(name="Steel Soldiers", slug="steel-soldiers")
    bystander = FilmFactory(name="Quiet Film", slug="quiet-film")
    story = ArticlePageFactory(parent=topic_page, title="Robots rise", links={"tags": ["Steel Soldiers"]})
    other = ArticlePageFactory(parent=topic_page, title="Unrelated", links={"films": [bystander]})
    pages = [film.get_absolute_url(), story.url, topic_page.url, bystander.get_absolute_url(), other.url]
    for url in pages:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url

    curation.promote_tag(tag("Steel Soldiers"), kind="film", entity=film)

    assert client.get(film.get_absolute_url())["X-Page-Cache"] != "hit"
    assert "Robots rise" in client.get(film.get_absolute_url()).content.decode()
    assert client.get(story.url)["X-Page-Cache"] != "hit"
    assert client.get(bystander.get_absolute_url())["X-Page-Cache"] == "hit"

    client.get(film.get_absolute_url())
    curation.batch_tag([story], remove=[Film.objects.get(pk=film.pk)])
    response = client.get(film.get_absolute_url())
    assert response["X-Page-Cache"] != "hit"
    assert "Robots rise" not in response.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_big_merge_waits_in_the_database_queue_until_the_worker_runs_it(client, users, content, settings):
    """With the database task backend the request only queues the job; `manage.py worker` carries it out."""
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(users["admin"])
    original = tasks.BACKGROUND_THRESHOLD
    tasks.BACKGROUND_THRESHOLD = 1
    try:
        response = client.post(
            reverse("curation_tag_merge"),
            merge_into_sf(),
        )
    finally:
        tasks.BACKGROUND_THRESHOLD = original
    job_id = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert client.get(reverse("curation_job_status", args=[job_id])).json()["state"] == "queued"
    assert Tag.objects.filter(name="Sci-Fi").exists()

    call_command("worker", "--once", "--tasks-only", verbosity=0)

    status = client.get(reverse("curation_job_status", args=[job_id])).json()
    assert status["state"] == "done", status
    assert not Tag.objects.filter(name__in=["Sci-Fi", "sci fi"]).exists()
    assert sorted(t.name for t in ArticlePage.objects.get(pk=content["articles"][0].pk).tags.all()) == ["SF"]


# Confirmation and undo.


@pytest.mark.parametrize("action", [name for name in ACTIONS if name != "delete_unused"])
def test_an_unconfirmed_post_shows_what_would_change_and_changes_nothing(admin_client, content, action):
    """Every curation form's first submit answers with the dry run's report and a confirm button, nothing more."""
    url, data = ACTIONS[action][1]({**content, "film": Film.objects.get(name="Sharks").pk})
    before = snapshot()

    response = admin_client.post(url, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "What this will change" in page and 'name="confirm"' in page
    assert snapshot() == before
    assert not CurationChange.objects.exists()
    if "Old URLs that will redirect" in page:  # shown as the public paths, not bare slugs
        assert re.search(r"Old URLs that will redirect</dt><dd>/(tags|studios|people|films)/", page), page


def test_undo_from_the_history_brings_back_the_merged_tag_and_its_url(client, admin_client, content):
    """The history offers "Undo…"; its page shows the undo's dry run; confirming restores the tag and its URL."""
    merged = tag("sci fi")
    curation.merge_tags([merged], into=tag("Sci-Fi"), user=get_user_model().objects.get(username="admin"))
    assert client.get(f"/tags/{merged.slug}/").status_code == 301
    change = CurationChange.objects.get()
    undo_url = reverse("curation_undo", args=[change.pk])
    assert undo_url in admin_client.get(reverse("curation_history")).content.decode()
    assert undo_url in admin_client.get(reverse("curation_tags")).content.decode()  # from the recent entries too

    preview = admin_client.get(undo_url)
    assert preview.status_code == 200 and "restored the tag “sci fi”" in preview.content.decode()
    assert not Tag.objects.filter(pk=merged.pk).exists()

    response = admin_client.post(undo_url)

    assert response.status_code == 302 and response["Location"] == reverse("curation_history")
    assert Tag.objects.get(pk=merged.pk).slug == merged.slug
    assert client.get(f"/tags/{merged.slug}/").status_code == 200
    assert "sci fi" in [t.name for t in ArticlePage.objects.get(pk=content["articles"][1].pk).tags.all()]
    assert admin_client.post(undo_url).status_code == 409  # not twice


def test_undo_refusals_are_409s_that_name_the_conflict(admin_client, content):
    """A tag taken since and a change older than 30 days are refused with a message; nothing changes."""
    curation.rename_tag(tag("Sci-Fi"), new_name="Science fiction")
    Tag.objects.create(name="Sci-Fi")
    change = CurationChange.objects.get()
    before = snapshot()

    response = admin_client.post(reverse("curation_undo", args=[change.pk]))

    assert response.status_code == 409
    assert "the name “Sci-Fi” is now used by the tag “Sci-Fi”" in response.content.decode()
    assert snapshot() == before
    CurationChange.objects.filter(pk=change.pk).update(created_at=change.created_at - timedelta(days=31))
    response = admin_client.get(reverse("curation_undo", args=[change.pk]))
    assert response.status_code == 409 and "30 days only" in response.content.decode()


def test_only_those_who_may_make_a_change_may_undo_it(client, users, content):
    """An editor may undo a rename but not a merge (403); an unknown change is a 404."""
    curation.rename_tag(tag("Sci-Fi"), new_name="Science fiction")
    rename = CurationChange.objects.get()
    curation.merge_tags([tag("sci fi")], into=tag("Science fiction"))
    merge = CurationChange.objects.exclude(pk=rename.pk).get()
    client.force_login(users["editor"])

    assert client.get(reverse("curation_undo", args=[merge.pk])).status_code == 403
    assert client.post(reverse("curation_undo", args=[merge.pk])).status_code == 403
    assert CurationChange.objects.get(pk=merge.pk).undone_at is None
    assert client.get(reverse("curation_undo", args=[rename.pk + merge.pk + 1])).status_code == 404
    client.force_login(users["contributor"])
    assert client.get(reverse("curation_history")).status_code == 403


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_public_pages_show_an_undo_at_once_with_the_page_cache_on(client, settings, topic_page):
    """A cached article and tag page show the restored tag on the next request after an undo."""
    from django.core.cache import cache

    settings.NEWSROOM_PAGE_CACHE = True
    cache.clear()
    story = ArticlePageFactory(parent=topic_page, title="Cached story", links={"tags": ["Sci-Fi"]})
    result = curation.merge_tags([tag("Sci-Fi")], into="Science fiction")
    for url in (story.url, "/tags/science-fiction/"):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url

    curation.undo_change(CurationChange.objects.get(pk=result.change_id))

    page = client.get(story.url).content.decode()
    assert "Sci-Fi" in page and "Science fiction" not in page
    assert client.get("/tags/sci-fi/").status_code == 200
    assert client.get("/tags/science-fiction/").status_code == 404  # the tag the merge made is gone again
