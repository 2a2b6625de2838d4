"""Box-office figures a story states about a film it names — "grossed 876 million yuan in China", "opened to
$45.2 million domestically", "has earned ¥881 million in China" — proposed in the suggestions panel and recorded
as a ``Gross`` in one click (issue #18 item 8; the registry is ``articles.linking.statements``).

Precision over recall: a figure is proposed only when one sentence names a known film, then a takings verb, then
an amount with its currency, and a territory the trade reports (stated, or implied by a currency only one place
uses: yuan, won); "$50 million budget" or "a $200-million fund" are not takings. An opening is a weekend gross, a
total a cumulative one, dated by the story: ``add`` takes the story's date (``date``) or the story (``article``).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import ArticlePage, ExchangeRate, Film, Gross, territories
from ..models.boxoffice import format_money, format_usd
from .results import Match
from .spans import sentences
from .statements import Finder, Statement, register

KIND = "gross"

_NUMBER = r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE = r"(?:\s*-?\s*(?P<scale>million|billion|mn|bn|m)\b)?"
_PREFIX = r"(?P<prefix>US\$|CN¥|RMB\s?|\$|¥|£|€|₩)"
_SUFFIX = r"(?:\s+(?P<suffix>yuan|renminbi|RMB|yen|won|euros?|pounds?|dollars?|rupees?))?"
MONEY = rf"(?:{_PREFIX}\s?)?{_NUMBER}{_SCALE}{_SUFFIX}"
_ABOUT = r"(?:(?:over|more\s+than|nearly|almost|about|around|some|roughly|an\s+estimated|a\s+record)\s+)?"

_CUMULATIVE = r"(?:has\s+|have\s+|had\s+)?(?:grossed|earned|taken|took|collected|amassed|made|racked\s+up|pulled\s+in)"
_WEEKEND = r"(?:opened|debuted|bowed|launched)\s+(?:to|with)"
_VERB = re.compile(
    rf"\b(?:(?P<weekend>{_WEEKEND})|(?P<cumulative>{_CUMULATIVE}))\s+{_ABOUT}{MONEY}"
    rf"(?P<tail>(?:\s+(?:in\s+its\s+opening\s+weekend|at\s+the\s+box\s+office|so\s+far|to\s+date|"
    rf"\([^()]{{0,60}}\)))*)"
    rf"(?:\s*,?\s*(?:(?:in|across)\s+(?P<place>(?:the\s+)?[A-Z][\w.]*(?:\s+(?:and\s+)?[A-Z][\w.]*){{0,2}})|"
    rf"(?P<adverb>domestically|worldwide|globally|internationally|overseas)))?",
)
_SCALES = {"million": 10**6, "m": 10**6, "mn": 10**6, "billion": 10**9, "bn": 10**9}
_PREFIX_CURRENCY = {"US$": "USD", "$": "USD", "CN¥": "CNY", "RMB": "CNY", "£": "GBP", "€": "EUR", "₩": "KRW"}
_SUFFIX_CURRENCY = {
    "yuan": "CNY",
    "renminbi": "CNY",
    "rmb": "CNY",
    "yen": "JPY",
    "won": "KRW",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "dollar": "USD",
    "dollars": "USD",
    "rupee": "INR",
    "rupees": "INR",
}
# A currency only one territory the trade reports in uses, for "has earned 881 million yuan" with no place named.
_CURRENCY_TERRITORY = {"CNY": "CN", "KRW": "KR", "JPY": "JP", "INR": "IN", "GBP": "GB"}
_PLACES = {
    "the u.s. and canada": "domestic",
    "u.s. and canada": "domestic",
    "the us and canada": "domestic",
    "north america": "domestic",
    "the u.s.": "domestic",
    "u.s.": "domestic",
    "the us": "domestic",
    "us": "domestic",
    "the united states": "domestic",
    "the uk": "GB",
    "the u.k.": "GB",
    "uk": "GB",
    "britain": "GB",
    "korea": "KR",
    "south korea": "KR",
    "greater china": "greater-china",
    "mainland china": "CN",
}
_ADVERBS = {
    "domestically": "domestic",
    "worldwide": "worldwide",
    "globally": "worldwide",
    "internationally": "international",
    "overseas": "international",
}


def _territory(place: str | None, adverb: str | None) -> str | None:
    if adverb:
        return _ADVERBS[adverb.lower()]
    if not place:
        return None
    words = place.strip().rstrip(".")
    folded = words.lower()
    if folded in _PLACES:
        return _PLACES[folded]
    code = territories.normalise(re.sub(r"^the\s+", "", words, flags=re.IGNORECASE))
    if code in territories.countries() or code in territories.REGIONS:
        return code
    # "China on Friday": the longest known prefix of the capitalised words.
    parts = words.split()
    for size in range(len(parts) - 1, 0, -1):
        shorter = " ".join(parts[:size])
        found = _territory(shorter, None)
        if found:
            return found
    return None


def _money(match: re.Match) -> tuple[Decimal, str] | None:
    number = Decimal(match["number"].replace(",", ""))
    scale = (match["scale"] or "").lower()
    amount = number * _SCALES.get(scale, 1)
    prefix = (match["prefix"] or "").strip()
    suffix = (match["suffix"] or "").lower()
    currency = _SUFFIX_CURRENCY.get(suffix) or _PREFIX_CURRENCY.get(prefix.upper())
    if not prefix and not suffix:
        return None  # "876 million" of what
    if not scale and amount < 10_000:
        return None  # "$5 tickets"
    return amount, currency or "¥"  # "¥" alone: yen or yuan, told by the territory


def find(text: str, matches: Sequence[Match]) -> Iterable[Statement]:
    films = [match for match in matches if match.entity_type == "film"]
    if not films:
        return []
    mentions = sorted((mention.start, mention.end, match) for match in films for mention in match.mentions)
    found: dict[tuple, Statement] = {}
    for start, end in sentences(text):
        sentence = text[start:end]
        for verb in _VERB.finditer(sentence):
            at = start + verb.start()
            before = [(m_start, m_end, match) for m_start, m_end, match in mentions if start <= m_start and m_end <= at]
            if not before:
                continue
            film_start, film_end, film = before[-1]
            # The film and the verb are next to each other: its name, perhaps "has" or a short apposition, no
            # other sentence part with a figure of its own.
            gap = text[film_end:at]
            if len(gap) > 60 or re.search(r"\d|[;:]", gap):
                continue
            money = _money(verb)
            if money is None:
                continue
            amount, currency = money
            territory = _territory(verb["place"], verb["adverb"])
            if currency == "¥":
                currency = {"CN": "CNY", "greater-china": "CNY", "JP": "JPY"}.get(territory or "")
                if currency is None:
                    continue
            if territory is None:
                territory = _CURRENCY_TERRITORY.get(currency)
            if territory is None:
                continue
            period = Gross.Period.WEEKEND if verb["weekend"] else Gross.Period.CUMULATIVE
            if "opening weekend" in (verb["tail"] or "").lower():
                period = Gross.Period.WEEKEND
            label = (
                f"{film.name} — {'opening weekend' if period == Gross.Period.WEEKEND else 'total'} in "
                f"{territories.territory_name(territory)}: {format_money(amount, currency)}"
            )
            payload = {
                "film": film.entity_id,
                "territory": territory,
                "period": str(period),
                "amount": str(amount),
                "currency": currency,
            }
            statement = Statement(
                kind=KIND,
                label=label,
                payload=payload,
                confidence=0.85 if verb["place"] or verb["adverb"] else 0.7,
                evidence=sentence.strip(),
                start=film_start,
                end=start + verb.end(),
            )
            found.setdefault((film.entity_id, territory, str(period), str(amount)), statement)
    if not found:
        return []
    recorded = set(
        Gross.objects.filter(film_id__in={key[0] for key in found}).values_list(
            "film_id", "territory", "period", "amount"
        )
    )
    recorded = {(film, territory, period, str(amount.normalize())) for film, territory, period, amount in recorded}
    return [
        statement
        for (film, territory, period, amount), statement in found.items()
        if (film, territory, period, str(Decimal(amount).normalize())) not in recorded
    ]


def weekend_of(date: datetime.date) -> datetime.date:
    """The Friday of the weekend a story on this date reports: that weekend's, or the one before."""
    return date - datetime.timedelta(days=(date.weekday() - 4) % 7)


