"""Releases: the model and its checks, the calendar, the iCalendar feed, a title's release table and JSON-LD, the API,
the sitemap, purges through the relation registry, merges, the CSV import and the statements finder."""

import datetime
import io
import json
import re

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from articles import cache, curation
from articles.importing.releases import import_releases
from articles.models import Film, Release, Series
from articles.models.relations import RELATIONS
from articles.models.releases import ReleaseInput, build_release

from .factories import FilmFactory, ReleaseFactory, SeasonFactory, SeriesFactory, StudioFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def real():
    alibaba = StudioFactory(name="Alibaba Pictures", slug="alibaba-pictures", kind="distributor")
    film = FilmFactory(name="Real", slug="real", year=2017, status="released")
    ReleaseFactory(film=film, date=datetime.date(2017, 6, 28), territory="KR", release_type="theatrical")
    ReleaseFactory(film=film, date=TODAY + datetime.timedelta(days=2), territory="CN", company=alibaba)
    return film


def json_ld(response) -> list[dict]:
    html = response.content.decode()
    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def month_rows(response) -> str:
    """The month's table of the calendar (not the "opening this week" block, nor the filter form)."""
    return response.content.decode().split('id="month-heading"')[1].split("</section>")[0]


def parse_calendar(response) -> icalendar.Calendar:
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


# The model.


def test_a_release_names_a_film_or_a_series_never_both():
    from django.db import IntegrityError

    film, series = FilmFactory(), SeriesFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Release.objects.create(film=film, series=series, date=TODAY, territory="CN")
    with pytest.raises(IntegrityError), transaction.atomic():
        Release.objects.create(date=TODAY, territory="CN")


def test_an_unknown_territory_is_refused_with_a_clear_message():
    release = Release(film=FilmFactory(), date=TODAY, territory="XX", release_type="theatrical")
    with pytest.raises(ValidationError, match="'XX'"):
        release.full_clean()


def test_territory_names_are_normalised_to_codes():
    release = build_release(
        ReleaseInput(
            title=FilmFactory(name="Real").name, territory="China", release_type="Theatrical", date="2027-03-03"
        )
    )
    assert (release.territory, release.release_type, release.date) == ("CN", "theatrical", datetime.date(2027, 3, 3))
    assert str(release) == "Real — theatrical, China"


def test_build_release_reports_every_problem_of_a_row():
    with pytest.raises(ValidationError) as error:
        build_release(ReleaseInput(title="Nope", territory="Atlantis", release_type="drive-in", date="3 March"))
    messages = " ".join(error.value.messages)
    for text in ("Unknown film or series 'Nope'", "Unknown territory 'Atlantis'", "Unknown release type", "Bad date"):
        assert text in messages


def test_a_season_release_needs_a_season_the_series_has():
    series = SeriesFactory(name="Peacemaker", slug="peacemaker")
    SeasonFactory(series=series, number=2)
    release = build_release(
        ReleaseInput(title="peacemaker", season="2", territory="US", release_type="streaming", date="2025-08-21")
    )
    assert release.series == series and release.season == 2 and release.title_name == "Peacemaker, season 2"
    with pytest.raises(ValidationError, match="no season 5"):
        build_release(
            ReleaseInput(title="peacemaker", season=5, territory="US", release_type="streaming", date="2025-08-21")
        )
    with pytest.raises(ValidationError, match="only a series has seasons"):
        build_release(
            ReleaseInput(
                title=FilmFactory(name="Solo").slug, season=1, territory="US", release_type="tv", date="2025-01-01"
            )
        )


# The calendar.


def test_the_calendar_shows_a_months_releases_and_what_opens_this_week(client, real):
    response = client.get("/releases/")
    html = response.content.decode()
    assert response.status_code == 200
    opening = html.split('id="opening-heading"')[1].split("</section>")[0]
    assert 'href="/films/real/"' in opening and "China" in opening and "Alibaba Pictures" in opening
    june = month_rows(client.get("/releases/?month=2017-06"))
    assert "South Korea" in june and 'href="/films/real/"' in june
    assert "South Korea" not in month_rows(client.get("/releases/?month=2017-07"))


