"""Importing news items: messy plain-text stories, HTML and JSON files, idempotency, dry runs and malformed files.

The plain-text stories in tests/fixtures/import/ are our own retellings of four real news items, with the same page
furniture (share prompts, photo captions and credits, bylines, datelines, trailing navigation and related links).
The real items (../shared/stories/, beside the checkout) get one extra check where they are present.
"""

from __future__ import annotations

import datetime as dt
import shutil
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError

from articles import linking
from articles.importing import import_paths, parse_text
from articles.models import ArticlePage, Author, Film, Person, Studio
from tests.factories import FilmFactory, PersonFactory, StudioFactory, TopicPageFactory

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
STORY_FILES = sorted(FIXTURES.glob("0*.txt"))
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))

# What each story is about, as an editor would tag it: {file prefix: {field: names}}. The fixtures and the real
# stories tell the same four stories.
STORY_ENTITIES = {
    "000": {
        "studios": {"STX Entertainment", "Alibaba Pictures", "ImageMovers", "Alibaba Group"},
        "people": {"Robert Zemeckis", "Jack Rapke", "Jackie Levine", "Zhang Wei", "Adam Fogelson"},
        "films": {"Steel Soldiers", "Flight"},
    },
    "001": {
        "studios": {"Alibaba Group", "Alibaba Pictures", "STX Entertainment", "Amblin Partners"},
        "people": {"Robert Zemeckis", "Steven Spielberg"},
        "films": {"Steel Soldiers", "Mission: Impossible – Rogue Nation", "Back to the Future"},
    },
    "002": {
        "studios": {"Alibaba Pictures"},
        "people": {"Kim Soo-hyun", "Zhang Qiang", "Lee Jeong-sub"},
        "films": {"Real", "Mission: Impossible – Rogue Nation"},
    },
    "003": {
        "studios": {"Alibaba Pictures", "Alibaba Group", "Amblin Partners"},
        "people": {"Steven Spielberg", "Jack Ma"},
        "films": {"The BFG", "Schindler's List", "E.T. the Extra-Terrestrial", "Saving Private Ryan"},
    },
}


@pytest.fixture
def entities(db):
    """The studios, people and films of the stories, with the aliases an editor would enter."""
    linking.invalidate()
    aliases = {"STX Entertainment": "STXfilms\nSTX", "Amblin Partners": "Amblin Entertainment"}
    made = {}
    for field_name, factory in (("studios", StudioFactory), ("people", PersonFactory), ("films", FilmFactory)):
        names = set().union(*(story[field_name] for story in STORY_ENTITIES.values()))
        for name in sorted(names):
            made[name] = factory(name=name, aliases=aliases.get(name, ""))
    return made


@pytest.fixture
def stories(tmp_path):
    """Copies of the plain-text stories, so tests can add broken files beside them."""
    paths = []
    for story in STORY_FILES:
        target = tmp_path / story.name
        shutil.copy(story, target)
        paths.append(target)
    return paths


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_articles", *args, stdout=out)
    return out.getvalue()


def linked(page: ArticlePage) -> dict[str, set[str]]:
    return {
        "studios": set(page.studios.values_list("name", flat=True)),
        "people": set(page.people.values_list("name", flat=True)),
        "films": set(page.films.values_list("name", flat=True)),
    }


def test_stories_become_drafts_with_their_entities(topic_page, entities, stories):
    """Four story files make four drafts under "Movie News", each linked to every entity the story is about."""
    output = run(*map(str, stories))
    assert "4 created" in output
    pages = {page.title: page for page in ArticlePage.objects.filter(import_key__gt="")}
    assert len(pages) == 4
    for page in pages.values():
        assert not page.live
        assert page.get_parent().pk == topic_page.pk
        assert page.has_unpublished_changes and page.latest_revision_id
    by_prefix = {}
    for story in stories:
        item = parse_text(story.read_text(encoding="utf-8"))
        by_prefix[story.name[:3]] = pages[item.headline]
    for prefix, expected in STORY_ENTITIES.items():
        found = linked(by_prefix[prefix])
        for field_name, names in expected.items():
            assert names <= found[field_name], (prefix, field_name, names - found[field_name])
    assert "Real" not in linked(by_prefix["000"])["films"]
    assert "Real" in linked(by_prefix["002"])["films"]


