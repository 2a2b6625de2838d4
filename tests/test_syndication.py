"""Syndication out (issue #19): partners' full-text feeds behind a token, managed in the admin, and WebSub hub
announcements on publish."""

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import feedparser
import pytest
from django.core.cache import cache
from django.urls import reverse

from articles.models import ArticlePage, Partner
from articles.models.partners import hash_token

from .factories import ArticlePageFactory, StudioFactory

pytestmark = pytest.mark.django_db

BODY = "The android war film shoots in Budapest from May."


@pytest.fixture
def story(topic_page):
    studio = StudioFactory(name="STX Entertainment", slug="stx-entertainment")
    return ArticlePageFactory(
        parent=topic_page,
        title="Zemeckis to direct Steel Soldiers",
        body=[("paragraph", f'<p>{BODY} <a href="/movie-news/">More news</a></p>')],
        links={"studios": [studio]},
    )


@pytest.fixture
def partner():
    partner = Partner(name="Cinema Daily")
    token = partner.issue_token()
    partner.save()
    return partner, token


# Full text for partners.


def test_a_partner_token_adds_the_full_text_to_rss_atom_and_json_feed(client, story, partner):
    _, token = partner
    rss = client.get(f"/feed/?token={token}")
    parsed = feedparser.parse(rss.content)
    assert not parsed.bozo
    assert BODY in parsed.entries[0].content[0].value
    assert b"<content:encoded>" in rss.content
    # Links in the body are made absolute for readers on another site.
    assert 'href="http://localhost/movie-news/"' in parsed.entries[0].content[0].value
    atom = feedparser.parse(client.get("/movie-news/feed/atom/", HTTP_AUTHORIZATION=f"Bearer {token}").content)
    assert not atom.bozo
    assert BODY in atom.entries[0].content[0].value
    data = json.loads(client.get(f"/studios/stx-entertainment/feed/json/?token={token}").content)
    assert BODY in data["items"][0]["content_html"]


def test_tokened_feeds_are_private_and_never_shared_caches(client, story, partner, settings):
    _, token = partner
    response = client.get(f"/feed/?token={token}")
    assert response["Cache-Control"] == "private, no-store"
    assert "xkey" not in response and "Surrogate-Key" not in response


def test_the_public_feed_is_unchanged_without_a_token(client, story):
    response = client.get("/feed/")
    assert b"content:encoded" not in response.content
    assert BODY.encode() not in response.content
    assert "content_html" not in json.loads(client.get("/feed/json/").content)["items"][0]


@pytest.mark.parametrize(
    ("params", "headers", "status", "message"),
    [
        ("?token=not-a-token", {}, 403, "This partner token is not valid or has been revoked."),
        ("?token=", {}, 401, "The token parameter is empty: give your partner token, or leave it out."),
        ("", {"HTTP_AUTHORIZATION": "Basic dXNlcjpwdw=="}, 401, "Send the partner token as 'Authorization: Bearer"),
        ("", {"HTTP_AUTHORIZATION": "Bearer nope"}, 403, "This partner token is not valid or has been revoked."),
        (f"?token={'x' * 5000}", {}, 403, "This partner token is not valid or has been revoked."),
    ],
)
def test_a_bad_token_is_refused_with_a_clear_message(client, story, params, headers, status, message):
    response = client.get(f"/feed/atom/{params}", **headers)
    assert response.status_code == status
    assert response.content.decode().startswith(message)
    assert response["Cache-Control"] == "private, no-store"
    assert BODY.encode() not in response.content
    if status == 401:
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_inactive_partner_is_refused(client, story, partner):
    record, token = partner
    record.active = False
    record.save()
    assert client.get(f"/feed/?token={token}").status_code == 403


def test_only_a_hash_of_the_token_is_stored(partner):
    record, token = partner
    record.refresh_from_db()
    assert record.token_hash == hash_token(token)
    assert token not in {str(value) for value in Partner.objects.values_list(flat=False).get()}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_page_cache_never_serves_a_public_copy_to_a_partner_nor_stores_theirs(client, settings, topic_page):
    settings.NEWSROOM_PAGE_CACHE = True
    settings.NEWSROOM_TAGGED_CACHE = True
    cache.clear()
    ArticlePageFactory(parent=topic_page, body=[("paragraph", f"<p>{BODY}</p>")])
    record = Partner(name="Cinema Daily")
    token = record.issue_token()
    record.save()
    client.get("/feed/")
    assert client.get("/feed/")["X-Page-Cache"] == "hit"
    tokened = client.get(f"/feed/?token={token}")
    assert "X-Page-Cache" not in tokened
    assert BODY.encode() in tokened.content
    assert BODY.encode() not in client.get("/feed/").content  # the partner's copy was not stored either


# The admin: create (token shown once), rotate, permissions.


