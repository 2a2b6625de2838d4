"""Territories that releases and box-office grosses are reported for: ISO 3166-1 alpha-2 countries (names and
currencies from the CLDR data Babel ships) and the regions the trade reports in ("Greater China", "Domestic" for
the US and Canada, "Worldwide").

A territory is stored as its code: "CN", "GB" for a country, a lower-case word for a region ("greater-china").
``choices()`` feeds model and form fields; ``validate_territory`` rejects anything else with a message an editor
can act on (a CSV import's report quotes it).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from babel import Locale
from babel.numbers import get_territory_currencies
from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    countries: tuple[str, ...]  # what it covers; empty for the world
    currency: str  # what the trade reports its money in


REGIONS: dict[str, Region] = {
    region.code: region
    for region in (
        Region("worldwide", "Worldwide", (), "USD"),
        Region("domestic", "Domestic (US and Canada)", ("US", "CA"), "USD"),
        Region("international", "International (outside the US and Canada)", (), "USD"),
        Region("greater-china", "Greater China", ("CN", "HK", "MO", "TW"), "CNY"),
        Region("latin-america", "Latin America", (), "USD"),
        Region("europe", "Europe", (), "EUR"),
    )
}

# CLDR names a few codes that are not ISO 3166-1 countries (Ascension Island, the European Union, "Unknown
# Region"…); they are not territories a film opens in. Regions above stand for the groups that matter.
NOT_COUNTRIES = frozenset({"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"})


@functools.cache
def countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code → English name, by name."""
    names = {
        code: name
        for code, name in Locale("en").territories.items()
        if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
    }
    return dict(sorted(names.items(), key=lambda item: item[1]))


def choices() -> list[tuple[str, str]]:
    """Regions first (what the trade reports most), then countries by name."""
    return [(code, region.name) for code, region in REGIONS.items()] + list(countries().items())


def territory_name(code: str) -> str:
    if code in REGIONS:
        return REGIONS[code].name
    return countries().get(code, code)


def currency(code: str) -> str:
    """The currency money is reported in for a territory: the region's, or the country's current legal tender."""
    if code in REGIONS:
        return REGIONS[code].currency
    current = get_territory_currencies(code) if code in countries() else []
    return current[0] if current else "USD"


def normalise(value: str) -> str:
    """A code as stored, from what an editor or a CSV wrote: "cn" → "CN", "Greater China" → "greater-china",
    "China" → "CN". Unknown values come back unchanged (stripped) for ``validate_territory`` to refuse."""
    raw = (value or "").strip()
    if len(raw) == 2 and raw.upper() in countries():
        return raw.upper()
    folded = raw.lower().replace("_", "-").replace(" ", "-")
    if folded in REGIONS:
        return folded
    for code, region in REGIONS.items():
        if region.name.lower() == raw.lower():
            return code
    for code, name in countries().items():
        if name.lower() == raw.lower():
            return code
    return raw


def validate_territory(value: str) -> None:
    if value not in REGIONS and value not in countries():
        raise ValidationError(
            "Unknown territory %(value)s: use an ISO 3166 country code such as CN or GB, or a region (%(regions)s).",
            code="unknown_territory",
            params={"value": repr(value), "regions": ", ".join(REGIONS)},
        )
