"""An editor answers "what have we written about STX, and what is still in draft?" in the browser: from the
"Stories" listing's studio filter, and from the studio's own "Stories" tab."""

import re

import pytest

from articles.models import ArticlePage, Studio

# No serialized_rollback: demo_site (tests/e2e/conftest.py) restores the migration rows itself.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in_as_editor(page, base: str) -> None:
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", "newsroom-demo")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def test_an_editor_filters_stories_by_a_studio_and_sees_drafts_and_live_ones(page, demo_site):
    base = demo_site.url
    stx = Studio.objects.get(name="STX Entertainment")
    about_stx = ArticlePage.objects.filter(studios=stx)
    live = set(about_stx.filter(live=True).values_list("title", flat=True))
    drafts = set(about_stx.filter(live=False).values_list("title", flat=True))
    assert live and drafts  # the demo has both
    others = set(ArticlePage.objects.exclude(studios=stx).values_list("title", flat=True))

    sign_in_as_editor(page, base)
    page.get_by_role("link", name="Stories").first.click()
    page.wait_for_url("**/admin/stories/")
    rows = page.locator("#listing-results tbody tr")
    assert rows.count() == ArticlePage.objects.count()

    # The filter: open it, search the studio by part of its name, choose it; the results follow at once.
    page.get_by_role("button", name="Show filters").click()
    page.locator(".w-drilldown__toggle", has_text="Studios").click()
    page.get_by_label("Search to add studio").fill("STX")
    page.locator(".entity-autocomplete__results button", has_text="STX Entertainment").click()
    page.wait_for_url(re.compile(rf"studio={stx.pk}"))  # reflected in the URL, so the view can be shared
    page.wait_for_function(f"document.querySelectorAll('#listing-results tbody tr').length === {len(about_stx)}")

    shown = {row.locator("td.title a").first.inner_text().strip() for row in rows.all()}
    assert shown == live | drafts
    assert not shown & others
    for title in drafts:
        assert "draft" in rows.filter(has_text=title).locator("td").nth(3).inner_text().lower()
    for title in live:
        assert "live" in rows.filter(has_text=title).locator("td").nth(3).inner_text().lower()

    # Narrowed to what is still in draft: the status filter combines with the studio.
    page.goto(page.url + "&status=draft")
    shown = {row.locator("td.title a").first.inner_text().strip() for row in rows.all()}
    assert shown == drafts

    # The studio's own "Stories" tab lists the same stories and links back to the filtered listing.
    page.goto(f"{base}/admin/snippets/articles/studio/edit/{stx.pk}/")
    page.get_by_role("tab", name="Stories").click()
    tab = page.locator("section[role=tabpanel]", has_text="stories link here")
    for title in live | drafts:
        assert tab.get_by_role("link", name=title).is_visible()
    tab.get_by_role("link", name="Filter the Stories listing by it").click()
    page.wait_for_url(re.compile(rf"/admin/stories/\?studio={stx.pk}$"))
    assert {row.locator("td.title a").first.inner_text().strip() for row in rows.all()} == live | drafts