def test_the_calendar_filters_by_territory_and_type(client, real):
    month = "2017-06"
    assert 'href="/films/real/"' in month_rows(client.get(f"/releases/?month={month}&territory=KR"))
    assert 'href="/films/real/"' in month_rows(client.get(f"/releases/?month={month}&territory=south+korea"))
    assert 'href="/films/real/"' not in month_rows(client.get(f"/releases/?month={month}&territory=CN"))
    assert 'href="/films/real/"' not in month_rows(client.get(f"/releases/?month={month}&type=streaming"))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("month=2027-13", "Bad month"),
        ("month=March", "Bad month"),
        ("territory=Narnia", "Unknown territory"),
        ("type=drive-in", "Unknown release type"),
    ],
)
def test_junk_calendar_filters_answer_400_with_a_message(client, real, query, message):
    response = client.get(f"/releases/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()
    feed = client.get(f"/releases/calendar.ics?{query}")
    assert feed.status_code == (200 if query.startswith("month") else 400)  # the feed has no month


def test_the_calendar_is_paginated_with_its_filters_kept(client):
    film = FilmFactory(name="Many")
    for day in range(1, 28):
        for territory in ("CN", "GB"):
            ReleaseFactory(film=film, date=datetime.date(2030, 1, day), territory=territory)
    first = client.get("/releases/?month=2030-01&type=theatrical").content.decode()
    assert "Page 1 of 2" in first and "month=2030-01&amp;type=theatrical&amp;page=2" in first
    assert client.get("/releases/?month=2030-01&type=theatrical&page=2").status_code == 200


def test_releases_of_proposed_titles_stay_off_public_pages(client):
    proposed = FilmFactory(name="Secret Film", review_status="proposed")
    ReleaseFactory(film=proposed, date=TODAY)
    assert "Secret Film" not in client.get("/releases/").content.decode()
    assert "Secret Film" not in client.get("/releases/calendar.ics").content.decode()
    assert client.get("/api/v2/releases/").json()["meta"]["total_count"] == 0


# The iCalendar feed.


def test_the_ical_feed_has_an_all_day_event_per_release(client, real):
    events = parse_calendar(client.get("/releases/calendar.ics")).walk("VEVENT")
    upcoming = next(event for event in events if "China" in str(event["SUMMARY"]))
    release = real.releases.get(territory="CN")
    assert str(upcoming["SUMMARY"]) == "Real — theatrical, China"
    assert upcoming["DTSTART"].dt == release.date and not isinstance(upcoming["DTSTART"].dt, datetime.datetime)
    assert upcoming["DTEND"].dt == release.date + datetime.timedelta(days=1)
    assert str(upcoming["URL"]).endswith("/films/real/")
    assert str(upcoming["UID"]) == f"release-{release.pk}@localhost"
    # Real's 2017 release in Korea is long past: outside the feed's window.
    assert all("South Korea" not in str(event["SUMMARY"]) for event in events)


def test_the_ical_feed_filters_by_territory_and_type(client, real):
    ReleaseFactory(film=real, date=TODAY, territory="GB", release_type="streaming", venue="Netflix")

    def summaries(query):
        return [str(e["SUMMARY"]) for e in parse_calendar(client.get(f"/releases/calendar.ics?{query}")).walk("VEVENT")]

    assert summaries("territory=CN") == ["Real — theatrical, China"]
    assert summaries("type=streaming") == ["Real — streaming (Netflix), United Kingdom"]
    assert summaries("territory=GB&type=theatrical") == []


# A title's page.


def test_a_films_page_shows_its_release_table_and_json_ld(client, real):
    response = client.get("/films/real/")
    html = response.content.decode()
    table = html.split('id="section-releases"')[1].split("</table>")[0]
    assert "South Korea" in table and "Alibaba Pictures" in table and "28 Jun 2017" in table
    movie = json_ld(response)[0]
    assert movie["@type"] == "Movie"
    events = movie["releasedEvent"]
    assert [event["@type"] for event in events] == ["PublicationEvent", "PublicationEvent"]
    assert events[0]["startDate"] == "2017-06-28" and events[0]["location"] == {
        "@type": "Country",
        "name": "South Korea",
    }
    assert events[1]["publishedBy"]["name"] == "Alibaba Pictures"
    assert movie["datePublished"] == "2017-06-28"


def test_a_film_without_releases_has_no_release_table(client):
    FilmFactory(name="Quiet", slug="quiet")
    html = client.get("/films/quiet/").content.decode()
    assert 'id="section-releases"' not in html and "releasedEvent" not in html


def test_a_series_page_shows_its_season_releases(client):
    series = SeriesFactory(name="Peacemaker", slug="peacemaker")
    Release.objects.create(
        series=series,
        season=2,
        date=datetime.date(2025, 8, 21),
        territory="US",
        release_type="streaming",
        venue="HBO Max",
    )
    html = client.get("/series/peacemaker/").content.decode()
    table = html.split('id="section-releases"')[1].split("</table>")[0]
    assert "<td>2</td>" in table and "Streaming (HBO Max)" in table
    assert "Peacemaker</a>, season 2" in month_rows(client.get("/releases/?month=2025-08"))


# API and sitemap.


def test_the_api_lists_releases_with_filters(client, real):
    items = client.get("/api/v2/releases/").json()["items"]
    assert [item["territory"] for item in items] == ["KR", "CN"]
    assert items[1]["film"]["url"] == "/films/real/" and items[1]["company"]["name"] == "Alibaba Pictures"
    assert [i["territory"] for i in client.get("/api/v2/releases/?territory=china").json()["items"]] == ["CN"]
    assert [i["territory"] for i in client.get("/api/v2/releases/?date_to=2020-01-01").json()["items"]] == ["KR"]
    assert len(client.get("/api/v2/releases/?film=real&type=theatrical").json()["items"]) == 2
    assert (
        client.get(f"/api/v2/releases/?film={real.pk}&date_from={TODAY.isoformat()}").json()["meta"]["total_count"] == 1
    )


@pytest.mark.parametrize("query", ["territory=XX", "type=nope", "date_from=yesterday", "junk=1"])
def test_junk_api_filters_answer_400(client, real, query):
    response = client.get(f"/api/v2/releases/?{query}")
    assert response.status_code == 400, response.content
    assert "message" in response.json()


def test_the_sitemap_lists_the_calendar_and_its_months(client, real):
    index = client.get("/sitemap.xml").content.decode()
    assert "/sitemap-releases.xml" in index
    section = client.get("/sitemap-releases.xml").content.decode()
    assert "/releases/</loc>" in section and "/releases/?month=2017-06</loc>" in section


# The change pipeline and merges.


def test_releases_are_a_registered_relation():
    relation = RELATIONS.for_model(Release)
    assert {side.kind for side in relation.sides} == {"film", "series", "studio"}
    assert ("releases", "articles:releases") in relation.pages


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_release_purges_the_title_the_company_and_the_calendar(settings):
    settings.NEWSROOM_PAGE_CACHE = True
    film, studio = FilmFactory(), StudioFactory()
    tags = [f"film:{film.pk}", f"studio:{studio.pk}", "releases"]
    before = cache.current_versions(tags)
    with transaction.atomic():
        release = Release.objects.create(film=film, company=studio, date=TODAY, territory="CN")
    middle = cache.current_versions(tags)
    assert all(middle[tag] != before[tag] for tag in tags)
    with transaction.atomic():
        release.delete()
    assert all(cache.current_versions(tags)[tag] != middle[tag] for tag in tags)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_cached_calendar_feed_film_page_and_api_show_a_new_release_at_once(client, settings, home_page):
    settings.NEWSROOM_PAGE_CACHE = True
    settings.NEWSROOM_TAGGED_CACHE = True
    film = FilmFactory(name="Fresh", slug="fresh")
    # What each page shows of the release: the film's name on the lists, the release table on the film's page.
    shown = {
        "/releases/": "Fresh",
        "/releases/calendar.ics?territory=CN": "Fresh",
        "/films/fresh/": 'id="section-releases"',
        "/api/v2/releases/": "Fresh",
    }
    for url, text in shown.items():
        assert text not in client.get(url).content.decode()
        assert client.get(url)["X-Page-Cache"] == "hit", url
    with transaction.atomic():
        release = Release.objects.create(film=film, date=TODAY, territory="CN")
    for url, text in shown.items():
        assert text in client.get(url).content.decode(), url
    with transaction.atomic():
        film.name = "Renamed"
        film.save()
    assert "Renamed" in client.get("/releases/").content.decode()
    with transaction.atomic():
        release.delete()
    for url, text in shown.items():
        assert text.replace("Fresh", "Renamed") not in client.get(url).content.decode(), url


def test_merging_films_moves_their_releases_and_drops_repeats(real, admin_user):
    duplicate = FilmFactory(name="Real (2017 film)")
    ReleaseFactory(film=duplicate, date=datetime.date(2017, 6, 28), territory="KR")  # a repeat: dropped
    ReleaseFactory(film=duplicate, date=datetime.date(2017, 9, 1), territory="JP")
    curation.merge_entities(duplicate, into=real, user=admin_user)
    assert sorted(Film.objects.get(pk=real.pk).releases.values_list("territory", flat=True)) == ["CN", "JP", "KR"]


# The CSV import.

CSV_HEADER = "film,season,territory,type,date,company,note,source\n"


@pytest.fixture
def catalogue(real):
    SeriesFactory(name="Peacemaker", slug="peacemaker")
    SeasonFactory(series=Series.objects.get(slug="peacemaker"), number=2)
    return real


def good_csv() -> str:
    return (
        CSV_HEADER
        + "Real,,JP,theatrical,2017-09-01,Alibaba Pictures,Japanese opening,https://example.com/real\n"
        + "peacemaker,2,GB,streaming,2025-08-22,,,\n"
    )


def test_a_good_file_imports_every_row_and_again_changes_nothing(catalogue):
    report = import_releases(good_csv())
    assert not report.failed and len(report.added) == 2
    japan = Release.objects.get(territory="JP")
    assert (japan.film, japan.company.name, japan.note) == (catalogue, "Alibaba Pictures", "Japanese opening")
    assert Release.objects.get(territory="GB").season == 2
    again = import_releases(good_csv())
    assert not again.failed and again.added == [] and len(again.unchanged) == 2
    assert Release.objects.count() == 4


def test_a_dry_run_reports_what_it_would_import_and_changes_nothing(catalogue):
    report = import_releases(good_csv(), dry_run=True)
    assert len(report.added) == 2 and report.summary() == "2 releases would be imported."
    assert Release.objects.count() == 2


def test_one_bad_row_imports_nothing_and_every_bad_row_is_reported(catalogue):
    data = (
        good_csv()
        + "Nope,,CN,theatrical,2027-03-03,,,\n"  # line 4: unknown film
        + "Real,,Narnia,theatrical,2027-03-03,,,\n"  # line 5: unknown territory
        + "Real,,CN,theatrical,03/03/2027,,,\n"  # line 6: bad date
        + "Real,,JP,theatrical,2017-09-01,,,\n"  # line 7: repeats line 2
        + f"Real,,CN,theatrical,{(TODAY + datetime.timedelta(days=9)).isoformat()},,,\n"  # line 8: recorded, other date
    )
    report = import_releases(data)
    assert report.failed and report.added == []
    problems = {bad.line: " ".join(bad.messages) for bad in report.bad_rows}
    assert set(problems) == {4, 5, 6, 7, 8}
    assert "Unknown film or series 'Nope'" in problems[4]
    assert "Unknown territory 'Narnia'" in problems[5]
    assert "Bad date '03/03/2027'" in problems[6]
    assert "Repeats line 2" in problems[7]
    assert "Already recorded for" in problems[8]
    assert Release.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("", "empty"),
        ("film,territory\nReal,CN\n", "lacks the columns type, date"),
        ("film,territory,type,date,colour\n", "unknown column colour"),
        (CSV_HEADER, "no rows"),
        (b"\xff\xfe\x00bad", "not UTF-8"),
    ],
)
def test_a_malformed_file_is_refused_with_its_reason(real, data, message):
    report = import_releases(data)
    assert report.failed and message in report.summary()


