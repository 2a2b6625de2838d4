"""Box-office statements (articles/linking/gross_statements.py): what is found next to a known film, what is left
alone, and what one click records."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from articles.linking import gross_statements
from articles.linking.results import Match, Mention
from articles.linking.statements import FINDERS, finders
from articles.models import Gross

from ..factories import ExchangeRateFactory, FilmFactory, GrossFactory


def film_match(text: str, name: str, pk: int = 7) -> Match:
    start = text.index(name)
    return Match("film", pk, name, 0.9, [Mention(start, start + len(name), name, "name")])


def found(text: str, *names: str) -> list[tuple]:
    matches = [film_match(text, name, pk) for pk, name in enumerate(names, start=1)]
    return [
        (
            s.payload["film"],
            s.payload["territory"],
            s.payload["period"],
            Decimal(s.payload["amount"]),
            s.payload["currency"],
        )
        for s in gross_statements.find(text, matches)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'Its investment in "Rogue Nation," which grossed over 876 million yuan (about $137 million) in China.',
            (1, "CN", "cumulative", Decimal("876000000"), "CNY"),
        ),
        ("Rogue Nation grossed $137 million in China.", (1, "CN", "cumulative", Decimal("137000000"), "USD")),
        ("Rogue Nation opened to $45.2 million domestically.", (1, "domestic", "weekend", Decimal("45200000"), "USD")),
        ("Rogue Nation has earned ¥881 million in China.", (1, "CN", "cumulative", Decimal("881000000"), "CNY")),
        ("Rogue Nation has earned 881 million yuan so far.", (1, "CN", "cumulative", Decimal("881000000"), "CNY")),
        (
            "Rogue Nation debuted with $55.5 million in the U.S. and Canada.",
            (1, "domestic", "weekend", Decimal("55500000"), "USD"),
        ),
        (
            "Rogue Nation has grossed $682.7 million worldwide.",
            (1, "worldwide", "cumulative", Decimal("682700000"), "USD"),
        ),
        (
            "Rogue Nation took £4.1 million in its opening weekend in the UK.",
            (1, "GB", "weekend", Decimal("4100000"), "GBP"),
        ),
    ],
)
def test_finds_a_gross_next_to_a_known_film(text, expected):
    assert found(text, "Rogue Nation") == [expected]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        "Rogue Nation had a $150 million budget.",  # not takings
        "Rogue Nation grossed 876 million in China.",  # no currency
        "Rogue Nation has earned $5 in China.",  # too small without a scale to be a gross
        "Rogue Nation has earned $500 million.",  # dollars, but where?
        "Rogue Nation has earned ¥881 million.",  # yen or yuan?
        "Alibaba grossed $137 million in China.",  # no film before the verb
        "Rogue Nation, the fifth film in the series that started in 1996, grossed $137 million in China.",  # too far
        "A $200-million joint film fund was set up in China.",
    ],
)
def test_leaves_vaguer_statements_alone(text):
    assert found(text, "Rogue Nation") == [] if "Rogue Nation" in text else found(text) == []


@pytest.mark.django_db
def test_the_nearest_film_before_the_verb_gets_the_figure():
    text = "Vacation trailed, while Rogue Nation opened to $55.5 million domestically."
    assert found(text, "Vacation", "Rogue Nation") == [(2, "domestic", "weekend", Decimal("55500000"), "USD")]


@pytest.mark.django_db
def test_figures_already_recorded_are_not_proposed_again():
    film = FilmFactory(name="Rogue Nation")
    GrossFactory(film=film, territory="CN", currency="CNY", period="cumulative", amount=Decimal("876000000"))
    text = "Rogue Nation grossed 876 million yuan in China."
    assert list(gross_statements.find(text, [film_match(text, "Rogue Nation", film.pk)])) == []


def test_the_finder_is_registered_for_the_panel():
    assert FINDERS["gross"] in finders()
    assert FINDERS["gross"].permission == "articles.add_gross"


def test_a_weekend_is_dated_by_the_friday_of_the_story():
    assert gross_statements.weekend_of(datetime.date(2015, 8, 2)) == datetime.date(2015, 7, 31)  # Sunday
    assert gross_statements.weekend_of(datetime.date(2015, 8, 3)) == datetime.date(2015, 7, 31)  # Monday
    assert gross_statements.weekend_of(datetime.date(2015, 7, 31)) == datetime.date(2015, 7, 31)


@pytest.mark.django_db
def test_add_records_a_cumulative_gross_dated_by_the_story():
    film = FilmFactory(name="Rogue Nation")
    payload = {"film": film.pk, "territory": "CN", "period": "cumulative", "amount": "876000000", "currency": "CNY"}
    message = gross_statements.add({**payload, "date": "2015-10-04"}, None)
    gross = Gross.objects.get()
    assert (gross.date, gross.amount, gross.currency) == (datetime.date(2015, 10, 4), Decimal("876000000"), "CNY")
    assert message.startswith("Added: Rogue Nation: total to 4 Oct 2015 in China")
    assert gross_statements.add({**payload, "date": "2015-10-04"}, None).startswith("Already recorded")
    assert Gross.objects.count() == 1


@pytest.mark.django_db
def test_add_records_an_opening_weekend_on_its_friday():
    film = FilmFactory(name="Rogue Nation")
    payload = {"film": film.pk, "territory": "domestic", "period": "weekend", "amount": "55500000", "currency": "USD"}
    gross_statements.add({**payload, "date": "2015-08-03"}, None)
    assert Gross.objects.get().date == datetime.date(2015, 7, 31)


@pytest.mark.django_db
def test_add_converts_dollars_for_china_at_the_rate_of_the_day_and_says_so():
    film = FilmFactory(name="Rogue Nation")
    ExchangeRateFactory(currency="CNY", date=datetime.date(2015, 9, 30), usd_rate=Decimal("0.1566"))
    payload = {"film": film.pk, "territory": "CN", "period": "cumulative", "amount": "137000000", "currency": "USD"}
    gross_statements.add({**payload, "date": "2015-10-04"}, None)
    gross = Gross.objects.get()
    assert (gross.currency, gross.amount) == ("CNY", Decimal("874840358"))
    assert gross.source_name == "Converted from US$137 million at the 30 Sep 2015 rate"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"currency": "USD", "date": "2015-01-01"}, "no CNY exchange rate on or before 1 Jan 2015"),
        ({"amount": "-5"}, "negative"),
        ({"territory": "Narnia"}, "Unknown territory"),
        ({"film": 0}, "That film no longer exists"),
        ({"film": "abc"}, "No such film"),
        ({"period": "monthly"}, "malformed: period"),
        ({"amount": "lots"}, "malformed: amount"),
        ({"amount": "NaN"}, "malformed: amount"),
        ({"date": None}, "dated by its story"),
        ({"date": "someday"}, "not a date"),
    ],
)
def test_add_refuses_a_bad_payload_and_writes_nothing(changes, message):
    film = FilmFactory(name="Rogue Nation")
    payload = {
        "film": film.pk,
        "territory": "CN",
        "period": "cumulative",
        "amount": "876000000",
        "currency": "CNY",
        "date": "2015-10-04",
        **changes,
    }
    with pytest.raises(ValidationError, match=message):
        gross_statements.add(payload, None)
    assert not Gross.objects.exists()
