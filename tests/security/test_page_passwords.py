"""Password-restricted pages: wrong passwords are throttled per restriction and client address, and a bad
return_url lands on the restricted page (newsroom.views.authenticate_with_password)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from ._report import tally

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
GUESSER = "203.0.113.9"
READER = "198.51.100.7"
PASSWORD = "opening-night"  # noqa: S105 - test credential


@pytest.fixture(autouse=True)
def behind_one_proxy(settings):
    settings.NEWSROOM_TRUSTED_PROXIES = 1


@pytest.fixture
def restriction(topic_page):
    return PageViewRestriction.objects.create(
        page=topic_page, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
    )


def submit(client, restriction, password: str, address: str, return_url: str = "/movie-news/"):
    return client.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, restriction.page_id]),
        {"password": password, "return_url": return_url},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"192.0.2.1, {address}",
    )


def test_the_sixth_wrong_password_is_refused_with_429(client, restriction):
    statuses = [submit(client, restriction, "guess", GUESSER).status_code for _ in range(5)]
    refused = submit(client, restriction, PASSWORD, GUESSER)
    tally("lockout cases", 1, int(refused.status_code != 429))
    assert statuses == [200] * 5
    assert refused.status_code == 429
    assert "Too many failed passwords for this page" in refused.content.decode()


def test_the_right_password_from_another_address_still_works(client, restriction):
    for _ in range(6):
        submit(client, restriction, "guess", GUESSER)
    response = submit(client, restriction, PASSWORD, READER)
    tally("lockout cases", 1, int(response.status_code != 302))
    assert response.status_code == 302
    assert response["Location"] == "/movie-news/"
    assert client.get("/movie-news/").status_code == 200


def test_success_resets_the_count(client, restriction):
    for _ in range(4):
        submit(client, restriction, "guess", READER)
    assert submit(client, restriction, PASSWORD, READER).status_code == 302
    statuses = [submit(client, restriction, "guess", READER).status_code for _ in range(4)]
    tally("lockout cases", 1, int(statuses != [200] * 4))
    assert statuses == [200] * 4


@pytest.mark.parametrize("return_url", ["//evil.example", "https://evil.example/", "junk", "", "/\\evil.example"])
def test_a_bad_return_url_lands_on_the_restricted_page(client, restriction, return_url):
    response = submit(client, restriction, PASSWORD, READER, return_url=return_url)
    tally("lockout cases", 1, int(response.get("Location") != "/movie-news/"))
    assert response.status_code == 302
    assert response["Location"] == "/movie-news/"
    assert client.get(response["Location"]).status_code == 200
