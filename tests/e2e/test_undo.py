"""An admin merges two tags in the browser, then undoes the merge: the old URL and the links are back."""

import pytest
from taggit.models import Tag

from articles.models import ArticlePage, CurationChange

# No serialized_rollback: demo_site (tests/e2e/conftest.py) restores the migration rows itself.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_admin_merges_then_undoes_the_merge_and_the_old_url_and_links_are_back(browser, page, demo_site):
    base = demo_site.url
    drifted = Tag.objects.get(name="sci fi")
    old_url = f"/tags/{drifted.slug}/"
    profile = ArticlePage.objects.get(tags=drifted)
    page.goto(base + profile.url)  # cached with its "sci fi" link (the page cache is on)
    assert page.get_by_role("link", name="sci fi", exact=True).count() >= 1

    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "newsroom-admin")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")

    page.goto(base + "/admin/curation/tags/duplicates/")
    page.locator("form.curation-group", has_text="sci fi").get_by_role("button", name="Merge this group").click()
    page.get_by_role("button", name="Merge", exact=True).click()
    page.wait_for_url("**/admin/curation/tags/duplicates/")
    assert page.goto(base + old_url).url.endswith("/tags/sci-fi/")

    page.goto(base + "/admin/curation/history/")
    page.get_by_role("link", name="Undo: Merged “sci fi” into “Sci-Fi”").click()
    preview = page.locator("main").inner_text()
    assert "restored the tag “sci fi”" in preview
    assert not Tag.objects.filter(pk=drifted.pk).exists()  # the preview changed nothing
    page.get_by_role("button", name="Undo", exact=True).click()
    page.wait_for_url("**/admin/curation/history/")
    assert "Undid “Merged “sci fi” into “Sci-Fi”" in page.locator(".messages").inner_text()
    assert CurationChange.objects.get().undone_at is not None

    # This browser keeps the 301 it followed (browsers cache permanent redirects); the server no longer sends it.
    assert page.request.get(base + old_url, max_redirects=0).status == 200
    reader = browser.new_page()
    try:
        response = reader.goto(base + old_url)
        assert response.status == 200 and response.url == base + old_url  # the tag's own page again
        assert profile.title in reader.content()
        reader.goto(base + profile.url)
        assert reader.get_by_role("link", name="sci fi", exact=True).count() >= 1
    finally:
        reader.close()
