"""Box office: grosses and exchange rates, validation, the film page's section and SVG chart, the weekly chart at
/box-office/, its feeds, sitemap and API, relation purges and merges."""

import datetime
import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from articles.models import ExchangeRate, Gross
from articles.models.boxoffice import format_money
from articles.models.relations import RELATIONS

from .factories import ArticlePageFactory, ExchangeRateFactory, FilmFactory, GrossFactory

pytestmark = pytest.mark.django_db

JUL31 = datetime.date(2015, 7, 31)
AUG7 = datetime.date(2015, 8, 7)


@pytest.fixture
def summer(topic_page):
    """Two domestic weekends of three films, and Rogue Nation's China total with a yuan rate."""
    rogue = FilmFactory(name="Rogue Nation", slug="rogue-nation", status="released")
    vacation = FilmFactory(name="Vacation", slug="vacation", status="released")
    four = FilmFactory(name="Fantastic Four", slug="fantastic-four", status="released")
    GrossFactory(film=rogue, date=JUL31, amount=Decimal("55500000"), rank=1, theatres=3956)
    GrossFactory(film=vacation, date=JUL31, amount=Decimal("14700000"), rank=2)
    GrossFactory(film=rogue, date=AUG7, amount=Decimal("29400000"), rank=1)
    GrossFactory(film=four, date=AUG7, amount=Decimal("25700000"), rank=2)
    GrossFactory(film=vacation, date=AUG7, amount=Decimal("9200000"), rank=3)
    GrossFactory(film=rogue, period="cumulative", date=AUG7 + datetime.timedelta(days=2), amount=Decimal("108700000"))
    GrossFactory(film=rogue, period="cumulative", date=JUL31 + datetime.timedelta(days=2), amount=Decimal("55500000"))
    GrossFactory(
        film=rogue,
        territory="CN",
        currency="CNY",
        period="cumulative",
        date=datetime.date(2015, 10, 4),
        amount=Decimal("876000000"),
        source_name="Seed story",
    )
    ExchangeRateFactory(currency="CNY", date=datetime.date(2015, 9, 30), usd_rate=Decimal("0.1566"))
    ArticlePageFactory(parent=topic_page, title="Rogue Nation leads again", links={"films": [rogue]})
    return {"rogue": rogue, "vacation": vacation, "four": four}


def json_ld(response) -> list[dict]:
    html = response.content.decode()
    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


# Money and validation


def test_money_is_shown_in_its_currency_with_millions_in_words():
    assert format_money(Decimal("876000000"), "CNY") == "CN¥876 million"
    assert format_money(Decimal("55500000"), "USD") == "$55.5 million"
    assert format_money(Decimal("2797800000"), "USD") == "$2.8 billion"
    assert format_money(Decimal("950000"), "GBP") == "£950,000"


def test_a_gross_in_another_currency_is_stated_in_us_dollars_with_the_rates_date(summer):
    china = Gross.objects.get(territory="CN")
    assert china.in_usd(ExchangeRate.objects.table(["CNY"])) == (
        "CN¥876 million (US$137.2 million at the 30 Sep 2015 rate)"
    )


def test_a_gross_before_any_rate_is_shown_without_a_conversion(summer):
    china = Gross.objects.get(territory="CN")
    china.date = datetime.date(2015, 9, 1)
    assert china.in_usd(ExchangeRate.objects.table(["CNY"])) == "CN¥876 million"


def test_the_currency_left_blank_is_the_territorys_and_territory_names_are_normalised():
    gross = Gross(film=FilmFactory(), territory="China", period="cumulative", date=AUG7, amount=Decimal(10))
    gross.full_clean()
    assert (gross.territory, gross.currency) == ("CN", "CNY")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"amount": Decimal("-5")}, "amount", "cannot be negative"),
        ({"territory": "Narnia"}, "territory", "Unknown territory 'Narnia'"),
        ({"territory": "CN", "currency": "USD"}, "currency", "China reports in CNY, not USD"),
        ({"period": "cumulative", "rank": 1}, "rank", "belong to a weekend"),
    ],
)
def test_bad_grosses_are_refused_with_a_clear_message(changes, field, message):
    values = {"film": FilmFactory(), "territory": "domestic", "period": "weekend", "date": JUL31, "amount": 5}
    gross = Gross(**{**values, **changes})
    with pytest.raises(ValidationError) as error:
        gross.full_clean()
    assert message in " ".join(error.value.message_dict[field])
    assert not Gross.objects.exists()


