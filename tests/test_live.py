"""Live coverage (articles/models/live.py): updates published one by one, their JSON for readers' browsers, the
LiveBlogPosting JSON-LD, the feed, and the page treated as a story everywhere stories are."""

import json
from datetime import timedelta
from urllib.parse import urlencode

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pyld import jsonld

from articles.models import ArticlePage, LivePage, LiveUpdate, StoryListing, story_models

from .factories import ArticlePageFactory, FilmFactory, LivePageFactory, LiveUpdateFactory, PersonFactory

pytestmark = pytest.mark.django_db

SCHEMA = "https://schema.org/"


@pytest.fixture
def live_page(topic_page):
    return LivePageFactory(
        parent=topic_page,
        title="Live: the Silver Lantern Awards",
        slug="silver-lantern-live",
        coverage_start=timezone.now() - timedelta(hours=1),
    )


@pytest.fixture
def winner():
    return {"people": [PersonFactory(name="Mara Quell", slug="mara-quell")], "films": [FilmFactory(name="Low Tide")]}


def json_ld_by_type(html: str) -> dict[str, dict]:
    soup = BeautifulSoup(html, "html.parser")
    blocks = [json.loads(script.string) for script in soup.find_all("script", type="application/ld+json")]
    return {block["@type"]: block for block in blocks}


def schema_org_loader(url, options=None):
    """schema.org's context, offline: every term is a schema.org property or type."""
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": {"@context": {"@vocab": SCHEMA}},
    }


def expanded(data: dict) -> dict:
    """The JSON-LD as pyld expands it (a syntax error or an unknown context raises)."""
    [node] = jsonld.expand(data, {"documentLoader": schema_org_loader})
    return node


def values(node: dict, prop: str) -> list:
    return node.get(SCHEMA + prop, [])


def test_the_page_is_a_valid_live_blog_posting_with_its_updates(client, live_page, winner):
    """Google's live blog rules: LiveBlogPosting with headline, coverage start and end, and each update a
    BlogPosting with headline, datePublished and articleBody."""
    LiveUpdateFactory(page=live_page, headline="Red carpet opens", body=[("text", "<p>Guests arrive early.</p>")])
    LiveUpdateFactory(
        page=live_page,
        headline="Best Actor: Mara Quell",
        body=[("text", "<p>Mara Quell wins for Low Tide.</p>")],
        links=winner,
        key_event=True,
    )
    LiveUpdateFactory(page=live_page, headline="Not yet published", publish=False)
    data = json_ld_by_type(client.get(live_page.url).content.decode())["LiveBlogPosting"]
    assert "NewsArticle" not in json_ld_by_type(client.get(live_page.url).content.decode())
    node = expanded(data)
    assert node["@type"] == [SCHEMA + "LiveBlogPosting"]
    for prop in ("headline", "coverageStartTime", "coverageEndTime", "datePublished", "liveBlogUpdate", "publisher"):
        assert values(node, prop), prop
    updates = values(node, "liveBlogUpdate")
    assert [values(update, "headline")[0]["@value"] for update in updates] == [
        "Best Actor: Mara Quell",
        "Red carpet opens",
    ]
    for update in updates:
        assert update["@type"] == [SCHEMA + "BlogPosting"]
        for prop in ("headline", "datePublished", "articleBody"):
            assert values(update, prop), prop
    assert values(updates[0], "articleBody")[0]["@value"] == "Mara Quell wins for Low Tide."
    start, end = data["coverageStartTime"], data["coverageEndTime"]
    assert start == live_page.coverage_start.isoformat() and end > start


def test_an_ended_coverage_says_when_it_ended(client, live_page):
    live_page.status = LivePage.Status.ENDED
    live_page.coverage_end = live_page.coverage_start + timedelta(hours=4)
    live_page.save_revision().publish()
    data = json_ld_by_type(client.get(live_page.url).content.decode())["LiveBlogPosting"]
    assert data["coverageEndTime"] == live_page.coverage_end.isoformat()


