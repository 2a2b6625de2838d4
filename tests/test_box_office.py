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
