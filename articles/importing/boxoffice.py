"""Box-office figures and exchange rates from CSV (issue #18 item 8): every row is checked before anything is
written, a file with any bad row imports nothing and its report names each bad row, and importing the same file
again changes nothing.

Grosses: ``film,territory,period,date,amount[,currency,rank,theatres,source,source_url]`` — the film by slug or
exact name (or alias), the territory as a code or name ("CN", "China", "domestic"), ``weekend`` or
``cumulative``, an ISO date, the amount in the territory's currency ("55,500,000"). Rates:
``currency,date,usd_rate[,source]``. A row naming a figure already recorded (same film, territory, period and date;
same currency and date) updates it, so a corrected file can be imported over the first.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from ..models import ExchangeRate, Film, Gross, territories

MAX_ROWS = 10_000
MAX_BYTES = 5 * 1024 * 1024
GROSS_COLUMNS = ("film", "territory", "period", "date", "amount")
RATE_COLUMNS = ("currency", "date", "usd_rate")
OPTIONAL_GROSS_COLUMNS = ("currency", "rank", "theatres", "source", "source_url")


class BadFile(ValueError):
    """The file as a whole cannot be read (not CSV, missing columns, too big)."""


@dataclass
class RowError:
    line: int  # the line of the file, the header being line 1
    message: str


@dataclass
class BoxOfficeImport:
    """What an import did, or (``dry_run``, or any bad row) would have done."""

    kind: str = "grosses"  # or "exchange rates"
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def saved(self) -> bool:
        return self.ok and not self.dry_run

    def summary(self) -> str:
        if self.errors:
            return f"Nothing imported: {len(self.errors)} bad row{'s' if len(self.errors) != 1 else ''}."
        counts = f"{self.created} new, {self.updated} updated, {self.unchanged} unchanged {self.kind}"
        return f"Dry run, nothing saved: {counts}." if self.dry_run else f"Imported: {counts}."


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(
            f"{name}: {message}" if name != "__all__" else message
            for name, messages in error.message_dict.items()
            for message in messages
        )
    return " ".join(error.messages)


def _decimal(value: str, name: str) -> Decimal:
    cleaned = value.strip().replace(",", "").replace("_", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(f"{name}: {value.strip()[:40]!r} is not a number.") from None
    if not number.is_finite():
        raise ValidationError(f"{name}: {value.strip()[:40]!r} is not a number.")
    return number


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError(f"date: {value.strip()[:40]!r} is not a date such as 2015-07-31.") from None


def _whole(value: str, name: str) -> int | None:
    value = value.strip().replace(",", "")
    if not value:
        return None
    if not value.isdigit() or len(value) > 9:
        raise ValidationError(f"{name}: {value[:40]!r} is not a whole number.")
    return int(value)


def read_rows(data: bytes | str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and (line, row) pairs of a CSV file; BadFile if it cannot be read as one."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise BadFile(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise BadFile("The file is not UTF-8 text: save the spreadsheet as CSV UTF-8.") from None
    if "\x00" in data:
        raise BadFile("The file is not a CSV text file.")
    reader = csv.DictReader(io.StringIO(data))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    if not header:
        raise BadFile("The file is empty.")
    reader.fieldnames = header
    rows = []
    try:
        for row in reader:
            if reader.line_num > MAX_ROWS + 1:
                raise BadFile(f"The file has more than {MAX_ROWS:,} rows: split it.")
            if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
                continue
            rows.append((reader.line_num, {key: (value or "") for key, value in row.items() if isinstance(key, str)}))
    except csv.Error as error:
        raise BadFile(f"Line {reader.line_num}: {error}.") from None
    return header, rows


def import_box_office(data: bytes | str, *, dry_run: bool = False) -> BoxOfficeImport:
    """Import a CSV of grosses or of exchange rates (told apart by its header); all or nothing."""
    header, rows = read_rows(data)
    if set(RATE_COLUMNS) <= set(header):
        return _import(rows, _rate, "exchange rates", dry_run)
    missing = [name for name in GROSS_COLUMNS if name not in header]
    if missing:
        raise BadFile(
            f"Missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}: a box-office file has "
            f"{', '.join(GROSS_COLUMNS)} (and optionally {', '.join(OPTIONAL_GROSS_COLUMNS)}); an exchange-rate "
            f"file has {', '.join(RATE_COLUMNS)}."
        )
    films = _films_named(row["film"] for _, row in rows)
    return _import(rows, lambda row: _gross(row, films), "grosses", dry_run)


def _import(rows, build, kind: str, dry_run: bool) -> BoxOfficeImport:
    report = BoxOfficeImport(kind=kind, dry_run=dry_run)
    checked: list[tuple[Any, str]] = []
    seen: dict[tuple, int] = {}
    for line, row in rows:
        try:
            obj, state = build(row)
            key = obj.natural_key_for_import()
            if key in seen:
                raise ValidationError(f"the same figure as line {seen[key]}.")
            seen[key] = line
            obj.full_clean()
        except ValidationError as error:
            report.errors.append(RowError(line, _messages(error)))
            continue
        checked.append((obj, state))
    if report.errors:
        return report
    with transaction.atomic():
        for obj, state in checked:
            setattr(report, state, getattr(report, state) + 1)
            if state != "unchanged" and not dry_run:
                obj.save()
    return report


def _films_named(names: Iterable[str]) -> dict[str, list[Film]]:
    """Films by each name, slug or alias in the file (casefolded), in one query."""
    wanted = {name.strip() for name in names if name.strip()}
    if not wanted:
        return {}
    condition = Q(slug__in=wanted)
    for name in wanted:
        condition |= Q(name__iexact=name) | Q(aliases__icontains=name)
    found: dict[str, list[Film]] = {}
    for film in Film.objects.filter(condition).order_by("pk")[:5000]:
        for key in {film.slug.casefold(), film.name.casefold(), *(alias.casefold() for alias in film.alias_list)}:
            found.setdefault(key, []).append(film)
    return found


def _gross(row: dict[str, str], films: dict[str, list[Film]]) -> tuple[Gross, str]:
    name = row.get("film", "").strip()
    matches = films.get(name.casefold(), [])
    if not name:
        raise ValidationError("film: missing.")
    if not matches:
        raise ValidationError(f"film: no film named {name[:80]!r}; add it first or use its slug.")
    if len({film.pk for film in matches}) > 1:
        slugs = ", ".join(sorted({film.slug for film in matches}))
        raise ValidationError(f"film: {name[:80]!r} names several films ({slugs}); use the slug.")
    period = row.get("period", "").strip().lower()
    if period not in Gross.Period.values:
        raise ValidationError(f"period: {period[:40]!r} is neither weekend nor cumulative.")
    territory = territories.normalise(row.get("territory", ""))
    known = territory in territories.REGIONS or territory in territories.countries()
    values = {
        "film": matches[0],
        "territory": territory,
        "period": period,
        "date": _date(row.get("date", "")),
        "amount": _decimal(row.get("amount", ""), "amount"),
        "currency": row.get("currency", "").strip().upper() or (territories.currency(territory) if known else ""),
        "rank": _whole(row.get("rank", ""), "rank"),
        "theatres": _whole(row.get("theatres", ""), "theatres"),
        "source_name": row.get("source", "").strip()[:200],
        "source_url": row.get("source_url", "").strip(),
    }
    gross = Gross(**values)
    existing = Gross.objects.filter(
        film=gross.film, territory=gross.territory, period=gross.period, date=gross.date
    ).first()
    if existing is None:
        return gross, "created"
    fields = ("amount", "currency", "rank", "theatres", "source_name", "source_url")
    if all(getattr(existing, name) == getattr(gross, name) for name in fields):
        return existing, "unchanged"
    for name in fields:
        setattr(existing, name, getattr(gross, name))
    return existing, "updated"


def _rate(row: dict[str, str]) -> tuple[ExchangeRate, str]:
    rate = ExchangeRate(
        currency=row.get("currency", "").strip().upper(),
        date=_date(row.get("date", "")),
        usd_rate=_decimal(row.get("usd_rate", ""), "usd_rate"),
        source=row.get("source", "").strip()[:200],
    )
    existing = ExchangeRate.objects.filter(currency=rate.currency, date=rate.date).first()
    if existing is None:
        return rate, "created"
    if existing.usd_rate == rate.usd_rate and existing.source == rate.source:
        return existing, "unchanged"
    existing.usd_rate, existing.source = rate.usd_rate, rate.source
    return existing, "updated"
