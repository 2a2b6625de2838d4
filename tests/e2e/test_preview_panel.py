"""The editor's live preview panel shows the page inside the admin, and nothing in it is refused by our CSP."""

import pytest
from django.contrib.auth import get_user_model

from articles.models import ArticlePage, HomePage, TopicPage

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, base: str) -> None:
    get_user_model().objects.create_superuser("desk", "desk@example.com", "desk-password-123")
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", "desk")
    page.fill("input[name=password]", "desk-password-123")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


@pytest.mark.parametrize("model", [HomePage, TopicPage, ArticlePage])
def test_the_preview_panel_renders_every_page_type(page, demo_site, model):
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else 0)
    log_in(page, demo_site.url)
    target = model.objects.live().order_by("pk").first()
    page.goto(f"{demo_site.url}/admin/pages/{target.pk}/edit/")
    page.get_by_role("button", name="Toggle preview").click()
    frame = page.frame_locator("iframe#w-preview-iframe, .preview-panel iframe, iframe[title*='review']").first
    frame.locator("main").first.wait_for(timeout=15000)
    assert target.title in frame.locator("body").inner_text()
    assert not refused, refused
