"""The ingest queue in the admin: the listing, an item's page, accept / merge / reject, the embargo on publishing,
and the agency feeds."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

from articles import linking
from articles.importing.ingest import accept, ingest_paths
from articles.models import AgencyFeed, ArticlePage, IngestItem
from tests.factories import ArticlePageFactory, PersonFactory, StudioFactory

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


@pytest.fixture
def queue(topic_page):
    linking.invalidate()
    StudioFactory(name="Quarry Lane Films")
    PersonFactory(name="Mara Ellison")
    ingest_paths([FIXTURES / name for name in ("ninjs-2.1.json", "newsml-embargoed.xml", "newsml-story-withdrawn.xml")])
    return {item.guid[-4:]: item for item in IngestItem.objects.all()}


def edit_form(client, url: str) -> dict:
    """The page editor's form as a browser posts it (the body's blocks as their fields)."""
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form").dict()
    data.update(nested_form_data({"body": streamfield([("paragraph", rich_text("<p>The shortlist story.</p>"))])}))
    return data


def test_editors_see_the_queue_and_contributors_do_not(client, people, queue):
    client.force_login(people["contributor"])
    refused = client.get(reverse("ingest_queue"))
    assert refused.status_code == 302  # Wagtail's "permission denied": back to the dashboard with a message
    assert refused.url == reverse("wagtailadmin_home")
    client.force_login(people["editor"])
    response = client.get(reverse("ingest_queue"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Quarry Lane Films buys festival opener" in html
    assert "EMBARGOED until 15 Jan 2031" in html
    assert "Quarry Lane Films, Mara Ellison" in html  # the entities recognised


def test_the_queue_filters_by_status_and_embargo(client, people, queue):
    client.force_login(people["editor"])
    queued = client.get(reverse("ingest_queue"), {"status": "queued"}).content.decode()
    assert "Quarry Lane Films buys festival opener" in queued
    assert "WITHDRAWN: Mara Ellison" not in queued
    embargoed = client.get(reverse("ingest_queue"), {"embargoed": "true"}).content.decode()
    assert "Harbour thriller leads the craft awards shortlist" in embargoed
    assert "Quarry Lane Films buys festival opener" not in embargoed


def test_an_items_page_shows_its_embargo_and_withdrawal(client, people, queue):
    client.force_login(people["editor"])
    embargoed = client.get(reverse("ingest_item", args=[queue["4001"].pk])).content.decode()
    assert "Embargoed until 15 January 2031" in embargoed
    assert "Accept as a draft" in embargoed
    withdrawn = client.get(reverse("ingest_item", args=[queue["5001"].pk])).content.decode()
    assert "Withdrawn by the agency" in withdrawn
    assert "Accept as a draft" not in withdrawn


def test_accepting_from_the_admin_makes_a_draft(client, people, queue):
    client.force_login(people["editor"])
    response = client.post(reverse("ingest_item", args=[queue["2001"].pk]), {"action": "accept", "topic": ""})
    assert response.status_code == 302
    item = IngestItem.objects.get(pk=queue["2001"].pk)
    assert item.status == IngestItem.Status.ACCEPTED
    assert item.decided_by == people["editor"]
    assert not item.article.live


def test_merging_from_the_admin(client, people, queue, topic_page):
    story = ArticlePageFactory(parent=topic_page, title="Festival buyers circle the opener")
    client.force_login(people["editor"])
    response = client.post(reverse("ingest_item", args=[queue["2001"].pk]), {"action": "merge", "story": story.pk})
    assert response.status_code == 302
    assert IngestItem.objects.get(pk=queue["2001"].pk).article_id == story.pk
    assert "Quarry Lane Films has bought" in str(
        ArticlePage.objects.get(pk=story.pk).get_latest_revision_as_object().body
    )


def test_merging_without_a_story_is_a_form_error(client, people, queue):
    client.force_login(people["editor"])
    response = client.post(reverse("ingest_item", args=[queue["2001"].pk]), {"action": "merge", "story": ""})
    assert response.status_code == 400
    assert IngestItem.objects.get(pk=queue["2001"].pk).status == IngestItem.Status.QUEUED


def test_rejecting_from_the_admin(client, people, queue):
    client.force_login(people["editor"])
    client.post(reverse("ingest_item", args=[queue["2001"].pk]), {"action": "reject", "reason": "Old news"})
    item = IngestItem.objects.get(pk=queue["2001"].pk)
    assert item.status == IngestItem.Status.REJECTED
    assert item.note == "Old news"


def test_a_withdrawn_item_cannot_be_accepted_from_the_admin(client, people, queue):
    client.force_login(people["editor"])
    response = client.post(reverse("ingest_item", args=[queue["5001"].pk]), {"action": "accept"}, follow=True)
    assert "Nothing changed: the agency withdrew this item" in response.content.decode()
    assert not ArticlePage.objects.exists()


def test_the_admin_refuses_to_publish_before_the_embargo(client, people, queue, topic_page):
    page = accept(queue["4001"].pk, topic=topic_page)
    client.force_login(people["editor"])
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = edit_form(client, url)
    data.update({"go_live_at": "", "action-publish": "action-publish"})
    response = client.post(url, data, follow=True)
    assert "embargo runs until" in response.content.decode()
    page.refresh_from_db()
    assert not page.live
    assert not page.revisions.filter(approved_go_live_at__isnull=False).exists()


def test_publishing_at_the_embargo_schedules_the_story(client, people, queue, topic_page):
    page = accept(queue["4001"].pk, topic=topic_page)
    client.force_login(people["editor"])
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = edit_form(client, url)
    assert data["go_live_at"].startswith("2031-01-15")  # the draft carries the embargo
    data["action-publish"] = "action-publish"
    client.post(url, data)
    page.refresh_from_db()
    assert not page.live
    assert page.revisions.filter(approved_go_live_at__isnull=False).exists()


def test_admins_configure_agency_feeds(client, people, db):
    client.force_login(people["admin"])
    response = client.post(
        reverse("agency_feeds:add"),
        {
            "name": "Example Wire film",
            "url": "https://wire.example/film.rss",
            "format": "feed",
            "credit": "Example Wire",
            "active": "on",
            "poll_minutes": "15",
        },
    )
    assert response.status_code == 302
    feed = AgencyFeed.objects.get()
    assert feed.credit == "Example Wire"
    assert client.get(reverse("agency_feeds:index")).status_code == 200


def test_a_feed_with_a_bad_interval_is_refused(client, people, db):
    client.force_login(people["admin"])
    response = client.post(
        reverse("agency_feeds:add"),
        {"name": "Wire", "url": "https://wire.example/", "format": "feed", "credit": "Wire", "poll_minutes": "0"},
    )
    assert response.status_code == 200
    assert not AgencyFeed.objects.exists()


def queue_queries(client, count: int) -> int:
    feed = AgencyFeed.objects.create(name=f"Wire {count}", url="https://wire.example/", credit="Example Wire")
    for n in range(count):
        IngestItem.objects.create(
            guid=f"urn:wire:{count}:{n}",
            source="wire",
            feed=feed,
            format="rss",
            headline=f"Story {n}",
            entities={"matches": [{"type": "studio", "id": 1, "name": "Quarry Lane Films", "confidence": 0.9}]},
        )
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("ingest_queue")).status_code == 200
    IngestItem.objects.all().delete()
    return len(queries)


def test_the_queue_costs_the_same_queries_for_3_items_as_for_30(client, people, topic_page):
    client.force_login(people["editor"])
    queue_queries(client, 1)  # warm Wagtail's per-process caches (menus, site)
    assert queue_queries(client, 3) == queue_queries(client, 30)


def test_junk_requests_change_nothing(client, people, queue):
    client.force_login(people["editor"])
    assert client.get(reverse("ingest_item", args=[999999])).status_code == 404
    item = queue["2001"]
    response = client.post(reverse("ingest_item", args=[item.pk]), {"action": "accept", "topic": "junk"})
    assert response.status_code == 400
    response = client.post(reverse("ingest_item", args=[item.pk]), {"action": "publish-everything"})
    assert response.status_code == 302
    assert IngestItem.objects.get(pk=item.pk).status == IngestItem.Status.QUEUED
    assert not ArticlePage.objects.exists()
