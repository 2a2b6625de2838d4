"""Login throttling behind the documented proxy: the client address comes from X-Forwarded-For, and neither a
stranger's failures nor spoofed header entries lock an account owner out (newsroom.throttle, django-axes)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse

from newsroom.throttle import client_ip

from ._report import tally

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # nginx, as the application sees it
ATTACKER = "203.0.113.9"
OWNER = "198.51.100.7"
PASSWORD = "right-horse-battery-9"  # noqa: S105 - test credential
LOGIN_URLS = ["wagtailadmin_login", "wagtailcore_login"]

behind_one_proxy = override_settings(AXES_ENABLED=True, NEWSROOM_TRUSTED_PROXIES=1)


@pytest.fixture
def owner(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.com", PASSWORD)


def attempt(client, url_name: str, username: str, password: str, forwarded_for: str):
    """A login POST as it arrives from nginx: REMOTE_ADDR is the proxy, the client is in X-Forwarded-For."""
    return client.post(
        reverse(url_name),
        {"username": username, "password": password, "next": "/"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@behind_one_proxy
@pytest.mark.parametrize("url_name", LOGIN_URLS)
def test_a_strangers_failures_do_not_lock_the_owner_out(client, owner, url_name):
    """Five wrong passwords for `admin` from one reader leave `admin` free to sign in from elsewhere."""
    for _ in range(5):
        attempt(client, url_name, "admin", "wrong", ATTACKER)
    response = attempt(client, url_name, "admin", PASSWORD, OWNER)
    tally("lockout cases", 1, int(response.status_code != 302))
    assert response.status_code == 302


@behind_one_proxy
@pytest.mark.parametrize("url_name", LOGIN_URLS)
def test_the_guesser_is_refused_with_429_even_with_the_right_password(client, owner, url_name):
    statuses = [attempt(client, url_name, "admin", "wrong", ATTACKER).status_code for _ in range(5)]
    response = attempt(client, url_name, "admin", PASSWORD, ATTACKER)
    tally("lockout cases", 1, int(response.status_code != 429))
    assert statuses[:4] == [200] * 4
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


@behind_one_proxy
@pytest.mark.parametrize("url_name", LOGIN_URLS)
def test_spoofed_leftmost_forwarded_for_entries_do_not_reset_the_count(client, owner, url_name):
    """The client writes whatever it likes left of the address nginx appends; only the appended one counts."""
    for number in range(5):
        attempt(client, url_name, "admin", "wrong", f"192.0.2.{number}, {ATTACKER}")
    response = attempt(client, url_name, "admin", PASSWORD, f"192.0.2.77, {ATTACKER}")
    tally("lockout cases", 1, int(response.status_code != 429))
    assert response.status_code == 429


@behind_one_proxy
@pytest.mark.parametrize("url_name", LOGIN_URLS)
def test_spraying_many_usernames_from_one_address_is_throttled(client, owner, url_name):
    """One wrong password for each of 12 usernames: refused from the 10th on, yet other readers sign in."""
    statuses = [attempt(client, url_name, f"user{number}", "wrong", ATTACKER).status_code for number in range(12)]
    owner_response = attempt(client, url_name, "admin", PASSWORD, OWNER)
    tally("lockout cases", 2, int(statuses[9:] != [429] * 3) + int(owner_response.status_code != 302))
    assert statuses[:9] == [200] * 9
    assert statuses[9:] == [429] * 3
    assert owner_response.status_code == 302


@override_settings(AXES_ENABLED=True, NEWSROOM_TRUSTED_PROXIES=0)
def test_without_trusted_proxies_forwarded_for_is_ignored(client, owner):
    """Served directly, a client cannot dodge the count by sending X-Forwarded-For."""
    for number in range(5):
        client.post(
            reverse("wagtailadmin_login"),
            {"username": "admin", "password": "wrong"},
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )
    response = client.post(
        reverse("wagtailadmin_login"), {"username": "admin", "password": PASSWORD}, REMOTE_ADDR=ATTACKER
    )
    tally("lockout cases", 1, int(response.status_code != 429))
    assert response.status_code == 429


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "192.0.2.1", PROXY),
        (1, "192.0.2.1", "192.0.2.1"),
        (1, "6.6.6.6, 192.0.2.1", "192.0.2.1"),
        (2, "6.6.6.6, 192.0.2.1, 10.0.0.9", "192.0.2.1"),
        (2, "192.0.2.1", PROXY),  # fewer entries than proxies: it did not come through them
        (1, "not-an-address", PROXY),
        (1, "", PROXY),
    ],
)
def test_client_ip_takes_the_nth_forwarded_address_from_the_right(settings, proxies, forwarded_for, expected):
    settings.NEWSROOM_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_ip(request) == expected