def test_a_duplicate_gross_is_refused_naming_the_one_to_edit(summer):
    gross = Gross(film=summer["rogue"], territory="domestic", period="weekend", date=JUL31, amount=1)
    with pytest.raises(ValidationError) as error:
        gross.full_clean()
    assert "Rogue Nation already has a weekend gross for Domestic (US and Canada) on 31 Jul 2015" in str(error.value)


def test_exchange_rates_need_a_known_currency_other_than_the_dollar():
    for currency, message in (("XYZ", "Unknown currency"), ("usd", "need no rate")):
        with pytest.raises(ValidationError, match=message):
            ExchangeRate(currency=currency, date=JUL31, usd_rate=Decimal(1)).full_clean()


# The film page


def test_film_page_shows_its_box_office_by_territory_with_usd_conversions(client, summer):
    html = client.get("/films/rogue-nation/").content.decode()
    assert 'id="section-box_office"' in html
    assert "CN¥876 million (US$137.2 million at the 30 Sep 2015 rate)" in html
    assert html.index("Domestic (US and Canada)</h3>") < html.index("China</h3>")
    assert "$55.5 million" in html and "3956" in html
    assert 'href="/box-office/?territory=domestic&amp;weekend=2015-07-31"' in html


def test_film_page_chart_is_an_accessible_svg_without_javascript(client, summer):
    html = client.get("/films/rogue-nation/").content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    root = ET.fromstring(svg)  # noqa: S314 - our own page
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    assert root.find(f"{ns}title").text == "Cumulative gross in Domestic (US and Canada) by week in release"
    assert "Week 2: $108.7 million" in root.find(f"{ns}desc").text
    points = root.find(f"{ns}polyline").get("points").split()
    assert len(points) == 2
    assert "<script" not in svg
    # China has one total: no line to draw, its table alone.
    assert html.count("<svg") == 1


def test_a_film_without_grosses_has_no_box_office_section(client, summer):
    html = client.get("/films/fantastic-four/").content.decode()
    assert "section-box_office" in html
    assert "section-box_office" not in client.get(f"/films/{FilmFactory().slug}/").content.decode()


# The weekly chart


def test_chart_defaults_to_domestic_and_its_latest_weekend_with_rank_change_total_and_weeks(client, summer):
    response = client.get("/box-office/")
    html = response.content.decode()
    assert response.status_code == 200
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)[1:]
    cells = [re.sub(r"<[^>]+>", "", row).split() for row in rows]
    assert [row[0] for row in cells] == ["1", "2", "3"]
    rogue, four, vacation = (" ".join(row) for row in cells)
    assert "Rogue Nation $29.4 million -47.0% $108.7 million 2" in rogue
    assert "Fantastic Four $25.7 million New" in four and four.endswith("1")
    assert "Vacation $9.2 million -37.4%" in vacation
    assert 'href="/films/rogue-nation/"' in html
    assert "Rogue Nation leads again" in html
    assert 'rel="prev" href="/box-office/?territory=domestic&amp;weekend=2015-07-31"' in html


def test_chart_for_an_earlier_weekend_and_another_territory(client, summer):
    html = client.get("/box-office/?weekend=2015-07-31").content.decode()
    assert "Weekend of 31–2 August 2015" in html and "Fantastic Four" not in html
    GrossFactory(film=summer["rogue"], territory="CN", currency="CNY", date=datetime.date(2015, 9, 11), amount=10**8)
    html = client.get("/box-office/?territory=cn").content.decode()
    assert "Box office: China" in html and "CN¥100 million" in html
    assert "1 CNY = 0.1566 USD at the 30 Sep 2015 rate" not in html  # the weekend is before the rate


@pytest.mark.parametrize(
    "query",
    ["territory=Narnia", "weekend=31-07-2015", "weekend=0001-01-01", "weekend=2015-02-30", "weekend=" + "9" * 500],
)
def test_junk_chart_parameters_answer_400_with_a_message(client, summer, query):
    response = client.get(f"/box-office/?{query}")
    assert response.status_code == 400
    assert response.content.decode().startswith(("Unknown territory", "weekend must be"))


def test_junk_page_numbers_fall_back_to_the_first_page(client, summer):
    for page in ("abc", "-1", "99999999999"):
        assert client.get(f"/box-office/?page={page}").status_code == 200


def test_chart_is_paginated(client, summer):
    for index in range(30):
        GrossFactory(date=AUG7, amount=1000 + index)
    first = client.get("/box-office/").content.decode()
    second = client.get("/box-office/?territory=domestic&weekend=2015-08-07&page=2").content.decode()
    assert "Page 1 of 2" in first and "Rogue Nation" in first
    assert "Page 2 of 2" in second and "Rogue Nation" not in second


