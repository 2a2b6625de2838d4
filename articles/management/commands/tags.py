"""``manage.py tags list|rename|merge|promote|prune``: the tag manager's operations for scripting."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from taggit.models import Tag

from articles import curation
from articles.models import KINDS
from articles.models.tags import tags_with_usage


def find_tag(value: str) -> Tag:
    """A tag by name (any case) or slug; CommandError when there is none."""
    tag = Tag.objects.filter(name__iexact=value.strip()).first() or Tag.objects.filter(slug=value.strip()).first()
    if tag is None:
        raise CommandError(f"No tag named or with the slug “{value}”.")
    return tag


class Command(BaseCommand):
    help = "List, rename, merge, promote and prune tags, with redirects and audit log entries."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True, metavar="list|rename|merge|promote|prune")

        listing = commands.add_parser("list", help="Every tag with its usage.")
        listing.add_argument("--unused", action="store_true", help="Only tags nothing uses.")
        listing.add_argument("--duplicates", action="store_true", help="Groups of likely duplicate tags.")

        rename = commands.add_parser("rename", help="Rename a tag; its old URL redirects.")
        rename.add_argument("tag", help="The tag's name or slug.")
        rename.add_argument("new_name")

        merge = commands.add_parser("merge", help="Merge tags into one; their URLs redirect to it.")
        merge.add_argument("sources", nargs="+", help="Names or slugs of the tags to merge away.")
        merge.add_argument("--into", required=True, help="The tag to keep: a name or slug, or a new name.")

        promote = commands.add_parser("promote", help="Turn a tag into a studio, person or film.")
        promote.add_argument("tag", help="The tag's name or slug.")
        promote.add_argument("--kind", required=True, choices=sorted(KINDS.entity_models()))
        promote.add_argument("--entity", help="Slug of an existing entity; left out, a new one is created.")
        promote.add_argument("--name", help="Name of the new entity (default: the tag's name).")

        commands.add_parser("prune", help="Delete tags no article, draft or topic uses.")

        for sub in (rename, merge, promote, commands.choices["prune"]):
            sub.add_argument("--dry-run", action="store_true", help="Report what would change; change nothing.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            result = getattr(self, f"handle_{action}")(**options)
        except curation.CurationError as error:
            raise CommandError(str(error)) from error
        if result is not None:
            self.report(result)

    def handle_list(self, *, unused: bool, duplicates: bool, **options: Any) -> None:
        if duplicates:
            for group in curation.likely_duplicate_tags():
                self.stdout.write(" | ".join(f"{tag.name} ({tag.slug})" for tag in group))
            return
        tags = tags_with_usage().order_by("name")
        if unused:
            tags = tags.filter(live_count=0, draft_count=0, topic_count=0)
        self.stdout.write(f"{'slug':40} {'live':>5} {'draft':>5} {'topic':>5}  name")
        for tag in tags:
            self.stdout.write(
                f"{tag.slug:40} {tag.live_count:>5} {tag.draft_count:>5} {tag.topic_count:>5}  {tag.name}"
            )

    def handle_rename(self, *, tag: str, new_name: str, dry_run: bool, **options: Any) -> curation.CurationResult:
        return curation.rename_tag(find_tag(tag), new_name=new_name, dry_run=dry_run)

    def handle_merge(self, *, sources: list[str], into: str, dry_run: bool, **options: Any) -> curation.CurationResult:
        source_tags = [find_tag(value) for value in sources]
        # The target may not exist yet: a new name creates it.
        target: Tag | str = Tag.objects.filter(slug=into.strip()).first() or into
        return curation.merge_tags(source_tags, into=target, dry_run=dry_run)

    def handle_promote(
        self, *, tag: str, kind: str, entity: str | None, name: str | None, dry_run: bool, **options: Any
    ) -> curation.CurationResult:
        existing = None
        if entity:
            existing = KINDS.entity_models()[kind].objects.filter(slug=entity).first()
            if existing is None:
                raise CommandError(f"No {kind} with the slug “{entity}”.")
        return curation.promote_tag(find_tag(tag), kind=kind, entity=existing, name=name, dry_run=dry_run)

    def handle_prune(self, *, dry_run: bool, **options: Any) -> curation.CurationResult:
        return curation.delete_unused_tags(dry_run=dry_run)

    def report(self, result: curation.CurationResult) -> None:
        self.stdout.write(result.message)
        for name in result.deleted:
            self.stdout.write(f"  deleted: {name}")
        for slug in result.redirects:
            self.stdout.write(f"  redirect: {KINDS.get('tag').url(slug)} → {result.target_url}")
        if result.revisions:
            self.stdout.write(f"  stored revisions updated: {result.revisions}")
