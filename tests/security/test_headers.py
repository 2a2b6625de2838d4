"""Security headers: the admin may frame its own previews (same origin only), public pages may be framed by nobody,
and every public response carries a Permissions-Policy."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ..factories import ArticlePageFactory
from ._report import tally
from .test_access_matrix import form

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, str]:
    """The Content-Security-Policy header as {directive: value}."""
    policy = response.headers.get("Content-Security-Policy", "")
    parts = (item.strip().split(" ", 1) for item in policy.split(";") if item.strip())
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


@pytest.fixture
def pages(topic_page):
    story = ArticlePageFactory(parent=topic_page, title="Framed story", slug="framed-story")
    return {"home": topic_page.get_parent().specific, "topic": topic_page, "article": story}


@pytest.mark.parametrize("page_type", ["home", "topic", "article"])
def test_the_preview_panel_may_be_framed_by_the_admin_only(admin_client, pages, page_type):
    """Wagtail's side-panel preview loads in an iframe of the admin: same origin may frame it, nobody else."""
    page = pages[page_type]
    data = form(admin_client, reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    if page_type != "article":
        data = {key: value for key, value in data.items() if not key.startswith("body-")}
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,))
    assert admin_client.post(preview_url, data).json()["is_valid"] is True

    panel = admin_client.get(preview_url, {"in_preview_panel": "true", "mode": ""})
    policy = directives(panel)
    problems = []
    if panel.status_code != 200 or page.title.encode() not in panel.content:
        problems.append(f"status {panel.status_code}")
    if policy.get("frame-ancestors") != "'self'":
        problems.append(f"frame-ancestors {policy.get('frame-ancestors')!r}")
    if panel.headers.get("X-Frame-Options", "SAMEORIGIN") != "SAMEORIGIN":
        problems.append(f"X-Frame-Options {panel.headers['X-Frame-Options']}")
    # Everything else in the preview is the public policy: no inline script allowance crept in.
    if "'unsafe-inline'" in policy.get("script-src", ""):
        problems.append("inline scripts allowed in the preview")
    tally("preview and framing headers", 1, int(bool(problems)))
    assert not problems


@pytest.mark.parametrize("page_type", ["home", "topic", "article"])
def test_public_pages_may_not_be_framed_and_carry_a_permissions_policy(client, pages, page_type):
    response = client.get(pages[page_type].url)
    assert response.status_code == 200
    policy = directives(response)
    permissions = response.headers.get("Permissions-Policy", "")
    problems = []
    if policy.get("frame-ancestors") != "'none'":
        problems.append(f"frame-ancestors {policy.get('frame-ancestors')!r}")
    if response.headers.get("X-Frame-Options") != "DENY":
        problems.append(f"X-Frame-Options {response.headers.get('X-Frame-Options')}")
    for feature in ("camera=()", "microphone=()", "geolocation=()", "interest-cohort=()"):
        if feature not in permissions:
            problems.append(f"Permissions-Policy lacks {feature}")
    tally("preview and framing headers", 1, int(bool(problems)))
    assert not problems


def test_a_public_url_asking_for_the_preview_panel_is_not_framable(client, pages):
    """The relaxation belongs to Wagtail's preview requests, not to a query parameter anyone can add."""
    response = client.get(pages["article"].url, {"in_preview_panel": "true"})
    assert directives(response).get("frame-ancestors") == "'none'"
    assert response.headers.get("X-Frame-Options") == "DENY"


def test_the_admin_keeps_its_own_policy(admin_client):
    response = admin_client.get(reverse("wagtailadmin_home"))
    policy = directives(response)
    assert policy.get("frame-ancestors") == "'self'"
    assert "'unsafe-inline'" in policy.get("script-src", "")
