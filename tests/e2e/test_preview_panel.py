"""The editor's live preview panel shows the page inside the admin, and nothing in it is refused by our CSP."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page, get_page_models

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Every page type editors can create, read from Wagtail's registry so a new one is covered (and needs demo content).
PAGE_TYPES = [model for model in get_page_models() if model is not Page]


def log_in(page, base: str) -> None:
    get_user_model().objects.create_superuser("desk", "desk@example.com", "desk-password-123")
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", "desk")
    page.fill("input[name=password]", "desk-password-123")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def test_every_page_type_is_covered():
    """The list is Wagtail's, not a hand-kept one: at least the three types of our tree."""
    assert {model.__name__ for model in PAGE_TYPES} >= {"HomePage", "TopicPage", "ArticlePage"}


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda model: model.__name__)
def test_the_preview_panel_renders_every_page_type(page, demo_site, model):
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else 0)
    log_in(page, demo_site.url)
    target = model.objects.live().order_by("pk").first()
    assert target is not None, f"the demo has no live {model.__name__} to preview"
    page.goto(f"{demo_site.url}/admin/pages/{target.pk}/edit/")
    page.get_by_role("button", name="Toggle preview").click()
    frame = page.frame_locator("iframe#w-preview-iframe, .preview-panel iframe, iframe[title*='review']").first
    frame.locator("main").first.wait_for(timeout=15000)
    # The page's own content: the demo's pages have no unpublished changes, so the preview reads as the public page
    # (its opening; the preview lists an article's tags in another order).
    previewed = " ".join(frame.locator("main").first.text_content().split())
    public = page.context.new_page()
    public.goto(demo_site.url + target.get_url())
    published = " ".join(public.locator("main").first.text_content().split())
    assert target.title in published
    assert len(published) > 200
    assert previewed[:1000] == published[:1000]
    assert not refused, refused