def test_chart_of_a_weekend_without_figures_says_so(client, summer):
    response = client.get("/box-office/?weekend=2016-01-01")
    assert response.status_code == 200
    assert "No figures for Domestic (US and Canada) on the weekend of 1 January 2016" in response.content.decode()


def test_empty_chart_answers_200(client, home_page):
    response = client.get("/box-office/")
    assert response.status_code == 200
    assert "No weekend figures" in response.content.decode()


def test_grosses_of_proposed_films_stay_off_the_chart(client, summer):
    summer["four"].review_status = "proposed"
    summer["four"].save()
    assert "Fantastic Four" not in client.get("/box-office/").content.decode()


# Feeds, sitemap


def test_box_office_feeds_carry_one_item_per_weekend(client, summer):
    rss = ET.fromstring(client.get("/box-office/feed/").content)  # noqa: S314 - our own feed
    items = rss.findall("./channel/item")
    assert [item.findtext("title") for item in items] == [
        "Weekend box office, Domestic (US and Canada): 7 Aug 2015",
        "Weekend box office, Domestic (US and Canada): 31 Jul 2015",
    ]
    assert items[0].findtext("description").startswith("1. Rogue Nation, $29.4 million; 2. Fantastic Four")
    assert items[0].findtext("link").endswith("/box-office/?territory=domestic&weekend=2015-08-07")
    assert client.get("/box-office/feed/atom/").status_code == 200
    data = json.loads(client.get("/box-office/feed/json/").content)
    assert data["items"][0]["url"].endswith("weekend=2015-08-07")
    assert client.get("/box-office/feed/?territory=Narnia").status_code == 400


def test_the_chart_links_its_feeds(client, summer):
    html = client.get("/box-office/").content.decode()
    assert 'type="application/rss+xml" title="Newsroom: weekend box office (RSS)" href="/box-office/feed/"' in html


def test_sitemap_lists_every_weekend_chart(client, summer):
    index = client.get("/sitemap.xml").content.decode()
    assert "/sitemap-box-office.xml" in index
    section = client.get("/sitemap-box-office.xml").content.decode()
    assert "/box-office/?territory=domestic&amp;weekend=2015-08-07" in section
    assert "/box-office/?territory=domestic&amp;weekend=2015-07-31" in section


# The change pipeline and merges


def test_grosses_are_a_registered_relation_purging_the_film_and_the_chart(summer):
    relation = RELATIONS.for_model(Gross)
    gross = Gross.objects.filter(film=summer["rogue"]).first()
    assert relation.tags(gross) == {f"film:{summer['rogue'].pk}", "box-office"}
    assert RELATIONS.page_urls()["box-office"] == "articles:box_office"


# CSV import (articles/importing/boxoffice.py, manage.py import_box_office, the admin's "Import box office")

GOOD_CSV = """film,territory,period,date,amount,currency,rank,theatres,source,source_url
Rogue Nation,domestic,weekend,2015-08-14,"17,000,000",,2,3700,Comscore,https://example.com/weekend
rogue-nation,China,cumulative,2015-10-11,"880,500,000",CNY,,,Maoyan,
Vacation,domestic,weekend,2015-08-14,6500000,USD,5,,,
"""

BAD_CSV = """film,territory,period,date,amount,currency
Rogue Nation,domestic,weekend,2015-08-14,17000000,
Rogue Nation,Narnia,weekend,2015-08-14,1000,
Vacation,domestic,weekend,2015-08-14,-5,
Rogue Nation,CN,cumulative,2015-10-11,880500000,USD
Nobody's Film,domestic,weekend,2015-08-14,1000,
Vacation,domestic,monthly,2015-08-14,1000,
Rogue Nation,domestic,weekend,2015-08-14,17000000,
Vacation,domestic,weekend,14/08/2015,1000,
"""


def test_csv_import_adds_every_row_and_a_second_import_changes_nothing(summer):
    from articles.importing.boxoffice import import_box_office

    before = Gross.objects.count()
    report = import_box_office(GOOD_CSV.encode())
    assert (report.created, report.updated, report.unchanged, report.errors) == (3, 0, 0, [])
    assert Gross.objects.count() == before + 3
    china = Gross.objects.get(territory="CN", date=datetime.date(2015, 10, 11))
    assert (china.amount, china.currency, china.source_name) == (Decimal("880500000"), "CNY", "Maoyan")
    again = import_box_office(GOOD_CSV.encode())
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Gross.objects.count() == before + 3