def test_the_page_shows_updates_newest_first_with_their_links_key_events_and_pinned_post(client, live_page, winner):
    pinned = LiveUpdateFactory(page=live_page, headline="How to follow tonight", pinned=True)
    LiveUpdateFactory(page=live_page, headline="Red carpet opens")
    LiveUpdateFactory(
        page=live_page,
        headline="Best Actor: Mara Quell",
        body=[("text", "<p>Mara Quell wins for Low Tide.</p>")],
        links={**winner, "tags": ["Silver Lantern Awards"]},
        key_event=True,
    )
    LiveUpdateFactory(page=live_page, headline="A draft nobody sees", publish=False)
    soup = BeautifulSoup(client.get(live_page.url).content, "html.parser")
    stream = soup.select_one("[data-live-updates]")
    assert [h.get_text() for h in stream.select(".live-update__headline")] == [
        "Best Actor: Mara Quell",
        "Red carpet opens",
        "How to follow tonight",
    ]
    assert stream["data-live-updates"] == f"{live_page.url}updates.json"
    best_actor = stream.select_one(".live-update--key")
    # The update links its winner and film: as chips, and the first mention in its text.
    chips = {a["href"] for a in best_actor.select(".live-update__links a")}
    assert {"/people/mara-quell/", winner["films"][0].get_absolute_url(), "/tags/silver-lantern-awards/"} <= chips
    assert best_actor.select_one(".live-update__body a[href='/people/mara-quell/']").get_text() == "Mara Quell"
    key_events = soup.select_one("[data-key-events]")
    assert [a.get_text(" ", strip=True)[6:] for a in key_events.select("ol a")] == ["Best Actor: Mara Quell"]
    assert soup.select_one("[data-pinned] .live-update__headline").get_text() == pinned.headline
    assert "A draft nobody sees" not in soup.get_text()
    # Without JavaScript too, the key events alone:
    only = BeautifulSoup(client.get(f"{live_page.url}?show=key-events").content, "html.parser")
    headlines = [h.get_text() for h in only.select("[data-live-updates] .live-update__headline")]
    assert headlines == ["Best Actor: Mara Quell"]


def test_updates_are_paginated(client, live_page):
    for number in range(23):
        LiveUpdateFactory(page=live_page, headline=f"Update {number:02}")
    first = BeautifulSoup(client.get(live_page.url).content, "html.parser")
    second = BeautifulSoup(client.get(f"{live_page.url}?page=2").content, "html.parser")
    assert len(first.select("[data-live-updates] .live-update")) == 20
    assert [h.get_text() for h in second.select("[data-live-updates] .live-update__headline")] == [
        "Update 02",
        "Update 01",
        "Update 00",
    ]
    assert second.select_one("[data-live-updates]").has_attr("data-frozen")  # the script leaves older pages alone


def test_updates_json_answers_what_changed_since_a_time(client, live_page):
    old = LiveUpdateFactory(page=live_page, headline="Doors open")
    LiveUpdate.objects.filter(pk=old.pk).update(
        first_published_at=timezone.now() - timedelta(hours=1), last_published_at=timezone.now() - timedelta(hours=1)
    )
    since = (timezone.now() - timedelta(minutes=5)).isoformat()
    new = LiveUpdateFactory(page=live_page, headline="Best Picture: Low Tide", key_event=True)
    LiveUpdateFactory(page=live_page, headline="Draft", publish=False)
    url = f"{live_page.url}updates.json"

    data = client.get(url, {"since": since}).json()
    assert [update["id"] for update in data["updates"]] == [new.pk]
    update = data["updates"][0]
    assert update["key_event"] is True and update["headline"] == "Best Picture: Low Tide"
    assert f'id="update-{new.pk}"' in update["html"] and "Best Picture: Low Tide" in update["html"]
    assert data["ids"] == [new.pk, old.pk] and data["status"] == "live" and data["complete"] is True
    assert data["since"] == new.last_published_at.isoformat()
    assert client.get(url, {"since": data["since"]}).json()["updates"][0]["id"] == new.pk  # the overlap window
    later = (timezone.now() + timedelta(minutes=1)).isoformat()
    assert client.get(url, {"since": later}).json()["updates"] == []
    # Naive times are UTC; without since, the newest updates.
    assert client.get(url, {"since": "2000-01-01T00:00:00"}).json()["ids"] == [new.pk, old.pk]
    assert [update["id"] for update in client.get(url).json()["updates"]] == [new.pk, old.pk]
    # An unpublished update leaves the ids, so readers' pages drop it.
    new.unpublish()
    assert client.get(url, {"since": since}).json()["ids"] == [old.pk]


