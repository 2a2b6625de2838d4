"""The ingest queue: receiving agency items, accepting, merging and rejecting them, embargoes, withdrawals,
versions, the ingest command and polling the agency feeds."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from wagtail.models import PageLogEntry

from articles import linking
from articles.importing.agency import parse_agency_file
from articles.importing.ingest import IngestError, accept, ingest_paths, merge, receive, reject
from articles.importing.parsers import MalformedFile
from articles.importing.polling import poll_due
from articles.models import AgencyFeed, ArticlePage, Author, IngestItem
from tests.factories import ArticlePageFactory, PersonFactory, StudioFactory

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


@pytest.fixture
def entities(db):
    linking.invalidate()
    return {
        "studio": StudioFactory(name="Quarry Lane Films"),
        "northlight": StudioFactory(name="Northlight Pictures"),
        "person": PersonFactory(name="Mara Ellison"),
    }


def ingest(*names: str, **options) -> list:
    return ingest_paths([FIXTURES / name for name in names], **options).items


def held(guid_end: str) -> IngestItem:
    return IngestItem.objects.get(guid__endswith=guid_end)


def run(*args: str) -> str:
    out = StringIO()
    call_command("ingest", *args, stdout=out)
    return out.getvalue()


# Receiving.


def test_items_are_queued_with_source_version_status_and_recognised_entities(topic_page, entities):
    (report,) = ingest("ninjs-2.1.json")
    assert report.status == "queued"
    item = held("2001")
    assert item.status == IngestItem.Status.QUEUED
    assert item.source.endswith("ninjs-2.1.json")
    assert item.version == "1"
    assert item.format == "ninjs 2.x"
    assert item.credit == "Example Wire"
    assert item.pub_status == "usable"
    names = {match["name"] for match in item.entities["matches"]}
    assert names == {"Quarry Lane Films", "Mara Ellison"}
    assert not ArticlePage.objects.exists()  # nothing becomes a story until an editor says so


def test_receiving_the_same_item_again_changes_nothing(topic_page, entities):
    ingest("ninjs-2.1.json")
    before = held("2001").updated_at
    (report,) = ingest("ninjs-2.1.json")
    assert report.status == "unchanged"
    assert IngestItem.objects.count() == 1
    assert held("2001").updated_at == before


def test_a_dry_run_reports_and_changes_nothing(topic_page, entities):
    reports = ingest("ninjs-2.1.json", "newsml-story-withdrawn.xml", dry_run=True)
    assert [report.status for report in reports] == ["would queue", "would withdraw"]
    assert not IngestItem.objects.exists()


def test_every_ninjs_version_and_newsml_are_queued(topic_page, entities):
    reports = ingest("ninjs-1.5.json", "ninjs-2.1.json", "ninjs-3.0.json", "newsml-embargoed.xml", "newsml-story.xml")
    assert [report.status for report in reports] == ["queued"] * 5
    assert sorted(IngestItem.objects.values_list("format", flat=True)) == [
        "newsml",
        "newsml",
        "ninjs 1.x",
        "ninjs 2.x",
        "ninjs 3.x",
    ]


def test_malformed_items_are_reported_and_the_good_ones_still_queued(topic_page, entities):
    reports = ingest("malformed-ninjs.json", "malformed-newsml.xml", "malformed-entities.xml", "ninjs-3.0.json")
    failed = [report for report in reports if report.failed]
    assert len(failed) == 5
    assert "item 1" in failed[0].source and "not valid ninjs 2.1" in failed[0].message
    assert "not well-formed XML" in failed[3].message
    assert "DTD or entities" in failed[4].message
    assert reports[-1].status == "queued"
    assert list(IngestItem.objects.values_list("guid", flat=True)) == [
        "urn:newsml:wire.example:20261202:box-office-3001"
    ]


def test_one_item_failing_to_save_does_not_stop_the_others(topic_page, entities, monkeypatch):
    from articles.importing import ingest as ingest_module

    real = ingest_module.recognise

    def flaky(item, **kwargs):
        if item.guid.endswith("1001"):
            raise RuntimeError("linker down")
        return real(item, **kwargs)

    monkeypatch.setattr(ingest_module, "recognise", flaky)
    reports = ingest("ninjs-1.5.json", "ninjs-2.1.json")
    assert [report.status for report in reports] == ["failed", "queued"]
    assert "linker down" in reports[0].message
    assert not IngestItem.objects.filter(guid__endswith="1001").exists()


# Accepting, merging, rejecting.


def test_accepting_makes_a_draft_with_entities_byline_and_credit(topic_page, entities):
    ingest("ninjs-2.1.json")
    page = accept(held("2001").pk, topic=topic_page)
    page.refresh_from_db()
    assert not page.live
    assert page.get_parent().pk == topic_page.pk
    assert page.title == "Quarry Lane Films buys festival opener"
    assert page.source_name == "Example Wire"
    assert [author.name for author in page.authors.all()] == ["Sam Okafor"]
    assert list(page.studios.all()) == [entities["studio"]]
    assert list(page.people.all()) == [entities["person"]]
    assert Author.objects.get(name="Example Wire").kind == Author.Kind.AGENCY
    item = held("2001")
    assert item.status == IngestItem.Status.ACCEPTED
    assert item.article_id == page.pk
    assert PageLogEntry.objects.filter(page=page, action="newsroom.ingest.accept").exists()


def test_an_item_is_accepted_once(topic_page, entities):
    ingest("ninjs-2.1.json")
    accept(held("2001").pk, topic=topic_page)
    with pytest.raises(IngestError, match="already accepted"):
        accept(held("2001").pk, topic=topic_page)
    assert ArticlePage.objects.count() == 1


def test_merging_saves_the_item_as_a_draft_revision_of_the_story(topic_page, entities):
    story = ArticlePageFactory(parent=topic_page, title="Festival buyers circle the opener", live=True)
    live_body = story.body
    ingest("ninjs-2.1.json")
    merge(held("2001").pk, into=story)
    story.refresh_from_db()
    assert story.live
    assert story.title == "Festival buyers circle the opener"
    assert story.body == live_body  # readers still see the published story
    draft = story.get_latest_revision_as_object()
    assert draft.title == "Festival buyers circle the opener"  # the story keeps its headline
    assert "Quarry Lane Films has bought" in str(draft.body)
    assert entities["studio"] in list(draft.studios.all())
    assert "Sam Okafor" in [author.name for author in draft.authors.all()]  # the agency's byline joins the story's
    item = held("2001")
    assert item.status == IngestItem.Status.MERGED
    assert item.article_id == story.pk


def test_rejecting_takes_it_off_the_queue(topic_page, entities):
    ingest("ninjs-2.1.json")
    reject(held("2001").pk, reason="We have our own reporter there")
    item = held("2001")
    assert item.status == IngestItem.Status.REJECTED
    assert item.note == "We have our own reporter there"
    assert IngestItem.objects.waiting().count() == 0
    with pytest.raises(IngestError, match="already rejected"):
        accept(item.pk, topic=topic_page)


# Embargo.


def test_an_embargoed_item_is_accepted_as_a_draft_that_goes_live_at_the_embargo(topic_page, entities):
    ingest("newsml-embargoed.xml")
    item = held("4001")
    assert item.embargoed
    page = accept(item.pk, topic=topic_page)
    draft = page.get_latest_revision_as_object()
    assert draft.go_live_at == dt.datetime(2031, 1, 15, 9, 0, tzinfo=dt.UTC)
    page.get_latest_revision().publish()
    page.refresh_from_db()
    assert not page.live  # publishing schedules it for the embargo
    assert page.get_latest_revision().approved_go_live_at == dt.datetime(2031, 1, 15, 9, 0, tzinfo=dt.UTC)


# Withdrawal.


def test_a_withdrawal_flags_the_item_and_unpublishes_its_article(topic_page, entities):
    ingest("newsml-story.xml")
    page = accept(held("5001").pk, topic=topic_page)
    page.get_latest_revision().publish()
    page.refresh_from_db()
    assert page.live
    (report,) = ingest("newsml-story-withdrawn.xml")
    assert report.status == "withdrawn"
    assert "canceled" in report.message and "unpublished" in report.message
    page.refresh_from_db()
    assert not page.live
    item = held("5001")
    assert item.status == IngestItem.Status.WITHDRAWN
    assert item.pub_status == "canceled"
    entry = PageLogEntry.objects.get(page=page, action="newsroom.ingest.withdraw")
    assert entry.data["guid"] == item.guid
    assert "unpublished" in entry.data["done"]


def test_a_withdrawal_cancels_a_scheduled_publication(topic_page, entities):
    ingest("newsml-story.xml")
    page = accept(held("5001").pk, topic=topic_page)
    draft = page.get_latest_revision_as_object()
    draft.go_live_at = timezone.now() + dt.timedelta(days=1)
    draft.save_revision().publish()
    assert page.revisions.filter(approved_go_live_at__isnull=False).exists()
    ingest("newsml-story-withdrawn.xml")
    assert not page.revisions.filter(approved_go_live_at__isnull=False).exists()


def test_a_withdrawn_item_cannot_be_accepted(topic_page, entities):
    ingest("newsml-story-withdrawn.xml")
    item = held("5001")
    assert item.status == IngestItem.Status.WITHDRAWN
    with pytest.raises(IngestError, match="withdrew"):
        accept(item.pk, topic=topic_page)
    assert not ArticlePage.objects.exists()


def test_an_older_version_after_a_withdrawal_changes_nothing(topic_page, entities):
    """Files arriving out of order: the kill (version 2) first, then the story (version 1)."""
    reports = ingest("newsml-story-withdrawn.xml", "newsml-story.xml")
    assert [report.status for report in reports] == ["withdrawn", "unchanged"]
    assert held("5001").status == IngestItem.Status.WITHDRAWN


# Versions.


def test_a_newer_version_updates_the_queued_item(topic_page, entities):
    ingest("ninjs-2.1.json")
    (report,) = ingest("ninjs-2.1-v2.json")
    assert report.status == "updated"
    item = held("2001")
    assert item.version == "2"
    assert item.headline == "Quarry Lane Films pays record sum for festival opener"
    assert item.status == IngestItem.Status.QUEUED


def test_a_newer_version_updates_the_draft_made_from_it(topic_page, entities):
    ingest("ninjs-2.1.json")
    page = accept(held("2001").pk, topic=topic_page)
    ingest("ninjs-2.1-v2.json")
    assert ArticlePage.objects.count() == 1
    draft = ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert draft.title == "Quarry Lane Films pays record sum for festival opener"
    assert "Two other distributors" in str(draft.body)


def test_a_newer_version_of_a_published_story_waits_as_a_draft(topic_page, entities):
    ingest("ninjs-2.1.json")
    page = accept(held("2001").pk, topic=topic_page)
    page.get_latest_revision().publish()
    ingest("ninjs-2.1-v2.json")
    page.refresh_from_db()
    assert page.live
    assert page.title == "Quarry Lane Films buys festival opener"  # readers see the published version
    assert page.has_unpublished_changes


def test_an_older_or_equal_version_changes_nothing(topic_page, entities):
    ingest("ninjs-2.1-v2.json")
    page = accept(held("2001").pk, topic=topic_page)
    revisions = page.revisions.count()
    reports = ingest("ninjs-2.1.json", "ninjs-2.1-v2.json")
    assert [report.status for report in reports] == ["unchanged", "unchanged"]
    assert held("2001").version == "2"
    assert page.revisions.count() == revisions


def test_a_feed_entry_without_versions_is_new_when_its_words_change(topic_page, entities):
    (first,) = parse_agency_file("feed.rss", (FIXTURES / "agency-feed.rss").read_bytes())[:1]
    receive(first, source="feed")
    assert receive(first, source="feed").status == "unchanged"
    first.paragraphs = [*first.paragraphs, "A correction was added."]
    assert receive(first, source="feed").status == "updated"


# The command.


def test_the_command_ingests_a_directory_and_reports_each_file(topic_page, entities, tmp_path):
    for name in ("ninjs-1.5.json", "ninjs-3.0.json", "malformed-newsml.xml", "agency-feed.rss"):
        (tmp_path / name).write_bytes((FIXTURES / name).read_bytes())
    (tmp_path / "notes.txt").write_text("not an agency file")
    out = StringIO()
    with pytest.raises(CommandError, match="1 of 5"):
        call_command("ingest", str(tmp_path), stdout=out)
    output = out.getvalue()
    assert "malformed-newsml.xml: failed — not well-formed XML" in output
    assert "4 queued, 1 failed." in output
    assert "notes.txt" not in output
    assert IngestItem.objects.count() == 4


def test_the_command_dry_run_changes_nothing(topic_page, entities):
    output = run(str(FIXTURES / "ninjs-2.1.json"), "--dry-run")
    assert "Dry run, nothing changed: 1 would queue." in output
    assert not IngestItem.objects.exists()


def test_the_command_reads_the_format_it_is_told(topic_page, entities):
    with pytest.raises(CommandError):
        call_command("ingest", str(FIXTURES / "ninjs-2.1.json"), "--format", "newsml", stdout=StringIO())
    assert not IngestItem.objects.exists()


def test_the_command_needs_something_to_ingest(db):
    with pytest.raises(CommandError, match="or pass --poll"):
        call_command("ingest", stdout=StringIO())


# Polling.


def rss(url: str) -> bytes:
    return (FIXTURES / "agency-feed.rss").read_bytes()


def test_polling_queues_a_feeds_items_with_its_credit(topic_page, entities):
    feed = AgencyFeed.objects.create(name="Wire film", url="https://wire.example/film.rss", credit="Example Wire")
    report = poll_due(fetcher=rss)
    assert report.totals() == "2 queued"
    item = held("6001")
    assert item.feed == feed
    assert item.credit == "Example Wire"
    feed.refresh_from_db()
    assert feed.last_polled_at is not None
    assert feed.last_status == "2 queued"


def test_a_feed_is_polled_again_only_when_its_interval_has_passed(topic_page, entities):
    feed = AgencyFeed.objects.create(
        name="Wire film", url="https://wire.example/film.rss", credit="Example Wire", poll_minutes=30
    )
    calls = []

    def counting(url: str) -> bytes:
        calls.append(url)
        return rss(url)

    poll_due(fetcher=counting)
    poll_due(fetcher=counting)
    assert len(calls) == 1
    AgencyFeed.objects.filter(pk=feed.pk).update(last_polled_at=timezone.now() - dt.timedelta(minutes=31))
    report = poll_due(fetcher=counting)
    assert len(calls) == 2
    assert report.totals() == "2 unchanged"


def test_inactive_feeds_are_not_polled(topic_page, entities):
    AgencyFeed.objects.create(name="Old wire", url="https://wire.example/old.rss", credit="Old", active=False)
    assert poll_due(fetcher=rss, force=True).items == []


def test_a_feed_that_cannot_be_fetched_is_reported(topic_page, entities):
    feed = AgencyFeed.objects.create(name="Down wire", url="https://wire.example/down.rss", credit="Down")

    def down(url: str) -> bytes:
        raise MalformedFile("the feed answered HTTP 503")

    report = poll_due(fetcher=down)
    assert report.items[0].failed
    feed.refresh_from_db()
    assert feed.last_status == "the feed answered HTTP 503"


def test_the_command_polls_the_feeds(topic_page, entities, monkeypatch):
    from articles.importing import polling

    monkeypatch.setattr(polling, "fetch", rss)
    AgencyFeed.objects.create(name="Wire film", url="https://wire.example/film.rss", credit="Example Wire")
    output = run("--poll")
    assert "2 queued." in output


def test_feed_urls_other_than_http_are_refused():
    from articles.importing.polling import fetch

    with pytest.raises(MalformedFile, match="only http and https"):
        fetch("file:///etc/passwd")
