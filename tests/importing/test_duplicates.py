"""Near-duplicate stories: flagged on import (with a link to the story they repeat) and in the editor; a new version
of an imported item updates its page instead of making a second one, never publishing over a live story."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from articles import linking
from articles.importing import import_paths
from articles.importing.duplicates import Probe, find_duplicates
from articles.models import ArticlePage, TextFingerprint
from articles.models.fingerprints import NEAR_BITS, distance, simhash
from tests.factories import StudioFactory

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
STORY_FILES = sorted(FIXTURES.glob("0*.txt"))
SEED_FILES = sorted((Path(__file__).resolve().parents[3] / "shared" / "seeds").glob("*.txt"))

# The demo story each of our retellings (and each real seed) repeats, by file prefix.
DEMO_STORY = {
    "000": "stx-entertainment-and-alibaba-pictures-team-up-on-steel-soldiers",
    "001": "alibaba-to-make-its-first-hollywood-film-steel-soldiers",
    "002": "alibaba-pictures-to-distribute-korean-film-real-in-china",
    "003": "steven-spielberg-joins-forces-with-jack-mas-alibaba",
}


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())
    linking.invalidate()
    return {page.slug: page for page in ArticlePage.objects.all()}


def _json(tmp_path, name: str, **item) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps([item]), encoding="utf-8")
    return path


BODY = [
    "Alibaba Pictures will co-produce and co-finance films with Amblin Partners, the company Steven Spielberg "
    "founded, and will take a minority stake in it, the two companies said on Sunday in Beijing.",
    "The films are meant to work in China, the second-largest film market, and around the world; Alibaba's "
    "ticketing and streaming services will market Amblin's films to Chinese audiences from next year.",
]


def _probe(headline: str, *, date=None, studios=(), url="") -> Probe:
    return Probe(headline=headline, date=date, source_url=url, entities={"studios": {s.pk for s in studios}})


@pytest.mark.parametrize("files", [STORY_FILES, SEED_FILES], ids=["retellings", "seeds"])
def test_importing_stories_already_live_flags_each_with_a_link_to_it(demo, files):
    """The seeds' stories are live in the demo: importing them (or our retellings) flags each draft with the demo
    story it repeats, first, and the command's report links to that story's editor."""
    if len(files) != 4:
        pytest.skip("the four real seed stories are not beside the checkout")
    out = StringIO()
    call_command("import_articles", *map(str, files), stdout=out)
    output = out.getvalue()
    assert "4 created" in output and "4 possible duplicates" in output
    for path in files:
        expected = demo[DEMO_STORY[path.name[:3]]]
        assert f"possible duplicate of “{expected.title}” (page {expected.pk}, live)" in output, path.name
        assert f"http://testserver/admin/pages/{expected.pk}/edit/" in output
    assert "Black Panther" not in output and "Avengers" not in output


def test_import_report_ranks_the_repeated_story_first_and_keeps_other_stories_out(demo):
    report = import_paths(STORY_FILES, dry_run=True)
    assert ArticlePage.objects.filter(import_key__gt="").count() == 0  # a dry run reports, saves nothing
    for path, item in zip(STORY_FILES, report.items, strict=True):
        assert item.duplicates, path.name
        assert item.duplicates[0].page_id == demo[DEMO_STORY[path.name[:3]]].pk, (path.name, item.duplicates)
        assert "shared entities and a similar headline" in item.duplicates[0].reasons[0]
        flagged = {duplicate.page_id for duplicate in item.duplicates}
        assert demo[DEMO_STORY["002"]].pk not in flagged or path.name.startswith("002")  # Real is another story


def test_a_near_identical_text_is_flagged_whatever_its_headline_and_source(topic_page, tmp_path):
    """The same wire story from another source, lightly edited and retitled: flagged for its text alone."""
    first = import_paths(
        [
            _json(
                tmp_path,
                "a.json",
                headline="Amblin and Alibaba sign film deal",
                body=BODY,
                source_url="https://example.com/a",
            )
        ]
    )
    edited = [BODY[0].replace("on Sunday", "on Sunday, Oct. 9,"), BODY[1]]
    report = import_paths(
        [
            _json(
                tmp_path,
                "b.json",
                headline="Spielberg's company gets a Chinese partner",
                body=edited,
                source_url="https://example.org/b",
            )
        ]
    )
    [duplicate] = report.items[0].duplicates
    assert duplicate.page_id == first.items[0].page_id and duplicate.reasons == ["near-identical text"]
    assert report.items[0].status == "created" and ArticlePage.objects.count() == 2  # flagged, not refused


def test_the_same_source_url_is_flagged_even_for_a_story_written_in_the_editor(topic_page, tmp_path):
    from tests.factories import ArticlePageFactory

    written = ArticlePageFactory(parent=topic_page, title="Handwritten", source_url="https://example.com/story")
    report = import_paths(
        [
            _json(
                tmp_path,
                "a.json",
                headline="Something else entirely",
                body=["One line."],
                source_url="https://example.com/story",
            )
        ]
    )
    assert [(d.page_id, d.reasons) for d in report.items[0].duplicates] == [(written.pk, ["same source URL"])]


def test_different_stories_are_not_flagged(topic_page, tmp_path):
    import_paths([_json(tmp_path, "a.json", headline="Amblin and Alibaba sign film deal", body=BODY)])
    report = import_paths(
        [
            _json(
                tmp_path,
                "b.json",
                headline="Black Panther passes $1 billion",
                body=["Marvel Studios' Black Panther crossed $1 billion worldwide on Saturday."],
            )
        ]
    )
    assert report.items[0].duplicates == []


def test_shared_entities_and_a_similar_headline_count_within_a_few_days_of_a_dated_story(topic_page, tmp_path):
    """A dated item: a story sharing its entities with a similar headline is flagged within three days of it only;
    the same entities under a different headline are another story."""
    amblin, alibaba = StudioFactory(name="Amblin Partners"), StudioFactory(name="Alibaba Pictures")
    linking.invalidate()
    day = dt.datetime(2016, 10, 9, 8, 0, tzinfo=dt.UTC)
    near, far, other = (
        import_paths(
            [
                _json(
                    tmp_path,
                    f"{n}.json",
                    headline=headline,
                    body=[f"{n}: Amblin Partners and Alibaba Pictures, story {n}."],
                    date=date.isoformat(),
                )
            ]
        )
        .items[0]
        .page_id
        for n, headline, date in [
            (1, "Amblin Partners and Alibaba Pictures sign a film deal", day + dt.timedelta(days=2)),
            (2, "Amblin Partners and Alibaba Pictures sign a film deal", day - dt.timedelta(days=10)),
            (3, "Spielberg's next thrillers get Chinese money", day),
        ]
    )
    [found] = find_duplicates(
        [_probe("Amblin Partners and Alibaba Pictures sign film deal", date=day, studios=[amblin, alibaba])]
    )
    assert [d.page_id for d in found] == [near]
    # Undated (a file without a dateline, a draft in the editor): whenever it ran.
    [found] = find_duplicates(
        [_probe("Amblin Partners and Alibaba Pictures sign film deal", studios=[amblin, alibaba])]
    )
    assert {d.page_id for d in found} == {near, far} and other not in {d.page_id for d in found}


def test_a_file_is_checked_in_a_fixed_number_of_queries(topic_page):
    """Dated stories: one query per sign and kind for the whole batch, however many stories it holds."""
    studios = [StudioFactory() for _ in range(4)]
    day = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)

    def count(n: int) -> int:
        probes = [
            _probe(f"Story {i}", date=day + dt.timedelta(days=i), studios=studios[:2], url=f"https://x.test/{i}")
            for i in range(n)
        ]
        for probe in probes:
            probe.simhash = simhash(f"story number {probe.headline} " * 5)
        with CaptureQueriesContext(connection) as queries:
            find_duplicates(probes)
        return len(queries)

    assert count(3) == count(30)


def test_reimporting_a_changed_item_updates_its_draft(topic_page, tmp_path):
    """Same source URL, new text: a new revision of the same draft, reported "updated"; the same text again is
    "unchanged"."""
    path = _json(
        tmp_path, "a.json", headline="Amblin and Alibaba sign film deal", body=BODY, source_url="https://example.com/a"
    )
    page_id = import_paths([path]).items[0].page_id
    revisions = ArticlePage.objects.get(pk=page_id).revisions.count()
    path = _json(
        tmp_path,
        "a.json",
        headline="Amblin and Alibaba sign a film deal",
        body=[*BODY, "Update: signed."],
        source_url="https://example.com/a",
    )
    [item] = import_paths([path]).items
    assert (item.status, item.page_id, item.message) == ("updated", page_id, "new revision of the draft")
    assert ArticlePage.objects.count() == 1
    page = ArticlePage.objects.get(pk=page_id)
    assert page.revisions.count() == revisions + 1 and not page.live
    draft = page.get_latest_revision_as_object()
    assert draft.title == "Amblin and Alibaba sign a film deal" and len(draft.body) == 3
    assert import_paths([path]).items[0].status == "unchanged"
    assert TextFingerprint.objects.get(article_id=page_id).digest  # the next import compares with this text


def test_reimporting_a_changed_item_never_publishes_over_a_live_story(topic_page, tmp_path):
    """The live story keeps its published text; the new version waits as a draft revision, and the report says so,
    even when the import was asked to publish."""
    path = _json(
        tmp_path, "a.json", headline="Amblin and Alibaba sign film deal", body=BODY, source_url="https://example.com/a"
    )
    page_id = import_paths([path], publish=True).items[0].page_id
    live_revision = ArticlePage.objects.get(pk=page_id).live_revision_id
    path = _json(
        tmp_path,
        "a.json",
        headline="Amblin and Alibaba sign film deal",
        body=[BODY[0]],
        source_url="https://example.com/a",
    )
    [item] = import_paths([path], publish=True).items
    assert item.status == "updated" and "an editor publishes it" in item.message
    page = ArticlePage.objects.get(pk=page_id)
    assert page.live and page.live_revision_id == live_revision and page.has_unpublished_changes
    assert len(page.body) == 2  # what readers see
    assert len(page.get_latest_revision_as_object().body) == 1


def test_dry_run_of_a_changed_item_says_it_would_update_and_changes_nothing(topic_page, tmp_path):
    path = _json(tmp_path, "a.json", headline="Deal", body=BODY, source_url="https://example.com/a")
    page_id = import_paths([path]).items[0].page_id
    revisions = ArticlePage.objects.get(pk=page_id).revisions.count()
    path = _json(tmp_path, "a.json", headline="Deal", body=[BODY[1]], source_url="https://example.com/a")
    report = import_paths([path], dry_run=True)
    assert report.items[0].status == "would update" and "1 would update" in report.totals()
    assert ArticlePage.objects.get(pk=page_id).revisions.count() == revisions


def test_the_admin_import_report_links_to_the_story_repeated(client, admin_user, demo):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(admin_user)
    upload = SimpleUploadedFile(STORY_FILES[2].name, STORY_FILES[2].read_bytes())
    html = client.post(reverse("articles_import"), {"files": [upload]}).content.decode()
    expected = demo[DEMO_STORY["002"]]
    assert "1 possible duplicate" in html
    assert f'<a href="/admin/pages/{expected.pk}/edit/">{expected.title}</a> (live)' in html


def test_the_editor_warns_on_a_draft_that_repeats_a_story(client, admin_user, demo):
    """The draft's edit view names and links the live story it repeats; the live story's own editor does not warn."""
    [item] = import_paths([STORY_FILES[3]]).items
    expected = demo[DEMO_STORY["003"]]
    client.force_login(admin_user)
    html = client.get(f"/admin/pages/{item.page_id}/edit/").content.decode()
    assert "This draft may repeat a story already in the archive" in html
    assert f'<a href="/admin/pages/{expected.pk}/edit/">{escape(expected.title)}</a>' in html
    html = client.get(f"/admin/pages/{expected.pk}/edit/").content.decode()
    assert "may repeat" not in html


def test_the_editor_does_not_warn_on_an_original_draft(client, admin_user, demo):
    from tests.factories import ArticlePageFactory

    page = ArticlePageFactory(
        parent=demo[DEMO_STORY["000"]].get_parent(), title="An interview with a set designer", live=False
    )
    client.force_login(admin_user)
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200 and "may repeat" not in response.content.decode()


def test_simhash_is_close_for_near_identical_text_and_far_otherwise():
    a = simhash(" ".join(BODY))
    assert distance(a, simhash(" ".join(BODY).replace("on Sunday", "on Sunday, Oct. 9,"))) <= NEAR_BITS
    assert distance(a, simhash("Marvel Studios' Black Panther crossed $1 billion worldwide on Saturday.")) > 10
    assert simhash("") == 0


def test_the_editor_warning_never_names_another_persons_draft_to_a_contributor(client, django_user_model, topic_page):
    """A contributor's draft repeating someone else's draft: the contributor cannot open that draft, so the
    warning does not name it; an editor, who can, is warned."""
    from django.contrib.auth.models import Group

    from articles.permissions import CONTRIBUTORS, EDITORS
    from tests.factories import ArticlePageFactory

    casey = django_user_model.objects.create_user(username="casey", password="x")  # noqa: S106
    casey.groups.add(Group.objects.get(name=CONTRIBUTORS))
    eddie = django_user_model.objects.create_user(username="eddie", password="x")  # noqa: S106
    eddie.groups.add(Group.objects.get(name=EDITORS))
    secret = ArticlePageFactory(
        parent=topic_page, title="Embargoed scoop", live=False, owner=eddie, source_url="https://example.com/scoop"
    )
    mine = ArticlePageFactory(
        parent=topic_page, title="My version", live=False, owner=casey, source_url="https://example.com/scoop"
    )
    client.force_login(casey)
    response = client.get(f"/admin/pages/{mine.pk}/edit/")
    assert response.status_code == 200 and "Embargoed scoop" not in response.content.decode()
    client.force_login(eddie)
    assert "Embargoed scoop" in client.get(f"/admin/pages/{mine.pk}/edit/").content.decode()
    assert secret.pk
