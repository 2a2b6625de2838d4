"""Box office: a film's weekend and cumulative grosses by territory, in the territory's currency, and the exchange
rates that state them in US dollars (issue #18 item 3).

A ``Gross`` is one figure a source reported: a weekend (dated by its first day, usually a Friday) or a cumulative
total to a date, in one territory (``territories``: a country or a trade region such as "domestic"). Its money is
stored as reported, a Decimal in the territory's currency; ``ExchangeRate`` rows, entered by editors, convert it
to US dollars for readers, always with the rate's date. ``clean()`` is the one validation the admin, the CSV import
and the statements panel share.
"""

from __future__ import annotations

import bisect
import datetime
from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import format_currency, list_currencies
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from . import territories
from .entities import Film

MONEY_DIGITS = 16  # a Decimal of up to 99 trillion in any currency, with two decimal places
WEEKEND_DAYS = 3  # a weekend's cumulative total runs to its Sunday


def format_money(amount: Decimal | int | float, currency: str) -> str:
    """ "CN¥881 million", "$55.5 million", "£950,000": Babel's symbol for the currency, millions and billions in
    words as the trade writes them."""
    value = Decimal(amount)
    for size, word in ((Decimal(1_000_000_000), "billion"), (Decimal(1_000_000), "million")):
        if abs(value) >= size:
            short = (value / size).quantize(Decimal("0.1"))
            number = format_currency(short, currency, format="¤#,##0.#", locale="en", currency_digits=False)
            return f"{number} {word}"
    return format_currency(value, currency, format="¤#,##0", locale="en", currency_digits=False)


def format_usd(amount: Decimal) -> str:
    """US dollars named as such beside another currency: "US$137 million"."""
    text = format_money(amount, "USD")
    return f"US{text}" if text.startswith("$") else text


class ExchangeRateQuerySet(models.QuerySet):
    def table(self, currencies) -> RateTable:
        """Every rate of these currencies, in one query, to look up the one in force on a date."""
        rows = self.filter(currency__in=set(currencies) - {"USD"}).order_by("currency", "date")
        return RateTable(list(rows.values_list("currency", "date", "usd_rate")))


class ExchangeRate(models.Model):
    """What one unit of a currency was worth in US dollars on a date, as a named source gave it."""

    currency = models.CharField(max_length=3, help_text="ISO 4217 code, e.g. CNY.")
    date = models.DateField()
    usd_rate = models.DecimalField(
        "US dollars per unit",
        max_digits=18,
        decimal_places=8,
        validators=[MinValueValidator(Decimal("0.00000001"))],
        help_text="e.g. 0.1566 for the yuan in autumn 2015.",
    )
    source = models.CharField(max_length=200, blank=True, help_text="Who published the rate.")

    objects = ExchangeRateQuerySet.as_manager()

    class Meta:
        verbose_name = "exchange rate"
        ordering = ["currency", "-date"]
        constraints = [models.UniqueConstraint(fields=["currency", "date"], name="unique_exchange_rate")]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.usd_rate} USD on {self.date:%-d %b %Y}"

    def natural_key_for_import(self) -> tuple:
        """What makes two rows of a CSV the same rate."""
        return (self.currency, self.date)

    def clean(self) -> None:
        self.currency = (self.currency or "").strip().upper()
        if self.currency and self.currency not in list_currencies():
            raise ValidationError({"currency": f"Unknown currency {self.currency!r}: use an ISO 4217 code."})
        if self.currency == "USD":
            raise ValidationError({"currency": "US dollars need no rate."})


@dataclass
class RateTable:
    """Rates by currency and date: the rate in force on a date is the latest published on or before it."""

    rows: list[tuple[str, datetime.date, Decimal]]

    def __post_init__(self) -> None:
        self._by_currency: dict[str, tuple[list[datetime.date], list[Decimal]]] = {}
        for currency, date, rate in self.rows:
            dates, rates = self._by_currency.setdefault(currency, ([], []))
            dates.append(date)
            rates.append(rate)

    def on(self, currency: str, date: datetime.date) -> tuple[datetime.date, Decimal] | None:
        dates, rates = self._by_currency.get(currency, ([], []))
        index = bisect.bisect_right(dates, date) - 1
        return (dates[index], rates[index]) if index >= 0 else None


class GrossQuerySet(models.QuerySet):
    def weekends(self) -> GrossQuerySet:
        return self.filter(period=Gross.Period.WEEKEND)

    def cumulative(self) -> GrossQuerySet:
        return self.filter(period=Gross.Period.CUMULATIVE)

    def public(self) -> GrossQuerySet:
        """Grosses of films readers may see (an editor's accepted films, not proposals)."""
        return self.filter(film__in=Film.objects.public())

    def chart(self, territory: str, weekend: datetime.date) -> GrossQuerySet:
        """One territory's weekend chart, in one query: each row with the film, last weekend's gross, the film's
        first weekend there (weeks in release) and its latest cumulative total by the weekend's Sunday."""
        same_film = {"film": models.OuterRef("film"), "territory": territory}
        previous = Gross.objects.weekends().filter(**same_film, date=weekend - datetime.timedelta(days=7))
        first = Gross.objects.weekends().filter(**same_film).order_by("date")
        total = (
            Gross.objects.cumulative()
            .filter(**same_film, date__lte=weekend + datetime.timedelta(days=WEEKEND_DAYS - 1))
            .order_by("-date")
        )
        return (
            self.public()
            .weekends()
            .filter(territory=territory, date=weekend)
            .select_related("film")
            .annotate(
                previous_amount=models.Subquery(previous.values("amount")[:1]),
                first_weekend=models.Subquery(first.values("date")[:1]),
                total_amount=models.Subquery(total.values("amount")[:1]),
                total_date=models.Subquery(total.values("date")[:1]),
            )
            .order_by(models.F("rank").asc(nulls_last=True), "-amount", "film__name")
        )