def test_text_is_cleaned_of_page_furniture(topic_page, entities, stories):
    """Headline, standfirst, byline and dateline are picked up; share prompts, photo credits, captions,
    repeated headlines, trailing navigation and related links are gone."""
    run(*map(str, stories))
    steel = ArticlePage.objects.get(title="STX and Alibaba Pictures Team Up to Co-Produce Steel Soldiers")
    body = " ".join(block.value.source for block in steel.body)
    assert steel.standfirst.startswith("STX Entertainment and Alibaba Pictures pair up on Steel Soldiers, an action")
    assert "Movie News" not in body and "Marvel and DC" not in body and not body.rstrip().endswith("X</p>")
    assert "Share this article" not in body and "Tweet" not in body
    assert body.count("Co-Produce Steel Soldiers") == 0
    assert body.startswith("<p>STX Entertainment and Alibaba Pictures said today")
    assert all(block.block_type == "paragraph" for block in steel.body)

    capital = ArticlePage.objects.get(title="Alibaba Readies Its First Original Hollywood Film: Steel Soldiers")
    assert [a.name for a in capital.authors.all()] == ["CapitalWatch Staff"]
    assert Author.objects.get(name="CapitalWatch Staff").kind == Author.Kind.AGENCY
    assert capital.date == dt.datetime(2018, 2, 7, 14, 48, tzinfo=ZoneInfo("America/Los_Angeles"))
    assert capital.standfirst.startswith("Alibaba has teamed up with Burbank-based STX Entertainment")
    body = " ".join(block.value.source for block in capital.body)
    assert "Image result for" not in body and "<p>Robert Zemeckis</p>" not in body
    assert "CapitalWatch Staff" not in body and "author:" not in body and "Feb 07" not in body
    assert body.count("Readies Its First Original") == 0

    real = ArticlePage.objects.get(title__startswith="Alibaba Pictures picks up the China rights")
    body = " ".join(block.value.source for block in real.body)
    assert not real.title.startswith("•")
    assert "Like Us on Facebook" not in body and "Photo :" not in body and "example.com" not in body
    assert body.startswith("<p>In a statement on Monday")  # the caption repeated with its credit is gone

    spielberg = ArticlePage.objects.get(
        title="Steven Spielberg and Jack Ma: Why Hollywood's Best-Known Director Is Teaming Up With Alibaba"
    )
    body = " ".join(block.value.source for block in spielberg.body)
    assert "Latest News" not in body and "Share this article" not in body and "Related stories" not in body
    assert "ticket sales climb" not in body and "Amblin names new chief" not in body
    assert body.rstrip().endswith("set-top boxes.</p>")


def test_reimporting_changes_nothing(topic_page, entities, stories):
    """Importing the same files again reports every item unchanged and leaves the pages as they were."""
    run(*map(str, stories))
    before = list(ArticlePage.objects.order_by("pk").values_list("pk", "title", "latest_revision_id"))
    counts = (Author.objects.count(), Studio.objects.count(), Person.objects.count(), Film.objects.count())
    output = run(*map(str, stories))
    assert "4 unchanged" in output and "created" not in output
    assert list(ArticlePage.objects.order_by("pk").values_list("pk", "title", "latest_revision_id")) == before
    assert (Author.objects.count(), Studio.objects.count(), Person.objects.count(), Film.objects.count()) == counts


def test_dry_run_writes_nothing_and_reports(topic_page, entities, stories):
    """--dry-run lists what would be created, with entities and candidates, and saves nothing."""
    output = run("--dry-run", *map(str, stories))
    assert ArticlePage.objects.count() == 0
    assert Author.objects.count() == 0
    assert "4 would create" in output and "Dry run, nothing changed" in output
    assert "films: " in output and "Steel Soldiers" in output
    assert "new entity candidates:" in output and "Sheroum Kim (person" in output