def test_csv_import_updates_a_corrected_figure(summer):
    from articles.importing.boxoffice import import_box_office

    import_box_office(GOOD_CSV.encode())
    report = import_box_office(GOOD_CSV.replace('"17,000,000"', "17100000").encode())
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    assert Gross.objects.get(film=summer["rogue"], date=datetime.date(2015, 8, 14)).amount == Decimal("17100000")


def test_csv_dry_run_reports_and_saves_nothing(summer):
    from articles.importing.boxoffice import import_box_office

    before = Gross.objects.count()
    report = import_box_office(GOOD_CSV.encode(), dry_run=True)
    assert report.summary() == "Dry run, nothing saved: 3 new, 0 updated, 0 unchanged grosses."
    assert Gross.objects.count() == before


def test_csv_with_bad_rows_imports_nothing_and_names_each_bad_row(summer):
    from articles.importing.boxoffice import import_box_office

    before = Gross.objects.count()
    report = import_box_office(BAD_CSV.encode())
    assert Gross.objects.count() == before
    errors = {error.line: error.message for error in report.errors}
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 9]
    assert "Unknown territory 'Narnia'" in errors[3]
    assert "negative" in errors[4] or "greater than or equal to 0" in errors[4]
    assert "China reports in CNY, not USD" in errors[5]
    assert 'no film named "Nobody\'s Film"' in errors[6]
    assert "neither weekend nor cumulative" in errors[7]
    assert "the same figure as line 2" in errors[8]
    assert "not a date such as 2015-07-31" in errors[9]
    assert report.summary() == "Nothing imported: 7 bad rows."


def test_csv_import_refuses_a_file_without_the_columns_it_needs(summer):
    from articles.importing.boxoffice import BadFile, import_box_office

    with pytest.raises(BadFile, match="Missing columns date, amount"):
        import_box_office(b"film,territory,period\nRogue Nation,domestic,weekend\n")
    with pytest.raises(BadFile, match="not UTF-8"):
        import_box_office("film,territory\nRogue,domestic\n".encode("utf-16"))


def test_csv_import_of_exchange_rates(summer):
    from articles.importing.boxoffice import import_box_office

    report = import_box_office(b"currency,date,usd_rate,source\ncny,2015-08-02,0.161,Demo\nGBP,2015-08-02,1.56,\n")
    assert (report.kind, report.created, report.errors) == ("exchange rates", 2, [])
    bad = import_box_office(b"currency,date,usd_rate\nUSD,2015-08-02,1\nXYZ,2015-08-02,1\nEUR,2015-08-02,-1\n")
    assert [error.line for error in bad.errors] == [2, 3, 4]
    assert ExchangeRate.objects.count() == 3


def test_import_box_office_command(summer, tmp_path):
    from django.core.management import CommandError, call_command

    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(GOOD_CSV)
    bad.write_text(BAD_CSV)
    before = Gross.objects.count()
    call_command("import_box_office", str(good), "--dry-run")
    assert Gross.objects.count() == before
    with pytest.raises(CommandError, match="Nothing imported: 7 bad rows"):
        call_command("import_box_office", str(bad))
    assert Gross.objects.count() == before
    call_command("import_box_office", str(good))
    assert Gross.objects.count() == before + 3
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_box_office", str(tmp_path / "missing.csv"))


