"""``manage.py merge_entities KIND SOURCE TARGET``: fold one studio, person or film into another."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from articles import curation
from articles.models import KINDS, Entity


def find_entity(kind: str, value: str) -> Entity:
    """An entity of ``kind`` by slug or exact name (any case); CommandError when there is none or several."""
    model = KINDS.entity_models()[kind]
    found = model.objects.filter(slug=value).first()
    if found is None:
        named = list(model.objects.matching_name(value)[:2])
        if len(named) > 1:
            raise CommandError(f"Several {model._meta.verbose_name_plural} are named “{value}”: give the slug.")
        found = named[0] if named else None
    if found is None:
        raise CommandError(f"No {model._meta.verbose_name} with the slug or name “{value}”.")
    return found


class Command(BaseCommand):
    help = "Merge SOURCE into TARGET (same kind): links, credits, relations, topic rules, aliases, URL."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("kind", choices=sorted(KINDS.entity_models()))
        parser.add_argument("source", help="Slug or name of the record merged away.")
        parser.add_argument("target", help="Slug or name of the record kept.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; change nothing.")

    def handle(self, *args: Any, kind: str, source: str, target: str, dry_run: bool, **options: Any) -> None:
        loser, survivor = find_entity(kind, source), find_entity(kind, target)
        try:
            result = curation.merge_entities(loser, into=survivor, dry_run=dry_run)
        except curation.CurationError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(result.message)
        for slug in result.redirects:
            self.stdout.write(f"  redirect: /{loser.url_prefix}/{slug}/ → {result.target_url}")
        if result.revisions:
            self.stdout.write(f"  stored revisions updated: {result.revisions}")
