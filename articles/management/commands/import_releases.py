"""Import releases from a CSV file: every row is checked first, and nothing is imported if any row is bad."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from articles.importing.releases import COLUMNS, import_releases


class Command(BaseCommand):
    help = (
        f"Import release dates from a CSV file with the columns {', '.join(COLUMNS)} (film, territory, type and date "
        "required). Rows already recorded are skipped, so a file can be imported again; if any row is bad (unknown "
        "film or territory, bad date, a repeated row, a recorded release given another date) nothing is imported "
        "and each bad row is listed. Exits non-zero then."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", metavar="FILE.csv")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; change nothing.")

    def handle(self, *args: Any, path: str, dry_run: bool, **options: Any) -> None:
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from error
        report = import_releases(data, dry_run=dry_run)
        for bad in report.bad_rows:
            self.stdout.write(self.style.ERROR(f"Line {bad.line}: {' '.join(bad.messages)}"))
        for release in report.added:
            self.stdout.write(f"{'Would add' if dry_run else 'Added'}: {release}, {release.date:%Y-%m-%d}")
        for line, release in report.unchanged:
            self.stdout.write(f"Line {line}: already recorded: {release}, {release.date:%Y-%m-%d}")
        if report.failed:
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(("Dry run, nothing changed: " if dry_run else "") + report.summary()))
