"""The readers' sign-in page for login-restricted pages (WAGTAIL_FRONTEND_LOGIN_TEMPLATE): it renders in the site's
design under the public Content Security Policy, says what went wrong, and signs the reader in."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db

PASSWORD = "right-horse-battery-9"  # noqa: S105 - test credential


@pytest.fixture
def members_page(topic_page):
    PageViewRestriction.objects.create(page=topic_page, restriction_type=PageViewRestriction.LOGIN)
    return topic_page


def test_a_restricted_page_sends_the_reader_to_a_working_sign_in_form(client, members_page):
    redirect = client.get(members_page.url)
    assert redirect.status_code == 302
    response = client.get(redirect["Location"])
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_username">' in html
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert f'name="next" value="{members_page.url}"' in html
    assert "<script" not in html.replace('<script type="application/ld+json">', "")
    assert "style=" not in html and "<style" not in html
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_a_wrong_password_is_announced(client, django_user_model):
    django_user_model.objects.create_user("reader", password=PASSWORD)
    response = client.post(reverse("wagtailcore_login"), {"username": "reader", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert "Please enter a correct username and password" in html
    assert 'aria-invalid="true"' in html


def test_the_reader_signs_in_and_returns_to_the_page(client, members_page, django_user_model):
    django_user_model.objects.create_user("reader", password=PASSWORD)
    response = client.post(
        reverse("wagtailcore_login"), {"username": "reader", "password": PASSWORD, "next": members_page.url}
    )
    assert response.status_code == 302
    assert response["Location"] == members_page.url
    assert client.get(members_page.url).status_code == 200


def test_without_a_page_to_return_to_the_reader_lands_on_the_home_page(client, home_page, django_user_model):
    django_user_model.objects.create_user("reader", password=PASSWORD)
    response = client.post(reverse("wagtailcore_login"), {"username": "reader", "password": PASSWORD})
    assert response["Location"] == "/"