def test_malformed_files_are_reported_and_do_not_spoil_the_others(topic_page, entities, stories, tmp_path):
    """Bad encoding, empty, binary, truncated JSON, a directory and a missing file are each reported by name and
    reason; the good files still import, and the command exits non-zero."""
    bad = {
        "latin1.txt": "Caf\xe9 owners sue\n\nThe body of the story.".encode("latin-1"),
        "empty.txt": b"   \n\n",
        "picture.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "truncated.json": b'[{"headline": "Half a story", "body": "Cut off',
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "folder").mkdir()
    paths = [stories[0], *(tmp_path / name for name in bad), tmp_path / "folder", tmp_path / "missing.txt", stories[1]]
    out = StringIO()
    with pytest.raises(CommandError, match="6 of 8"):
        call_command("import_articles", *map(str, paths), stdout=out)
    output = out.getvalue()
    assert "latin1.txt: failed — it is not UTF-8 text (byte 0xe9" in output
    assert "empty.txt: failed — the file is empty" in output
    assert "picture.txt: failed — it looks like a binary file" in output
    assert "truncated.json: failed — not valid JSON" in output
    assert "folder: failed — it is a directory" in output
    assert "missing.txt: failed — no such file" in output
    assert "2 created" in output
    assert ArticlePage.objects.count() == 2


def test_json_items_import_with_metadata_and_bad_items_are_reported(topic_page, entities, tmp_path):
    """A JSON file's good items import with byline, date, source and tags; a bad item is named with its reason."""
    report = import_paths([FIXTURES / "stories.json"])
    assert [item.status for item in report.items] == ["created", "failed"]
    assert report.items[1].source.endswith("stories.json item 2")
    assert report.items[1].message == "'body' is missing"
    page = ArticlePage.objects.get(pk=report.items[0].page_id)
    assert page.standfirst == "The two companies will co-finance films for Chinese and international audiences."
    assert page.source_url == "https://example.com/news/amblin-alibaba-slate"
    assert page.source_name == "Newsroom wire"
    assert page.date == dt.datetime(2016, 10, 9, 8, 30, tzinfo=dt.UTC)
    assert sorted(page.tags.names()) == ["China", "Co-production"]
    assert [a.name for a in page.authors.all()] == ["Newsroom Staff"]
    assert linked(page)["studios"] == {"Amblin Partners", "Alibaba Pictures"}
    assert linked(page)["people"] == {"Steven Spielberg"}
    assert len(page.body) == 2

    # Identified by source URL: text edited at the source since updates the same page (tests/importing/
    # test_duplicates.py has the details).
    edited = tmp_path / "stories-edited.json"
    edited.write_text((FIXTURES / "stories.json").read_text().replace("small", "tiny"), encoding="utf-8")
    children = topic_page.get_children().count()
    report = import_paths([edited])
    assert (report.items[0].status, report.items[0].page_id) == ("updated", page.pk)
    assert topic_page.get_children().count() == children


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"items": 3}', 'JSON must be a list of items or an object with an "items" list'),
        ("[]", "the JSON holds no items"),
        ('[{"headline": "H", "body": "B", "date": "yesterday"}]', "'date' is not an ISO 8601 date"),
        ('[{"headline": "H", "body": "B", "source_url": "ftp://x"}]', "'source_url' is not an http(s) URL"),
        ('[{"headline": "H", "body": "B", "tags": [1, 2]}]', "'tags' must be a string or a list of strings"),
        ('["just a string"]', "an item must be an object"),
    ],
)
def test_invalid_json_is_explained(topic_page, tmp_path, content, reason):
    """Each kind of bad JSON gets a reason an editor can act on."""
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    [item] = import_paths([path]).items
    assert item.failed and item.message.startswith(reason)