def test_an_admin_adds_a_partner_and_sees_its_token_once(client, story, people):
    client.force_login(people["admin"])
    response = client.post(reverse("partners:add"), {"name": "Screen Weekly", "active": "on"})
    assert response.status_code == 200
    assert {"private", "no-store"} <= {value.strip() for value in response["Cache-Control"].split(",")}
    partner = Partner.objects.get(name="Screen Weekly")
    token = response.context["token"]
    assert token in response.content.decode()
    assert partner.token_hash == hash_token(token)
    assert token not in client.get(reverse("partners:edit", args=[partner.pk])).content.decode()
    client.logout()
    assert BODY in feedparser.parse(client.get(f"/feed/?token={token}").content).entries[0].content[0].value


def test_rotating_a_token_replaces_it(client, story, partner, people):
    record, old = partner
    client.force_login(people["admin"])
    assert client.get(reverse("partners:rotate", args=[record.pk])).status_code == 200
    response = client.post(reverse("partners:rotate", args=[record.pk]))
    new = response.context["token"]
    assert new != old and new in response.content.decode()
    client.logout()
    assert client.get(f"/feed/?token={old}").status_code == 403
    assert client.get(f"/feed/?token={new}").status_code == 200


@pytest.mark.parametrize("role", ["editor", "contributor"])
def test_only_admins_manage_partners(client, partner, people, role):
    record, _ = partner
    client.force_login(people[role])
    assert client.get(reverse("partners:index")).status_code in (302, 403)
    assert client.post(reverse("partners:rotate", args=[record.pk])).status_code in (302, 403)
    assert Partner.objects.get().token_hash == record.token_hash


# WebSub.


HUB = "http://127.0.0.1:9/hub"


def test_without_a_hub_feeds_name_none(client, story):
    response = client.get("/feed/")
    assert b'rel="hub"' not in response.content
    assert "Link" not in response


@pytest.mark.parametrize("url", ["/feed/", "/movie-news/feed/atom/", "/studios/stx-entertainment/feed/json/"])
def test_with_a_hub_every_feed_advertises_it_in_its_body_and_link_header(client, story, settings, url):
    settings.NEWSROOM_WEBSUB_HUB = HUB
    response = client.get(url)
    assert response["Link"] == f'<{HUB}>; rel="hub", <http://localhost{url}>; rel="self"'
    if url.endswith("json/"):
        assert json.loads(response.content)["hubs"] == [{"type": "WebSub", "url": HUB}]
    else:
        links = {link["rel"]: link["href"] for link in feedparser.parse(response.content).feed.links}
        assert links["hub"] == HUB
        assert links["self"] == f"http://localhost{url}"


class Hub:
    """A WebSub hub on loopback that records what publishers post to it."""

    def __init__(self, status: int = 204) -> None:
        posts = self.posts = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                posts.append(urllib.parse.parse_qs(self.rfile.read(length).decode()))
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def topics(self) -> set[str]:
        assert all(post["hub.mode"] == ["publish"] for post in self.posts)
        return {url for post in self.posts for url in post["hub.url"]}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_a_story_tells_the_hub_which_feeds_changed(settings, topic_page):
    studio = StudioFactory(name="STX Entertainment", slug="stx-entertainment")
    draft = ArticlePageFactory(parent=topic_page, live=False, links={"studios": [studio]})
    with Hub() as hub:
        settings.NEWSROOM_WEBSUB_HUB = hub.url
        draft.save_revision().publish()
    expected = {
        f"http://localhost{path}{suffix}"
        for path in ("/", "/movie-news/", "/studios/stx-entertainment/")
        for suffix in ("feed/", "feed/atom/", "feed/json/")
    }
    assert expected <= hub.topics()
    assert all("/feed" in topic for topic in hub.topics())
    assert not any(topic.startswith(draft.full_url) for topic in hub.topics())  # a story has no feed of its own


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_hub_that_refuses_never_stops_a_publication(settings, topic_page):
    draft = ArticlePageFactory(parent=topic_page, live=False)
    with Hub(status=500) as hub:
        settings.NEWSROOM_WEBSUB_HUB = hub.url
        draft.save_revision().publish()
    assert hub.posts  # it was asked
    assert ArticlePage.objects.get(pk=draft.pk).live


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_without_a_hub_publishing_posts_nothing(settings, topic_page):
    draft = ArticlePageFactory(parent=topic_page, live=False)
    with Hub() as hub:
        settings.NEWSROOM_WEBSUB_HUB = ""
        draft.save_revision().publish()
    assert hub.posts == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_database_queue_the_worker_posts_to_the_hub_not_the_publisher(settings, topic_page):
    """Publishing only queues the announcement; ``manage.py worker`` (django-tasks' worker) posts it."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    draft = ArticlePageFactory(parent=topic_page, live=False)
    with Hub() as hub:
        settings.NEWSROOM_WEBSUB_HUB = hub.url
        draft.save_revision().publish()
        assert hub.posts == []
        queued = DBTaskResult.objects.filter(task_path="articles.websub.announce")
        assert queued.count() == 1
        call_command("worker", "--once", verbosity=0)
    assert "http://localhost/feed/" in hub.topics()
    assert queued.get().status == "SUCCESSFUL"
