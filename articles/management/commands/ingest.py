"""Receive agency items (ninjs, NewsML-G2, RSS/Atom) into the ingest queue, from files, directories, URLs or the
configured agency feeds."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError

from articles.importing.agency import FORMATS
from articles.importing.ingest import IngestReport, ingest_paths, ingest_sources
from articles.importing.parsers import MalformedFile
from articles.importing.polling import fetch, poll_due


class Command(BaseCommand):
    help = (
        "Put agency news items into the ingest queue, where editors accept, merge or reject them. A newer version "
        "of a queued item updates it (and the draft made from it); an older or equal one changes nothing; a "
        "withdrawn or cancelled one is flagged and its article unpublished. Exits non-zero if any item failed."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "sources",
            nargs="*",
            metavar="FILE-DIR-OR-URL",
            help="ninjs (.json), NewsML-G2 or RSS/Atom (.xml) files, directories of them, or http(s) URLs.",
        )
        parser.add_argument("--format", choices=FORMATS, default="auto", help="How to read them (default: guess).")
        parser.add_argument("--poll", action="store_true", help="Poll the active agency feeds that are due.")
        parser.add_argument("--force", action="store_true", help="With --poll: poll every active feed now.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would happen; change nothing.")

    def handle(self, *args: Any, sources: list[str], format: str, poll: bool, force: bool, dry_run: bool, **options):
        if not sources and not poll:
            raise CommandError("Name files, directories or URLs to ingest, or pass --poll.")
        report = IngestReport(dry_run=dry_run)
        if poll:
            report.items.extend(poll_due(force=force, dry_run=dry_run).items)
        urls = [source for source in sources if urlsplit(source).scheme in ("http", "https")]
        paths = [source for source in sources if source not in urls]
        if paths:
            report.items.extend(ingest_paths(paths, format=format, dry_run=dry_run).items)
        if urls:

            def fetched():
                for url in urls:
                    try:
                        yield url, fetch(url)
                    except MalformedFile as error:
                        yield url, error

            report.items.extend(ingest_sources(fetched(), format=format, dry_run=dry_run).items)

        for item in report.items:
            style = self.style.ERROR if item.failed else self.style.SUCCESS
            self.stdout.write(style(item.summary()))
        prefix = "Dry run, nothing changed: " if dry_run else ""
        self.stdout.write(f"{prefix}{report.totals()}.")
        if report.failed:
            raise CommandError(f"{len(report.failed)} of {len(report.items)} files or items could not be ingested.")