def test_admin_import_page_reports_bad_rows_and_imports_nothing(client, summer, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people["editor"])
    before = Gross.objects.count()
    response = client.post(
        "/admin/import-box-office/", {"file": SimpleUploadedFile("bad.csv", BAD_CSV.encode(), "text/csv")}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing imported: 7 bad rows." in html and "Unknown territory" in html
    assert Gross.objects.count() == before
    response = client.post(
        "/admin/import-box-office/", {"file": SimpleUploadedFile("good.csv", GOOD_CSV.encode(), "text/csv")}
    )
    assert "Imported: 3 new, 0 updated, 0 unchanged grosses." in response.content.decode()
    assert Gross.objects.count() == before + 3


def test_admin_import_page_is_for_editors(client, summer, people):
    client.force_login(people["contributor"])
    assert client.get("/admin/import-box-office/").status_code in (302, 403)
    client.force_login(people["editor"])
    assert client.get("/admin/import-box-office/").status_code == 200


def test_editor_adds_a_gross_in_the_admin_and_a_duplicate_is_refused(client, summer, people):
    client.force_login(people["editor"])
    form = {
        "film": summer["four"].pk,
        "territory": "domestic",
        "period": "weekend",
        "date": "2015-08-14",
        "amount": "8100000",
        "currency": "",
        "rank": "4",
        "theatres": "",
        "source_name": "",
        "source_url": "",
    }
    response = client.post("/admin/snippets/articles/gross/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Gross.objects.get(film=summer["four"], date=datetime.date(2015, 8, 14)).currency == "USD"
    response = client.post("/admin/snippets/articles/gross/add/", form)
    assert response.status_code == 200
    assert "Fantastic Four already has a weekend gross for Domestic (US and Canada) on 14 Aug 2015" in (
        response.content.decode()
    )
    response = client.post("/admin/snippets/articles/gross/add/", {**form, "date": "2015-08-21", "amount": "-1"})
    assert "A gross cannot be negative." in response.content.decode() or "greater than or equal to 0" in (
        response.content.decode()
    )
    assert Gross.objects.filter(film=summer["four"]).count() == 2


# API


def test_api_lists_grosses_filtered_by_film_territory_and_weekend(client, summer):
    data = client.get("/api/v2/box-office/").json()
    assert data["meta"]["total_count"] == 8
    first = data["items"][0]
    assert first["territory"] == "CN" and first["currency"] == "CNY" and first["amount"] == "876000000.00"
    assert first["film"]["url"] == "/films/rogue-nation/"
    weekend = client.get("/api/v2/box-office/?territory=domestic&weekend=2015-08-07&order=rank").json()
    assert [item["film"]["name"] for item in weekend["items"]] == ["Rogue Nation", "Fantastic Four", "Vacation"]
    china = client.get("/api/v2/box-office/?territory=China").json()
    assert [item["amount"] for item in china["items"]] == ["876000000.00"]
    by_film = client.get(f"/api/v2/box-office/?film={summer['vacation'].pk}").json()
    assert by_film["meta"]["total_count"] == 2


@pytest.mark.parametrize(
    "query", ["territory=Narnia", "weekend=junk", "film=abc", "film=99999999999999999999", "colour=red", "order=x"]
)
def test_api_junk_filters_answer_400(client, summer, query):
    assert client.get(f"/api/v2/box-office/?{query}").status_code == 400


# The demo


def test_demo_has_weekend_charts_with_rank_changes_and_the_china_total(client):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo", stdout=StringIO())
    html = client.get("/box-office/").content.decode()
    assert "Weekend of 14–16 August 2015" in html
    assert "Straight Outta Compton" in html and "-41.5%" in html  # Rogue Nation, 29.4 → 17.2
    assert "$138.1 million" in html
    film = client.get("/films/mission-impossible-rogue-nation/").content.decode()
    assert "CN¥876 million (US$137 million at the 12 Oct 2015 rate)" in film
    assert film.count("<svg") == 1
    assert client.get("/box-office/?weekend=2015-08-07").status_code == 200
    before = Gross.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert Gross.objects.count() == before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_saving_or_deleting_a_gross_purges_the_film_page_and_the_chart(settings):
    from django.db import transaction

    from articles import cache

    settings.NEWSROOM_PAGE_CACHE = True
    film = FilmFactory()
    tags = [f"film:{film.pk}", "box-office"]
    before = cache.current_versions(tags)
    with transaction.atomic():
        gross = GrossFactory(film=film)
    middle = cache.current_versions(tags)
    assert all(middle[tag] != before[tag] for tag in tags)
    with transaction.atomic():
        gross.delete()
    assert all(cache.current_versions(tags)[tag] != middle[tag] for tag in tags)


def test_merging_films_moves_their_grosses_and_drops_repeats(summer):
    from articles import curation

    duplicate = FilmFactory(name="Rogue Nation (2015)")
    GrossFactory(film=duplicate, date=JUL31, amount=Decimal("55500000"), rank=1)  # the survivor has this weekend
    GrossFactory(film=duplicate, date=datetime.date(2015, 8, 14), amount=Decimal("17200000"), rank=2)
    curation.merge_entities(duplicate, into=summer["rogue"])
    dates = list(Gross.objects.weekends().filter(film=summer["rogue"]).values_list("date", flat=True))
    assert sorted(dates) == [JUL31, AUG7, datetime.date(2015, 8, 14)]
    assert not Gross.objects.filter(film_id=duplicate.pk).exists()


def test_chart_canonical_url_names_its_territory_and_weekend_only(client, summer):
    html = client.get("/box-office/?territory=Domestic&junk=1").content.decode()
    assert (
        '<link rel="canonical" href="http://localhost/box-office/?territory=domestic&amp;weekend=2015-08-07">' in html
    )