def test_html_page_is_extracted(topic_page, entities):
    """An HTML page's article is extracted without navigation or footer, with its byline, date and URL."""
    report = import_paths([FIXTURES / "article.html"])
    [item] = report.items
    assert item.status == "created", item.message
    page = ArticlePage.objects.get(pk=item.page_id)
    assert page.title == "STX Entertainment hires a new production chief"
    body = " ".join(block.value.source for block in page.body)
    assert "Copyright" not in body and "Television" not in body
    assert "Adam Fogelson, Chairman of STXfilms" in body
    assert page.source_url == "https://example.com/trade/stx-production-chief"
    assert [a.name for a in page.authors.all()] == ["Dana Reyes"]
    assert page.date.date() == dt.date(2018, 3, 1)
    assert {"STX Entertainment", "Alibaba Pictures", "ImageMovers"} <= linked(page)["studios"]
    assert {"Robert Zemeckis", "Adam Fogelson"} <= linked(page)["people"]


def test_publish_and_topic_options(home_page, topic_page, entities, stories):
    """--topic puts the articles under that topic; --publish makes them live."""
    other = TopicPageFactory(parent=home_page, title="Marvel and DC", slug="marvel-and-dc")
    output = run("--publish", "--topic", "marvel-and-dc", str(stories[2]))
    assert "1 published" in output
    [page] = ArticlePage.objects.all()
    assert page.live and page.get_parent().pk == other.pk
    with pytest.raises(CommandError, match='No topic with the slug "nope". Topics: movie-news, marvel-and-dc'):
        run("--topic", "nope", str(stories[0]))


def test_without_a_topic_every_item_fails_clearly(db, stories):
    """With no topic page yet, the report says so instead of crashing."""
    report = import_paths([stories[0]])
    assert report.items[0].message == "there is no topic page to import into"


def test_duplicate_items_within_one_import(topic_page, entities, stories, tmp_path):
    """The same story twice in one batch is created once."""
    copy = tmp_path / "copy.txt"
    shutil.copy(stories[0], copy)
    report = import_paths([stories[0], copy])
    assert [item.status for item in report.items] == ["created", "unchanged"]
    assert ArticlePage.objects.count() == 1


@pytest.mark.skipif("load_demo" not in get_commands(), reason="load_demo is not written yet")
def test_imports_cover_the_demo_tagging(db):
    """Against the demo's own content: each imported story links every entity the demo tags on its story."""
    call_command("load_demo", stdout=StringIO())
    linking.invalidate()
    demo = {page.pk: page for page in ArticlePage.objects.filter(import_key="")}
    report = import_paths(STORY_FILES, dry_run=True)
    for story, item in zip(STORY_FILES, report.items, strict=True):
        headline = parse_text(story.read_text(encoding="utf-8")).headline
        match = _demo_article(demo.values(), headline)
        assert match is not None, f"no demo article for {story.name}"
        for field_name, names in linked(match).items():
            assert names <= set(item.entities[field_name]), (
                story.name,
                field_name,
                names - set(item.entities[field_name]),
            )
        if story.name.startswith("000"):
            assert "Real" not in item.entities["films"]  # “real” elite troops


@pytest.mark.skipif(len(SEED_FILES) != 4, reason="the four real seed stories are not beside the checkout")
def test_the_real_seed_stories_import_with_their_entities(topic_page, entities):
    """The real news items the fixtures retell: each parses and finds the entities it is about."""
    report = import_paths(SEED_FILES, dry_run=True)
    assert [item.status for item in report.items] == ["would create"] * 4, [item.message for item in report.items]
    for seed, item in zip(SEED_FILES, report.items, strict=True):
        for field_name, names in STORY_ENTITIES[seed.name[:3]].items():
            assert names <= set(item.entities[field_name]), (seed.name, field_name)
    assert "Real" not in report.items[0].entities["films"]


def _demo_article(pages, headline: str):
    from django.utils.text import slugify

    words = set(slugify(headline).split("-"))
    best = max(pages, key=lambda page: len(words & set(page.slug.split("-"))), default=None)
    return best if best is not None and len(words & set(best.slug.split("-"))) >= 3 else None


# The admin upload page.


