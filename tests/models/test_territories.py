import pytest
from django.core.exceptions import ValidationError

from articles.models import territories


def test_countries_are_iso_codes_with_english_names():
    countries = territories.countries()
    assert countries["CN"] == "China"
    assert countries["GB"] == "United Kingdom"
    assert "EU" not in countries and "ZZ" not in countries
    assert all(len(code) == 2 and code.isupper() for code in countries)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("cn", "CN"),
        (" GB ", "GB"),
        ("Greater China", "greater-china"),
        ("greater_china", "greater-china"),
        ("China", "CN"),
        ("Domestic", "domestic"),
    ],
)
def test_normalise(raw, code):
    assert territories.normalise(raw) == code
    territories.validate_territory(code)


@pytest.mark.parametrize("raw", ["", "Narnia", "XX", "EU", "cn"])
def test_unknown_territories_are_refused_with_a_message(raw):
    with pytest.raises(ValidationError, match="Unknown territory"):
        territories.validate_territory(raw)


def test_currencies_and_names():
    assert territories.currency("CN") == "CNY"
    assert territories.currency("greater-china") == "CNY"
    assert territories.currency("domestic") == "USD"
    assert territories.currency("FR") == "EUR"
    assert territories.territory_name("greater-china") == "Greater China"
    assert territories.choices()[0] == ("worldwide", "Worldwide")