class Gross(models.Model):
    """A film's takings in one territory for a weekend, or in total to a date, as a source reported them."""

    class Period(models.TextChoices):
        WEEKEND = "weekend", "Weekend"
        CUMULATIVE = "cumulative", "Cumulative to date"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="grosses")
    territory = models.CharField(
        max_length=32,
        validators=[territories.validate_territory],
        help_text="ISO 3166 country code (CN, GB) or a region: domestic, greater-china, worldwide…",
    )
    period = models.CharField(max_length=16, choices=Period.choices, default=Period.WEEKEND)
    date = models.DateField(help_text="A weekend's first day (usually the Friday), or the date a total runs to.")
    amount = models.DecimalField(
        max_digits=MONEY_DIGITS,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
        help_text="In the territory's currency, as reported (yuan for China, dollars for domestic).",
    )
    currency = models.CharField(
        max_length=3, blank=True, help_text="ISO 4217 code; left blank, the territory's own (CNY for China)."
    )
    rank = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(999)], help_text="That weekend."
    )
    theatres = models.PositiveIntegerField(null=True, blank=True, validators=[MaxValueValidator(1_000_000)])
    source_name = models.CharField("source", max_length=200, blank=True, help_text="e.g. Comscore, Maoyan.")
    source_url = models.URLField("source URL", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GrossQuerySet.as_manager()

    class Meta:
        verbose_name = "gross"
        verbose_name_plural = "box office"
        ordering = ["film", "territory", "period", "date"]
        constraints = [
            models.UniqueConstraint(fields=["film", "territory", "period", "date"], name="unique_gross"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="gross_amount_not_negative"),
        ]
        indexes = [models.Index(fields=["territory", "period", "date"], name="gross_chart")]

    def __str__(self) -> str:
        return f"{self.film.name}: {self.label} in {territories.territory_name(self.territory)}"

    def clean_fields(self, exclude=None) -> None:
        # "China" or "cn" from an editor or a CSV is stored as "CN" before the field's validator looks at it.
        self.territory = territories.normalise(self.territory)
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        if self.territory not in territories.REGIONS and self.territory not in territories.countries():
            return  # the field's validator has said why
        expected = territories.currency(self.territory)
        self.currency = (self.currency or "").strip().upper() or expected
        if self.currency != expected:
            raise ValidationError(
                {
                    "currency": f"{territories.territory_name(self.territory)} reports in {expected}, not "
                    f"{self.currency}: enter the amount in {expected}."
                }
            )
        if self.amount is not None and self.amount < 0:
            raise ValidationError({"amount": "A gross cannot be negative."})
        if self.period == self.Period.CUMULATIVE and (self.rank or self.theatres):
            raise ValidationError({"rank": "Rank and theatres belong to a weekend, not a cumulative total."})

    def validate_unique(self, exclude=None) -> None:
        try:
            super().validate_unique(exclude=exclude)
        except ValidationError as error:
            if "__all__" in getattr(error, "error_dict", {}):
                raise ValidationError(self.duplicate_message()) from error
            raise

    def validate_constraints(self, exclude=None) -> None:
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            if "__all__" in getattr(error, "error_dict", {}):
                raise ValidationError(self.duplicate_message()) from error
            raise

    def duplicate_message(self) -> str:
        return (
            f"{self.film.name if self.film_id else 'This film'} already has a {self.get_period_display().lower()} "
            f"gross for {territories.territory_name(self.territory)} on {self.date:%-d %b %Y}: edit that one."
        )

    def get_absolute_url(self) -> str:
        return self.film.get_absolute_url()

    def natural_key_for_import(self) -> tuple:
        """What makes two rows of a CSV the same figure (the unique constraint's fields)."""
        return (self.film_id, self.territory, self.period, self.date)

    @property
    def label(self) -> str:
        if self.period == self.Period.WEEKEND:
            return f"weekend of {self.date:%-d %b %Y}"
        return f"total to {self.date:%-d %b %Y}"

    @property
    def money(self) -> str:
        return format_money(self.amount, self.currency)

    def in_usd(self, rates: RateTable) -> str:
        """The money as reported, with its US-dollar value at the rate in force on its date:
        "CN¥876 million (US$137.2 million at the 30 Sep 2015 rate)"."""
        return money_with_usd(self.amount, self.currency, self.date, rates)


def money_with_usd(amount: Decimal, currency: str, date: datetime.date, rates: RateTable) -> str:
    text = format_money(amount, currency)
    if currency == "USD":
        return text
    found = rates.on(currency, date)
    if found is None:
        return text
    rate_date, rate = found
    return f"{text} ({format_usd(amount * rate)} at the {rate_date:%-d %b %Y} rate)"
