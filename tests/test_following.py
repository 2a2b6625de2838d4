"""Follow anything by email (issue #20 item 3): double opt-in, digests delivered to a real SMTP server on loopback,
RFC 8058 one-click unsubscribe that deletes the address."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from articles import following
from articles.models import Follow, Follower

from .factories import ArticlePageFactory, FilmFactory, StudioFactory
from .smtp import html_part, smtp_server, text_part  # noqa: F401 - the smtp_server fixture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def committed(monkeypatch):
    """The test runs in one transaction; run what the code defers to commit (sending mail) at once instead."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda callback, *args, **kwargs: callback())


@pytest.fixture
def studio():
    return StudioFactory(name="STX Entertainment")


def sign_up(client, thing, email="reader@example.com", frequency="instant", kind="studio"):
    return client.post(
        reverse("articles:follow"), {"email": email, "frequency": frequency, "kind": kind, "object_id": thing.pk}
    )


def link(message, name):
    return re.search(rf"https?://[^\s\"<>]+/following/[\w-]+/{name}", text_part(message)).group(0)


def confirm(client, message):
    path = "/" + link(message, "confirm/").split("/", 3)[3]
    assert client.get(path).status_code == 200  # a page with a button: mail scanners only GET
    assert not Follower.objects.get().confirmed
    return client.post(path)


def test_every_followable_page_has_the_form(client, home_page, topic_page, studio):
    film = FilmFactory(name="Steel Soldiers")
    story = ArticlePageFactory(parent=topic_page, title="A story", links={"films": [film], "tags": ["Sci-Fi"]})
    for url in ["/studios/stx-entertainment/", "/films/steel-soldiers/", topic_page.url, "/tags/sci-fi/"]:
        html = client.get(url).content.decode()
        assert 'action="/follow/"' in html, url
    assert 'action="/follow/"' not in client.get(story.url).content.decode()


