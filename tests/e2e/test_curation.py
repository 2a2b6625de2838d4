"""An admin merges a group from "Likely duplicate tags" in the browser; the public site follows at once."""

import pytest
from taggit.models import Tag

from articles.models import ArticlePage

# No serialized_rollback: demo_site (tests/e2e/conftest.py) restores the migration rows itself.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_admin_merges_a_duplicate_group_and_the_old_tag_url_redirects(page, demo_site):
    base = demo_site.url
    drifted = Tag.objects.get(name="sci fi")
    old_url = f"/tags/{drifted.slug}/"
    assert old_url != "/tags/sci-fi/"  # the two spellings slugify alike; taggit gave the second a suffix
    profile = ArticlePage.objects.get(tags=drifted)

    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "newsroom-admin")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")

    page.goto(base + "/admin/curation/tags/duplicates/")
    group = page.locator("form.curation-group", has_text="sci fi")
    assert group.get_by_label("Keep Sci-Fi").is_checked()  # the most used spelling is kept by default
    group.get_by_role("button", name="Merge this group").click()
    assert "Merged “sci fi” into “Sci-Fi”: 1 article" in page.locator(".curation-confirm").inner_text()
    assert Tag.objects.filter(pk=drifted.pk).exists()  # nothing happens before the confirmation
    page.get_by_role("button", name="Merge", exact=True).click()
    page.wait_for_url("**/admin/curation/tags/duplicates/")
    assert "Merged “sci fi” into “Sci-Fi”" in page.locator(".messages").inner_text()
    assert page.locator("form.curation-group", has_text="sci fi").count() == 0

    response = page.goto(base + old_url)
    assert response.url.endswith("/tags/sci-fi/")
    assert profile.title in page.content()
    page.goto(base + profile.url)
    assert page.get_by_role("link", name="Sci-Fi", exact=True).count() >= 1