@pytest.mark.parametrize(
    "since",
    ["junk", "", "12345", "2026-13-45T99:00:00Z", "yesterday", "2026-01-01T00:00:00Z" + "0" * 100, "<script>"],
)
def test_updates_json_refuses_a_since_that_is_not_a_time(client, live_page, since):
    response = client.get(f"{live_page.url}updates.json", {"since": since})
    assert response.status_code == 400
    assert "since" in response.json()["error"]


def test_updates_json_exists_only_on_live_pages_that_readers_may_see(client, topic_page, live_page):
    story = ArticlePageFactory(parent=topic_page, slug="plain-story")
    assert client.get(f"{story.url}updates.json").status_code == 404
    assert client.get("/movie-news/updates.json").status_code == 404
    live_page.unpublish()
    assert client.get(f"{live_page.url}updates.json").status_code == 404


def test_the_feed_carries_published_updates(client, live_page):
    import feedparser

    LiveUpdateFactory(page=live_page, headline="Best Director: Ines Varga", body=[("text", "<p>A first win.</p>")])
    LiveUpdateFactory(page=live_page, headline="Draft", publish=False)
    for suffix in ("feed/", "feed/atom/"):
        parsed = feedparser.parse(client.get(f"{live_page.url}{suffix}").content)
        assert not parsed.bozo, suffix
        assert [entry.title for entry in parsed.entries] == ["Best Director: Ines Varga"]
        assert parsed.entries[0].link.endswith(f"{live_page.url}#update-{LiveUpdate.objects.first().pk}")
    items = client.get(f"{live_page.url}feed/json/").json()["items"]
    assert [item["title"] for item in items] == ["Best Director: Ines Varga"]
    assert items[0]["content_text"] == "A first win."


def test_a_live_page_is_a_story_on_every_list(client, topic_page, live_page):
    """Listings, the topic page, the stories sitemap and routing (its own fields, through the topic) treat it as a
    story; story_models() names it for every receiver that takes stories by model."""
    assert LivePage in story_models() and story_models()[0] is ArticlePage
    assert StoryListing.objects.filter(article_id=live_page.pk, kind="all").exists()
    assert live_page.title in client.get("/movie-news/").content.decode()
    assert live_page.url in client.get("/sitemap-stories.xml").content.decode()
    assert "data-live-updates" in client.get(live_page.url).content.decode()  # rendered as a LivePage
    assert f'href="{live_page.url}"' in client.get("/search/", {"q": "Silver Lantern"}).content.decode()
    api = client.get("/api/v2/pages/", {"type": "articles.LivePage", "fields": "status,coverage_start"}).json()
    assert [(item["title"], item["status"]) for item in api["items"]] == [(live_page.title, "live")]
    live_page.unpublish()
    assert not StoryListing.objects.filter(article_id=live_page.pk).exists()


def test_query_counts_do_not_grow_with_the_number_of_updates(client, live_page, winner):
    image = wagtail_factories.ImageFactory()

    def add(count: int) -> None:
        for number in range(count):
            LiveUpdateFactory(
                page=live_page,
                body=[
                    ("text", "<p>Mara Quell wins for Low Tide.</p>"),
                    ("image", {"image": image, "alt_text": "", "caption": "", "credit": ""}),
                ],
                links={**winner, "tags": ["Awards"]},
                key_event=number % 2 == 0,
                pinned=number == 0,
            )

    urls = [live_page.url, f"{live_page.url}updates.json?since=2000-01-01T00:00:00Z", f"{live_page.url}feed/"]

    def counts() -> dict[str, int]:
        found = {}
        for url in urls:
            client.get(url)  # renditions are made on first view
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found[url] = len(queries)
        return found

    add(3)
    small = counts()
    add(27)
    assert counts() == small


