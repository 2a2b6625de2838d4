"""Editors keep the film business data from the admin: a release added on the film shows on its page, and a CSV
file with bad rows is refused with a report and nothing imported."""

import pytest

from articles.models import Film, Release

from .helpers import log_in

# No serialized_rollback: demo_site (tests/e2e/conftest.py) restores the migration rows itself.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_editor_adds_release(page, demo_site):
    base = demo_site.url
    film = Film.objects.get(name="Allied")
    assert not film.releases.exists()
    page.goto(f"{base}/films/{film.slug}/")  # cached before the change: the page must be purged, not just rendered
    assert page.locator("#section-releases").count() == 0

    log_in(page, base, "editor")
    page.goto(f"{base}/admin/snippets/articles/film/edit/{film.pk}/")
    page.get_by_role("tab", name="Releases").click()
    page.get_by_role("button", name="Add release").click()
    page.fill("#id_releases-0-date", "2016-11-23")
    page.keyboard.press("Escape")
    page.select_option("#id_releases-0-release_type", "theatrical")
    page.select_option("#id_releases-0-territory", "FR")
    page.fill("#id_releases-0-note", "Opened in French cinemas.")
    page.get_by_role("button", name="Save").first.click()
    page.wait_for_url("**/admin/snippets/articles/film/**")
    assert Release.objects.filter(film=film, territory="FR").exists()

    page.goto(f"{base}/films/{film.slug}/")
    table = page.locator("table.releases")
    assert "France" in table.inner_text() and "23 Nov 2016" in table.inner_text()
    assert "Opened in French cinemas." in table.inner_text()

    # A file with a bad row is refused as a whole: the report names the row, and nothing is imported.
    before = Release.objects.count()
    rows = (
        "film,season,territory,type,date,company,note,source\n"
        "Allied,,GB,theatrical,2016-11-25,,,\n"
        "No Such Film,,CN,theatrical,2027-03-03,,,\n"
        "Allied,,Narnia,theatrical,2016-11-25,,,\n"
    )
    page.goto(f"{base}/admin/import-releases/")
    page.set_input_files(
        "input[name=file]", files=[{"name": "releases.csv", "mimeType": "text/csv", "buffer": rows.encode()}]
    )
    page.uncheck("input[name=dry_run]")
    page.get_by_role("button", name="Import").click()
    report = page.locator(".release-import-report")
    report.wait_for()
    assert "Nothing imported: 2 bad rows." in report.inner_text()
    assert "Unknown film or series 'No Such Film'" in report.inner_text()
    assert "Unknown territory 'Narnia'" in report.inner_text()
    assert Release.objects.count() == before
