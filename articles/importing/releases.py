"""Releases from a CSV file, all or nothing: every row is checked first, and one bad row imports none.

Columns (a header row names them, in any order): ``film`` (a film's or series' slug or exact name), ``season``
(optional, for a series), ``territory`` (ISO 3166 code, country or region name), ``type``, ``date`` (YYYY-MM-DD),
``company`` (optional: a studio's slug or name), ``venue`` (optional: the festival or platform), ``note`` and
``source`` (optional). A row repeating one already recorded is skipped, so importing a file twice changes nothing;
a row repeating another row of the file, or giving a recorded release (same title, season, territory, type and
venue) another date, is a bad row: correct the file, or the release in the admin.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Release
from ..models.relations import RELATIONS
from ..models.releases import ReleaseInput, build_release
from ..signals import purge_tags

COLUMNS = ("film", "season", "territory", "type", "date", "company", "venue", "note", "source")
REQUIRED = ("film", "territory", "type", "date")
ALIASES = {"title": "film", "series": "film", "release_type": "type", "festival": "venue", "platform": "venue"}
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000


@dataclass
class BadRow:
    line: int  # in the file, the header being line 1
    messages: list[str]


@dataclass
class ReleaseImportReport:
    dry_run: bool
    added: list[Release] = field(default_factory=list)  # imported, or to be imported on a dry run
    unchanged: list[tuple[int, Release]] = field(default_factory=list)  # rows already recorded exactly
    bad_rows: list[BadRow] = field(default_factory=list)
    file_error: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.file_error or self.bad_rows)

    def summary(self) -> str:
        if self.file_error:
            return f"Nothing imported: {self.file_error}"
        if self.bad_rows:
            return f"Nothing imported: {len(self.bad_rows)} bad row{'s' if len(self.bad_rows) != 1 else ''}."
        verb = "would be imported" if self.dry_run else "imported"
        already = f", {len(self.unchanged)} already recorded" if self.unchanged else ""
        return f"{len(self.added)} release{'s' if len(self.added) != 1 else ''} {verb}{already}."


def _rows(data: bytes | str) -> tuple[list[tuple[int, dict[str, str]]], str]:
    """The file's rows by line number, or an error about the whole file."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            return [], f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB."
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return [], "the file is not UTF-8 text. Save it as CSV UTF-8."
    reader = csv.reader(io.StringIO(data))
    try:
        header = next(reader, None)
        if not header:
            return [], "the file is empty."
        names = [ALIASES.get(name.strip().lower(), name.strip().lower()) for name in header]
        if missing := [name for name in REQUIRED if name not in names]:
            return [], f"the header lacks the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}."
        if unknown := [name for name in names if name and name not in COLUMNS]:
            return (
                [],
                f"unknown column{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}: use {', '.join(COLUMNS)}.",
            )
        rows = []
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            if len(rows) >= MAX_ROWS:
                return [], f"the file has more than {MAX_ROWS} rows: split it."
            rows.append((reader.line_num, dict(zip(names, (value.strip() for value in values), strict=False))))
    except csv.Error as error:
        return [], f"line {reader.line_num} is not valid CSV ({error})."
    if not rows:
        return [], "the file has a header but no rows."
    return rows, ""


def import_releases(data: bytes | str, *, dry_run: bool = False) -> ReleaseImportReport:
    """Check every row of a CSV file of releases, then record the new ones in one transaction, or none."""
    report = ReleaseImportReport(dry_run=dry_run)
    rows, report.file_error = _rows(data)
    checked: list[tuple[int, Release]] = []
    for line, row in rows:
        try:
            release = build_release(
                ReleaseInput(
                    title=row.get("film", ""),
                    season=row.get("season"),
                    territory=row.get("territory", ""),
                    release_type=row.get("type", ""),
                    date=row.get("date", ""),
                    company=row.get("company", ""),
                    venue=row.get("venue", ""),
                    note=row.get("note", ""),
                    source=row.get("source", ""),
                )
            )
        except ValidationError as error:
            report.bad_rows.append(BadRow(line, error.messages))
        else:
            checked.append((line, release))
    seen: dict[tuple, int] = {}
    for line, release in checked:
        if (first := seen.setdefault(release.identity(), line)) != line:
            report.bad_rows.append(BadRow(line, [f"Repeats line {first}."]))
    _compare_with_recorded(report, checked)
    report.bad_rows.sort(key=lambda bad: bad.line)
    if report.failed:
        return report
    unchanged = {line for line, _ in report.unchanged}
    report.added = [release for line, release in checked if line not in unchanged]
    if not dry_run and report.added:
        with transaction.atomic():
            Release.objects.bulk_create(report.added)
            relation = RELATIONS.for_model(Release)
            purge_tags(set().union(*(relation.tags(release) for release in report.added)))
    return report


def _compare_with_recorded(report: ReleaseImportReport, checked: list[tuple[int, Release]]) -> None:
    """Rows recorded already (skipped) and rows giving a recorded release another date (bad), in one query."""
    films = {release.film_id for _, release in checked if release.film_id}
    series = {release.series_id for _, release in checked if release.series_id}
    recorded = Release.objects.filter(film_id__in=films) | Release.objects.filter(series_id__in=series)
    identities = set()
    dates: dict[tuple, list] = {}
    for existing in recorded.only("film_id", "series_id", "season", "territory", "release_type", "date", "venue"):
        identities.add(existing.identity())
        dates.setdefault(_undated(existing), []).append(existing.date)
    for line, release in checked:
        if release.identity() in identities:
            report.unchanged.append((line, release))
        elif other_dates := dates.get(_undated(release)):
            shown = ", ".join(sorted(date.isoformat() for date in other_dates))
            message = f"Already recorded for {shown}: {release.title_name} — {release.label}. Correct it in the admin."
            report.bad_rows.append(BadRow(line, [message]))


def _undated(release: Release) -> tuple:
    """A release's identity but its date: the same release event, whatever day it is given."""
    film, series, season, territory, release_type, _, venue = release.identity()
    return (film, series, season, territory, release_type, venue)