@pytest.fixture
def cached_live(settings, topic_page):
    settings.NEWSROOM_PAGE_CACHE = True
    settings.NEWSROOM_TAGGED_CACHE = True
    from django.core.cache import cache

    cache.clear()
    page = LivePageFactory(parent=topic_page, title="Live: the Silver Lantern Awards", slug="silver-lantern-live")
    LiveUpdateFactory(page=page, headline="Doors open")
    return page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_an_update_purges_exactly_what_shows_it(client, cached_live):
    """The page, its updates.json and its feeds show the new update at once under the page cache; the home page,
    the topic and the story lists, which do not show updates, stay cached."""
    page = cached_live
    since = urlencode({"since": client.get(f"{page.url}updates.json").json()["since"]})
    showing = [page.url, f"{page.url}updates.json?{since}", f"{page.url}feed/", f"{page.url}feed/json/"]
    elsewhere = ["/", "/movie-news/", "/feed/"]
    for url in [*showing, *elsewhere]:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url
        assert f"live:{page.pk}" in client.get(url)["xkey"].split() or url in elsewhere, url
    draft = LiveUpdateFactory(page=page, headline="Best Actor: Mara Quell", publish=False)
    for url in showing:
        assert "Best Actor: Mara Quell" not in client.get(url).content.decode(), url  # a draft changes nothing
    draft.save_revision().publish()
    for url in showing:
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "Best Actor: Mara Quell" in response.content.decode(), url
    for url in elsewhere:
        assert client.get(url)["X-Page-Cache"] == "hit", url
    assert client.get("/movie-news/?since=2026-01-01")["X-Page-Cache"] == "hit"  # since keys updates.json only
    LiveUpdate.objects.get(pk=draft.pk).unpublish()
    for url in showing:
        assert "Best Actor: Mara Quell" not in client.get(url).content.decode(), url


def test_a_cdn_purge_names_the_page_its_feeds_and_its_updates_json(live_page, settings):
    from articles.signals import urls_for_tags

    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    urls = urls_for_tags({f"live:{live_page.pk}"})
    assert f"{base}{live_page.url}" in urls
    assert f"{base}{live_page.url}updates.json" in urls
    assert f"{base}{live_page.url}feed/" in urls


def test_an_editor_publishes_an_update_from_the_admin_without_republishing_the_page(admin_client, live_page, winner):
    """The "Add live update" button starts the form on the page; "Publish" puts the update live with its links;
    the page keeps its revision."""
    revision = live_page.live_revision_id
    edit = admin_client.get(f"/admin/pages/{live_page.pk}/edit/").content.decode()
    add_url = f"/admin/snippets/articles/liveupdate/add/?page={live_page.pk}"
    assert add_url.replace("&", "&amp;") in edit
    form = BeautifulSoup(admin_client.get(add_url).content, "html.parser")
    assert form.select_one("input[name=page]")["value"] == str(live_page.pk)
    person = winner["people"][0]
    response = admin_client.post(
        add_url,
        {
            "page": live_page.pk,
            "headline": "Best Actor: Mara Quell",
            "body-count": 1,
            "body-0-type": "text",
            "body-0-value": json.dumps(
                {
                    "blocks": [
                        {
                            "key": "a",
                            "text": "Mara Quell wins.",
                            "type": "unstyled",
                            "depth": 0,
                            "inlineStyleRanges": [],
                            "entityRanges": [],
                        }
                    ],
                    "entityMap": {},
                }
            ),
            "body-0-deleted": "",
            "body-0-order": 0,
            "key_event": "on",
            "people": [person.pk],
            "tags": '"Silver Lantern Awards"',
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    update = LiveUpdate.objects.get()
    assert update.live and update.key_event and list(update.people.all()) == [person]
    assert [tag.name for tag in update.tags.all()] == ["Silver Lantern Awards"]
    live_page.refresh_from_db()
    assert live_page.live_revision_id == revision
    assert "Best Actor: Mara Quell" in admin_client.get(f"{live_page.url}updates.json").content.decode()


def test_the_demo_has_a_live_award_night(client, db):
    """An invented ceremony with a dozen updates linking demo entities, one pinned, some key events; idempotent."""
    from articles.demo.builder import build_demo

    build_demo()
    build_demo()
    page = LivePage.objects.get(slug="silver-lantern-awards-live")
    updates = LiveUpdate.objects.filter(page=page)
    assert updates.count() == 12 and updates.filter(live=True).count() == 12
    assert updates.filter(pinned=True).count() == 1 and updates.filter(key_event=True).count() >= 5
    best_picture = updates.get(headline="Best Picture: Black Panther")
    assert {film.name for film in best_picture.films.all()} == {"Black Panther"}
    html = client.get(page.url).content.decode()
    data = json_ld_by_type(html)["LiveBlogPosting"]
    assert len(data["liveBlogUpdate"]) == 12 and data["liveBlogUpdate"][0]["headline"] == best_picture.headline
    assert 'href="/films/black-panther/"' in html