def _user(django_user_model, username: str, group_name: str):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(username=username, password="x")  # noqa: S106
    user.groups.add(Group.objects.get(name=group_name))
    return user


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_admin_import_page_imports_uploads_and_shows_the_report(client, django_user_model, topic_page, entities):
    """An Editor uploads several files at once and sees each one's outcome, failures named with their reason."""
    from django.urls import reverse

    client.force_login(_user(django_user_model, "ed", "Editors"))
    url = reverse("articles_import")
    response = client.get("/admin/")
    assert url in response.content.decode()  # the menu item
    response = client.get(url)
    assert response.status_code == 200 and 'enctype="multipart/form-data"' in response.content.decode()

    files = [_upload(story.name, story.read_bytes()) for story in STORY_FILES[:2]]
    files.append(_upload("broken.json", b'[{"headline": '))
    files.append(_upload("empty.txt", b""))
    response = client.post(url, {"files": files, "topic": topic_page.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 created, 2 failed" in html
    assert "broken.json" in html and "not valid JSON" in html
    assert "empty.txt" in html and "the file is empty" in html
    assert "Steel Soldiers" in html and "Sheroum Kim (person" in html
    pages = ArticlePage.objects.filter(import_key__gt="")
    assert pages.count() == 2 and not any(page.live for page in pages)
    assert all(page.owner.username == "ed" for page in pages)

    response = client.post(url, {"files": [_upload(STORY_FILES[0].name, STORY_FILES[0].read_bytes())]})
    assert "1 unchanged" in response.content.decode()


def test_admin_import_page_is_titled_import_stories(client, django_user_model, db):
    """The header names the page (not "Home", the last of Wagtail's default breadcrumbs)."""
    from django.urls import reverse

    client.force_login(_user(django_user_model, "ed", "Editors"))
    response = client.get(reverse("articles_import"))
    assert response.context["breadcrumbs_items"][-1]["label"] == "Import stories"


def test_admin_import_dry_run_and_size_limit(client, django_user_model, topic_page, entities, monkeypatch):
    """A dry run saves nothing; a file over the size limit is refused by name without being read."""
    from django.urls import reverse

    from articles.admin import importer

    client.force_login(_user(django_user_model, "ed", "Editors"))
    monkeypatch.setattr(importer, "MAX_FILE_BYTES", 1000)
    files = [
        _upload("big.txt", b"Headline\n\n" + b"word " * 400),
        _upload("story.txt", STORY_FILES[3].read_bytes()[:900]),
    ]
    response = client.post(reverse("articles_import"), {"files": files, "dry_run": "on"})
    html = response.content.decode()
    assert "big.txt" in html and "larger than" in html
    assert "Dry run" in html and "1 would create" in html
    assert ArticlePage.objects.count() == 0


def test_admin_import_requires_the_permission_and_a_file(client, django_user_model, topic_page):
    """Contributors may not import; an empty submission is a form error, not a crash."""
    from django.urls import reverse

    url = reverse("articles_import")
    client.force_login(_user(django_user_model, "co", "Contributors"))
    assert url not in client.get("/admin/").content.decode()
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (302, "/admin/")  # Wagtail's "permission denied"
    refused = client.post(url, {})
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")

    client.force_login(_user(django_user_model, "ed", "Editors"))
    response = client.post(url, {})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_admin_import_refuses_publishing_without_publish_rights(client, django_user_model, topic_page):
    """A user who may import but not publish gets a form error for "Publish"."""
    from django.contrib.auth.models import Group, Permission
    from django.urls import reverse
    from wagtail.models import GroupPagePermission, Page

    group = Group.objects.create(name="Importers")
    group.permissions.add(
        Permission.objects.get(codename="import_articles"), Permission.objects.get(codename="access_admin")
    )
    GroupPagePermission.objects.create(
        group=group, page=Page.get_first_root_node(), permission=Permission.objects.get(codename="add_page")
    )
    client.force_login(_user(django_user_model, "importer", "Importers"))
    response = client.post(
        reverse("articles_import"), {"files": [_upload("a.txt", STORY_FILES[0].read_bytes())], "publish": "on"}
    )
    assert response.status_code == 200
    assert "You cannot publish articles in" in response.content.decode()
    assert ArticlePage.objects.count() == 0


# One file's lookups are read once for the whole file.


def test_a_file_of_items_reads_its_lookups_once_and_keeps_every_item_a_page(topic_page, entities):
    """Authors, import keys and slugs are read once per file, yet each item is still a page with its links, its
    first revision (which serialises the links) and its log entries; repeats and same-titled items behave as
    when each item read for itself."""
    import json

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import PageLogEntry

    from articles.importing import import_sources

    Author.objects.create(name="Newsroom Staff", slug="newsroom-staff", kind=Author.Kind.AGENCY)
    body = ["Amblin Partners has agreed to co-produce films with Alibaba Pictures, Steven Spielberg said."]
    items = [
        {
            "headline": "Amblin and Alibaba team up",
            "body": body,
            "author": ["newsroom staff", "Dana Reyes"],
            "source_url": f"https://example.com/{number}",
        }
        for number in range(4)
    ]
    items.append(dict(items[0]))  # the same item again, later in the file
    with CaptureQueriesContext(connection) as queries:
        report = import_sources([("batch.json", json.dumps(items).encode())], topic=topic_page)
    assert [item.status for item in report.items] == ["created"] * 4 + ["unchanged"]
    assert report.items[4].page_id == report.items[0].page_id and report.items[4].message == "already imported"

    pages = list(ArticlePage.objects.filter(pk__in=[item.page_id for item in report.items[:4]]).order_by("pk"))
    assert [page.slug for page in pages] == ["amblin-and-alibaba-team-up"] + [
        f"amblin-and-alibaba-team-up-{n}" for n in (2, 3, 4)
    ]
    dana = Author.objects.get(name="Dana Reyes")  # created by the first item, found by the others
    for page in pages:
        assert not page.live and page.has_unpublished_changes
        assert {a.name for a in page.authors.all()} == {"Newsroom Staff", "Dana Reyes"}
        assert linked(page)["studios"] == {"Amblin Partners", "Alibaba Pictures"}
        content = page.latest_revision.content
        assert sorted(content["studios"]) == sorted(page.studios.values_list("pk", flat=True))
        assert sorted(content["authors"]) == sorted(page.authors.values_list("pk", flat=True))
        assert dana.pk in content["authors"]
        actions = set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
        assert {"wagtail.create", "wagtail.edit"} <= actions

    sql = [query["sql"] for query in queries.captured_queries]
    assert sum('"import_key" IN' in statement for statement in sql) == 1
    by_name = [s for s in sql if 'FROM "articles_author"' in s and '"articles_author"."name"' in s.split("WHERE")[-1]]
    assert len(by_name) == 2  # the file's authors at once, then "Dana Reyes" (new) once, before creating her


def test_a_file_with_an_item_that_fails_still_imports_the_rest(topic_page, entities, monkeypatch):
    """An item whose save fails is reported; its author and slug are not remembered for the file's later items."""
    import json

    from articles import importing

    real = importing._save_page
    calls = []

    def flaky(page, *args, **kwargs):
        calls.append(page.title)
        if len(calls) == 1:
            raise RuntimeError("disk on fire")
        return real(page, *args, **kwargs)

    monkeypatch.setattr(importing, "_save_page", flaky)
    body = ["Alibaba Pictures will distribute the film in China."]
    items = [
        {"headline": "Alibaba distributes", "body": body, "author": "Kim Lee", "source_url": f"https://example.com/{n}"}
        for n in range(2)
    ]
    report = importing.import_sources([("two.json", json.dumps(items).encode())], topic=topic_page)
    assert [item.status for item in report.items] == ["failed", "created"]
    page = ArticlePage.objects.get(pk=report.items[1].page_id)
    assert page.slug == "alibaba-distributes"
    assert [a.name for a in page.authors.all()] == ["Kim Lee"] and Author.objects.filter(name="Kim Lee").count() == 1
