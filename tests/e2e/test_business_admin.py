"""Editors keep the film business data from the admin (issue #18, acceptance): a release added on the film and a
box-office weekend show on the film page and the chart; a CSV file with bad rows is refused with a report and
nothing imported."""

import pytest

from articles.models import Film, Gross, Release

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


def test_editor_adds_box_office_weekend(page, demo_site):
    base = demo_site.url
    film = Film.objects.get(name="The Man from U.N.C.L.E.")
    # Readers have seen the chart and the film page: the page cache holds both until the new figure purges them.
    page.goto(base + "/box-office/")
    assert "Weekend of 14–16 August 2015" in page.content()
    page.goto(base + film.get_absolute_url())
    assert "$7.3 million" not in page.content()

    log_in(page, base, "editor")
    page.goto(base + "/admin/snippets/articles/gross/add/")
    page.locator("#id_film-chooser [data-chooser-action-choose]").click()
    modal = page.locator(".modal-content")
    modal.locator("input[name=q]").fill("U.N.C.L.E")
    modal.locator("a[data-chooser-modal-choice]", has_text="The Man from U.N.C.L.E.").click()
    page.locator("#id_film-chooser [data-chooser-title]", has_text="U.N.C.L.E.").wait_for()
    page.select_option("#id_territory", "domestic")
    page.select_option("#id_period", "weekend")
    page.fill("#id_date", "2015-08-21")
    page.fill("#id_amount", "7300000")
    page.fill("#id_rank", "4")
    page.fill("#id_source_name", "Comscore")
    page.get_by_role("button", name="Save").first.click()
    page.wait_for_url("**/admin/snippets/articles/gross/")
    gross = Gross.objects.get(film=film, date="2015-08-21")
    assert (gross.territory, gross.currency, gross.rank) == ("domestic", "USD", 4)

    # The film page shows it in its box-office table; the chart's newest weekend is now the one just added.
    page.goto(base + film.get_absolute_url())
    section = page.locator(".entity-section--box_office")
    assert "Weekend of 21 Aug 2015" in section.inner_text()
    assert "$7.3 million" in section.inner_text()
    page.goto(base + "/box-office/")
    table = page.locator("table.box-office")
    assert "Weekend of 21–23 August 2015" in page.content()
    row = table.locator("tbody tr", has_text="The Man from U.N.C.L.E.")
    cells = row.locator("td").all_inner_texts()
    assert cells[0] == "4" and cells[1].startswith("$7.3 million") and cells[2] == "-45.5%"

    # A duplicate of the same weekend is refused with a message, and nothing more is saved.
    page.goto(base + "/admin/snippets/articles/gross/add/")
    page.locator("#id_film-chooser [data-chooser-action-choose]").click()
    modal.locator("input[name=q]").fill("U.N.C.L.E")
    modal.locator("a[data-chooser-modal-choice]", has_text="The Man from U.N.C.L.E.").click()
    page.locator("#id_film-chooser [data-chooser-title]", has_text="U.N.C.L.E.").wait_for()
    page.select_option("#id_territory", "domestic")
    page.fill("#id_date", "2015-08-21")
    page.fill("#id_amount", "7400000")
    page.get_by_role("button", name="Save").first.click()
    page.wait_for_load_state()
    assert "already has a weekend gross for Domestic (US and Canada) on 21 Aug 2015" in page.content(), page.content()
    assert Gross.objects.filter(film=film, date="2015-08-21").count() == 1


def test_editor_imports_a_box_office_csv_with_bad_rows_and_nothing_is_imported(page, demo_site):
    base = demo_site.url
    before = Gross.objects.count()
    bad = (
        "film,territory,period,date,amount\n"
        "vacation-2015,domestic,weekend,2015-08-14,9100000\n"
        "vacation-2015,Narnia,weekend,2015-08-14,1000\n"
        "the-gift-2015,domestic,weekend,2015-08-21,-5\n"
    )
    log_in(page, base, "editor")
    page.get_by_role("link", name="Import box office").click()
    page.wait_for_url("**/admin/import-box-office/")
    page.set_input_files("#id_file", files=[{"name": "bad.csv", "mimeType": "text/csv", "buffer": bad.encode()}])
    page.uncheck("#id_dry_run")
    page.get_by_role("button", name="Import").click()
    report = page.locator(".box-office-import-report")
    report.wait_for()
    assert "Nothing imported: 2 bad rows." in report.inner_text()
    rows = report.locator("tbody tr").all_inner_texts()
    assert rows[0].startswith("3") and "Unknown territory 'Narnia'" in rows[0]
    assert rows[1].startswith("4")
    assert Gross.objects.count() == before

    good = bad.splitlines()[0] + "\n" + bad.splitlines()[1] + "\n"
    page.set_input_files("#id_file", files=[{"name": "good.csv", "mimeType": "text/csv", "buffer": good.encode()}])
    page.uncheck("#id_dry_run")
    page.get_by_role("button", name="Import").click()
    page.get_by_text("Imported: 1 new, 0 updated, 0 unchanged grosses.").wait_for()
    assert Gross.objects.count() == before + 1
