"""Import news items (plain text, HTML, JSON) as draft articles, with their entities attached."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.importing import import_paths
from articles.models import TopicPage


class Command(BaseCommand):
    help = (
        "Import news items from files as draft articles under a topic, attaching the studios, people and films "
        "they mention. Re-importing an unchanged item changes nothing; a changed one gets a new draft revision. Items "
        "close to an existing story are listed with a link to it. Exits non-zero if any file or item failed."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Text (.txt), HTML (.html) or JSON files.")
        parser.add_argument("--publish", action="store_true", help="Publish the articles instead of saving drafts.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would happen; change nothing.")
        parser.add_argument("--topic", metavar="SLUG", help="The topic page to import into (default: the first).")

    def handle(self, *args: Any, paths: list[str], publish: bool, dry_run: bool, topic: str | None, **options: Any):
        topic_page = None
        if topic:
            topic_page = TopicPage.objects.filter(slug=topic).order_by("path").first()
            if topic_page is None:
                known = ", ".join(TopicPage.objects.order_by("path").values_list("slug", flat=True)) or "none"
                raise CommandError(f'No topic with the slug "{topic}". Topics: {known}.')
        report = import_paths(paths, topic=topic_page, publish=publish, dry_run=dry_run)

        for item in report.items:
            style = self.style.ERROR if item.failed else self.style.SUCCESS
            self.stdout.write(style(item.summary()))
            for line in item.details():
                self.stdout.write(f"    {line}")
            for line in item.duplicate_lines(getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")):
                self.stdout.write(self.style.WARNING(f"    {line}"))
        prefix = "Dry run, nothing changed: " if dry_run else ""
        self.stdout.write(f"{prefix}{report.totals()}.")
        if report.failed:
            raise CommandError(f"{len(report.failed)} of {len(report.items)} files or items could not be imported.")