def _story_date(payload: dict[str, Any]) -> datetime.date:
    if payload.get("date"):
        try:
            return datetime.date.fromisoformat(str(payload["date"])[:10])
        except ValueError:
            raise ValidationError("The story's date is not a date such as 2015-10-04.") from None
    if payload.get("article"):
        story = ArticlePage.objects.filter(pk=_id(payload["article"], "story")).only("date").first()
        if story is not None and story.date:
            return story.date.date()
    raise ValidationError("A box-office figure is dated by its story: save the story with a date first.")


def _id(value: Any, what: str) -> int:
    if isinstance(value, bool) or not str(value).isdigit() or len(str(value)) > 18:
        raise ValidationError(f"No such {what}.")
    return int(value)


def add(payload: dict[str, Any], user: Any) -> str:
    """Record a stated gross, converted to the territory's currency at the rate in force on the story's date when
    the story gave it in another (it says so in the row's source)."""
    if not isinstance(payload, dict):
        raise ValidationError("The suggestion is malformed.")
    film = Film.objects.filter(pk=_id(payload.get("film"), "film")).first()
    if film is None:
        raise ValidationError("That film no longer exists.")
    period = str(payload.get("period", ""))
    if period not in Gross.Period.values:
        raise ValidationError("The suggestion is malformed: period.")
    try:
        amount = Decimal(str(payload.get("amount", "")))
    except ArithmeticError:
        raise ValidationError("The suggestion is malformed: amount.") from None
    if not amount.is_finite():
        raise ValidationError("The suggestion is malformed: amount.")
    territory = territories.normalise(str(payload.get("territory", ""))[:100])
    currency = str(payload.get("currency", "")).upper()[:3]
    story_date = _story_date(payload)
    date = weekend_of(story_date) if period == Gross.Period.WEEKEND else story_date
    source = str(payload.get("source", ""))[:120]
    known = territory in territories.REGIONS or territory in territories.countries()
    expected = territories.currency(territory) if known else currency
    if currency != expected and currency and expected:
        amount, note = _convert(amount, currency, expected, story_date)
        source = f"{source} ({note})" if source else note[:1].upper() + note[1:]
        currency = expected
    gross = Gross(
        film=film, territory=territory, period=period, date=date, amount=amount, currency=currency, source_name=source
    )
    existing = Gross.objects.filter(film=film, territory=territory, period=period, date=date).first()
    if existing is not None and existing.amount == gross.amount:
        return f"Already recorded: {existing}."
    with transaction.atomic():
        gross.full_clean()
        gross.save()
    return f"Added: {gross} — {gross.money}."


def _convert(amount: Decimal, currency: str, expected: str, date: datetime.date) -> tuple[Decimal, str]:
    """``amount`` of ``currency`` in ``expected`` through the US dollar, at the rates in force on ``date``."""
    rates = ExchangeRate.objects.table([currency, expected])
    usd = amount if currency == "USD" else None
    if usd is None and (found := rates.on(currency, date)):
        usd = amount * found[1]
    target = rates.on(expected, date) if expected != "USD" else (date, Decimal(1))
    if usd is None or target is None:
        missing = expected if target is None else currency
        raise ValidationError(
            f"The story gives this figure in {currency}; the territory reports in {expected} and there is no "
            f"{missing} exchange rate on or before {date:%-d %b %Y} to convert it. Add the rate, or enter the figure "
            "in the box-office admin."
        )
    converted = (usd / target[1]).quantize(Decimal("1"))
    stated = format_usd(amount) if currency == "USD" else f"{format_money(amount, currency)} ({format_usd(usd)})"
    return (
        converted,
        f"converted from {stated} at the {target[0]:%-d %b %Y} rate",
    )


FINDER = register(Finder(kind=KIND, label="Box office", find=find, add=add, permission="articles.add_gross", order=30))
