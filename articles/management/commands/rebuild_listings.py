"""Recompute the story listings (articles.listings) from the pages, or report how far they have drifted."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles import listings


class Command(BaseCommand):
    help = "Recompute the precomputed story listings from the pages; --check only reports drift."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if the table has drifted")

    def handle(self, *args, check: bool = False, **options) -> None:
        if check:
            report = listings.drift()
            if report:
                lines = ", ".join(f"{label}: {count}" for label, count in sorted(report.items()))
                raise CommandError(f"The story listings have drifted ({lines}); run rebuild_listings to repair.")
            self.stdout.write("The story listings match the pages.")
            return
        from articles.signals import purge_public_cache

        with transaction.atomic():
            rows = listings.rebuild()
            purge_public_cache()  # on commit: cached pages, counts and cards may show the lists as they were
        self.stdout.write(f"Rebuilt the story listings: {rows} rows; cached pages marked stale.")
