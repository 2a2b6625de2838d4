"""A reader follows a studio by email, confirms from the emailed link, an editor publishes a story about the
studio, and the digest reaches a real SMTP server on loopback with the story and a working one-click unsubscribe
(issue #20's acceptance)."""

import re
import urllib.request
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

from articles.models import ArticlePage, Follower

from ..smtp import html_part, smtp_server, text_part  # noqa: F401 - the smtp_server fixture
from .helpers import log_in, start_story

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "STX Entertainment books a second robot picture"


def test_a_reader_follows_a_studio_and_gets_the_story(browser, page, demo_site, smtp_server):  # noqa: F811
    base = demo_site.url
    page.goto(base + "/studios/stx-entertainment/")
    form = page.get_by_role("form", name="Follow STX Entertainment by email")
    form.get_by_label("Follow STX Entertainment by email").fill("reader@example.com")
    form.get_by_label("How often").select_option("instant")
    form.get_by_role("button", name="Follow").click()
    page.get_by_role("heading", name="Check your inbox").wait_for()

    [request] = smtp_server.wait(1)
    # The email links to the site's configured host; the live server answers on another port.
    confirm_url = re.search(r"http\S+/confirm/", text_part(request)).group(0)
    page.goto(base + urlsplit(confirm_url).path)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_text("Confirmed.").wait_for()
    assert "STX Entertainment" in page.locator("main").inner_text()

    editor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    get_user_model().objects.create_superuser("desk", "desk@example.com", "desk-password-123")
    log_in(editor, base, "desk", "desk-password-123")
    start_story(
        editor,
        base,
        title=TITLE,
        standfirst="The studio signs on for another android action film.",
        paragraph="STX Entertainment has agreed to make a second film about android soldiers.",
    )
    editor.get_by_role("tab", name="Entities & tags").click()
    editor.locator(".newsroom-suggestions").get_by_role(
        "button", name="Add STX Entertainment to Studios", exact=True
    ).click()
    editor.locator("button.dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    editor.get_by_role("button", name="Publish").click()
    editor.wait_for_url("**/admin/pages/**")
    story = ArticlePage.objects.get(title=TITLE)
    assert story.live

    digest = smtp_server.wait(2)[1]
    assert digest["To"] == "reader@example.com"
    assert TITLE in text_part(digest) and TITLE in html_part(digest)
    assert story.url in text_part(digest)

    # One click in the mail client: a POST with "List-Unsubscribe=One-Click" and nothing else (RFC 8058).
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = base + urlsplit(digest["List-Unsubscribe"].strip("<>")).path
    one_click = urllib.request.Request(
        unsubscribe,
        data=b"List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
    )
    with urllib.request.urlopen(one_click, timeout=30) as response:  # noqa: S310 - the test's own server
        assert response.status == 200
    assert not Follower.objects.exists()