def test_the_command_imports_and_exits_non_zero_on_bad_rows(catalogue, tmp_path):
    from django.core.management import CommandError, call_command

    good = tmp_path / "good.csv"
    good.write_text(good_csv())
    out = io.StringIO()
    call_command("import_releases", str(good), "--dry-run", stdout=out)
    assert "Would add: Real — theatrical, Japan" in out.getvalue() and Release.objects.count() == 2
    call_command("import_releases", str(good), stdout=io.StringIO())
    assert Release.objects.count() == 4
    bad = tmp_path / "bad.csv"
    bad.write_text(CSV_HEADER + "Nope,,CN,theatrical,2027-03-03,,,\n")
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 bad row"):
        call_command("import_releases", str(bad), stdout=out)
    assert "Line 2: Unknown film" in out.getvalue()


def test_the_admin_import_refuses_a_bad_file_with_a_report(client, catalogue, admin_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(admin_user)
    assert client.get("/admin/import-releases/").status_code == 200
    bad = SimpleUploadedFile("bad.csv", (good_csv() + "Nope,,CN,theatrical,2027-03-03,,,\n").encode())
    response = client.post("/admin/import-releases/", {"file": bad})
    assert response.status_code == 422
    assert "Unknown film or series" in response.content.decode() and Release.objects.count() == 2
    good = SimpleUploadedFile("good.csv", good_csv().encode())
    response = client.post("/admin/import-releases/", {"file": good, "dry_run": ""})
    assert response.status_code == 200 and Release.objects.count() == 4


def test_contributors_cannot_import_releases(client, catalogue):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user("writer", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get("/admin/import-releases/").status_code in (302, 403)


def test_a_series_edits_its_releases_inline_with_the_season(client, admin_user):
    series = SeriesFactory(name="Peacemaker", slug="peacemaker")
    client.force_login(admin_user)
    html = client.get(f"/admin/snippets/articles/series/edit/{series.pk}/").content.decode()
    assert 'name="releases-TOTAL_FORMS"' in html and "releases-__prefix__-season" in html
    film = FilmFactory()
    film_form = client.get(f"/admin/snippets/articles/film/edit/{film.pk}/").content.decode()
    assert 'name="releases-TOTAL_FORMS"' in film_form and "releases-__prefix__-season" not in film_form


def test_editors_may_add_releases():
    from django.contrib.auth.models import Group

    editors = Group.objects.get(name="Editors")
    assert editors.permissions.filter(codename="add_release").exists()
    assert not Group.objects.get(name="Contributors").permissions.filter(codename="add_release").exists()
