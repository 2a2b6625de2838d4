"""Import box-office grosses (or exchange rates) from a CSV file: all rows checked first, all or nothing."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from articles.importing.boxoffice import BadFile, import_box_office


class Command(BaseCommand):
    help = (
        "Import weekend and cumulative grosses (film, territory, period, date, amount[, currency, rank, theatres, "
        "source, source_url]) or exchange rates (currency, date, usd_rate[, source]) from a CSV file. Every row is "
        "checked first; if any row is bad, each is reported and nothing is imported. Importing the same file again "
        "changes nothing. Exits non-zero on a bad file or row."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", metavar="FILE.csv")
        parser.add_argument("--dry-run", action="store_true", help="Check and report; save nothing.")

    def handle(self, *args: Any, path: str, dry_run: bool, **options: Any) -> None:
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from error
        try:
            report = import_box_office(data, dry_run=dry_run)
        except BadFile as error:
            raise CommandError(str(error)) from error
        for error in report.errors:
            self.stdout.write(self.style.ERROR(f"Line {error.line}: {error.message}"))
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))