def test_double_opt_in_then_a_digest_with_one_click_unsubscribe(client, smtp_server, topic_page, studio):  # noqa: F811
    response = sign_up(client, studio)
    assert response.status_code == 200 and b"Check your inbox" in response.content
    assert response["Cache-Control"] == "private, no-store"
    [request] = smtp_server.wait(1)
    assert request["To"] == "reader@example.com" and "STX Entertainment" in request["Subject"]
    assert "One-Click" in request["List-Unsubscribe-Post"]

    # Nothing goes out before the address is confirmed.
    ArticlePageFactory(parent=topic_page, title="Before confirming", links={"studios": [studio]})
    assert len(smtp_server.messages) == 1

    assert confirm(client, request).status_code == 302
    follower = Follower.objects.get()
    assert follower.confirmed and follower.follows.get().confirmed

    ArticlePageFactory(parent=topic_page, title="STX signs a new slate", links={"studios": [studio]})
    ArticlePageFactory(parent=topic_page, title="Unrelated story")
    [_, digest] = smtp_server.wait(2)
    assert digest["Subject"] == "1 new story about STX Entertainment"
    assert "STX signs a new slate" in text_part(digest) and "STX signs a new slate" in html_part(digest)
    assert "Unrelated story" not in text_part(digest) and "Before confirming" not in text_part(digest)
    assert digest["List-Unsubscribe"].startswith("<http") and digest["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )

    # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click", without cookies or a CSRF token.
    unsubscribe_path = "/" + digest["List-Unsubscribe"].strip("<>").split("/", 3)[3]
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        unsubscribe_path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not Follower.objects.exists() and not Follow.objects.exists()


def test_instant_emails_are_throttled_and_bounded(client, smtp_server, topic_page, studio):  # noqa: F811
    sign_up(client, studio)
    confirm(client, smtp_server.wait(1)[0])
    ArticlePageFactory(parent=topic_page, title="First", links={"studios": [studio]})
    smtp_server.wait(2)
    for number in range(following.MAX_STORIES + 5):
        ArticlePageFactory(parent=topic_page, title=f"Flood {number}", links={"studios": [studio]})
    assert len(smtp_server.messages) == 2  # within the gap: held back
    with freeze_time(timezone.now() + following.INSTANT_GAP + timedelta(minutes=1)):
        assert following.send_due_digests.call() == 1
    digest = smtp_server.wait(3)[2]
    assert digest["Subject"] == f"{following.MAX_STORIES} new stories about STX Entertainment"
    assert text_part(digest).count("/movie-news/flood-") == following.MAX_STORIES


def test_daily_followers_get_one_digest_a_day(client, smtp_server, topic_page, studio):  # noqa: F811
    sign_up(client, studio, frequency="daily")
    confirm(client, smtp_server.wait(1)[0])
    ArticlePageFactory(parent=topic_page, title="Morning story", links={"studios": [studio]})
    assert following.send_due_digests.call() == 0
    with freeze_time(timezone.now() + timedelta(days=1)):
        assert following.send_due_digests.call() == 1
        assert following.send_due_digests.call() == 0
    assert "Morning story" in text_part(smtp_server.wait(2)[1])


def test_a_repeated_sign_up_sends_one_confirmation(client, smtp_server, studio):  # noqa: F811
    for _ in range(3):
        assert sign_up(client, studio, email="Reader@Example.com").status_code == 200
    smtp_server.wait(1)
    assert len(smtp_server.messages) == 1
    assert Follower.objects.get().email == "reader@example.com" and Follow.objects.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"email": "not an address", "kind": "studio"},
        {"email": "a@example.com", "kind": "nonsense"},
        {"email": "a@example.com", "kind": "studio", "object_id": "999999"},
        {"email": "a@example.com", "kind": "studio", "object_id": "abc"},
        {"email": "a@example.com", "kind": "studio", "object_id": "9" * 30},
        {"email": "a@example.com" * 30, "kind": "studio"},
        {},
    ],
)
def test_junk_sign_ups_are_a_clear_400_and_store_nothing(client, studio, data):
    data = {"frequency": "daily", "object_id": str(studio.pk), **data}
    response = client.post(reverse("articles:follow"), data)
    assert response.status_code == 400
    assert b"Could not follow" in response.content
    assert not Follower.objects.exists()


def test_proposed_entities_and_drafts_cannot_be_followed(client, topic_page):
    proposed = StudioFactory(name="Maybe Studio", review_status="proposed")
    assert sign_up(client, proposed).status_code == 400


def test_the_following_page_changes_frequency_removes_and_deletes(client, smtp_server, studio):  # noqa: F811
    film = FilmFactory(name="Steel Soldiers")
    sign_up(client, studio)
    sign_up(client, film, kind="film")
    confirm(client, smtp_server.wait(1)[0])
    follower = Follower.objects.get()
    page = reverse("articles:following", args=[follower.token])
    html = client.get(page).content.decode()
    assert "STX Entertainment" in html and "Steel Soldiers" in html

    assert client.post(page, {"action": "frequency", "frequency": "daily"}).status_code == 302
    follower.refresh_from_db()
    assert follower.frequency == "daily"
    film_follow = follower.follows.get(kind="film")
    assert client.post(page, {"action": "remove", "follow": film_follow.pk}).status_code == 302
    assert list(follower.follows.values_list("kind", flat=True)) == ["studio"]
    assert client.post(page, {"action": "explode"}).status_code == 400
    assert client.post(page, {"action": "unsubscribe"}).status_code == 200
    assert not Follower.objects.exists()
    assert client.get(page).status_code == 404


@pytest.mark.parametrize("token", ["nope", "x" * 500, "%E2%98%83"])
def test_unknown_tokens_are_404(client, home_page, token):
    assert client.get(f"/following/{token}/").status_code == 404
    assert client.get(f"/following/{token}/confirm/").status_code == 404
    assert client.post(f"/following/{token}/unsubscribe/").status_code == 200  # nothing to delete: done
