"""The admin works under its Content Security Policy without 'unsafe-eval': no screen an editor uses reports a
refused script, including the page editor with its live preview and accessibility checks."""

import pytest

from articles.models import ArticlePage, Studio

from .test_preview_panel import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_admin_screens_run_without_eval(page, demo_site):
    refused: list[str] = []
    page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    log_in(page, demo_site.url)
    story, studio = ArticlePage.objects.live().order_by("pk").first(), Studio.objects.order_by("pk").first()
    screens = [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{story.get_parent().pk}/",
        f"/admin/pages/{story.pk}/edit/",
        f"/admin/pages/{story.pk}/history/",
        "/admin/images/",
        f"/admin/snippets/articles/studio/edit/{studio.pk}/",
        "/admin/reports/site-history/",
    ]
    for screen in screens:
        response = page.goto(demo_site.url + screen)
        assert response.status == 200, screen
        assert "'unsafe-eval'" not in response.headers["content-security-policy"]
        if screen.endswith("/edit/") and "/pages/" in screen:
            page.get_by_role("button", name="Toggle preview").click()
            page.frame_locator("iframe").first.locator("main").first.wait_for()
            checks = page.get_by_role("button", name="Toggle checks")
            if checks.count():
                checks.first.click()
            page.wait_for_timeout(1500)  # the accessibility checker runs inside the preview
        page.wait_for_load_state("networkidle")
    assert not refused, refused
