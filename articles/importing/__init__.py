"""News items from files (plain text, HTML, JSON) → draft ArticlePages with their entities attached.

Each item is imported in its own transaction and identified by ``ArticlePage.import_key``: a hash of its source
URL, or of its headline and body when it has none. Importing an item that is already there changes nothing and
reports it "unchanged". A file that cannot be read or parsed is reported with its reason; the others go on.

JSON files hold a list of items (or ``{"items": [...]}``), each an object with:
    ``headline`` (required), ``body`` (required: a string, paragraphs separated by blank lines, or a list of
    paragraph strings), ``standfirst``, ``author`` (a name or a list of names), ``date`` (ISO 8601),
    ``source_name``, ``source_url`` (http or https) and ``tags`` (a list of strings). Other keys are ignored.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import Truncator, slugify
from wagtail.rich_text import RichText

from ..linking import Candidate, Suggestions, suggest
from ..models import ArticlePage, Author, Film, Person, Studio, TopicPage
from .parsers import (
    MAX_FILE_BYTES,
    STANDFIRST_LENGTH,
    MalformedFile,
    NewsItem,
    parse_file,
    parse_html,
    parse_json,
    parse_text,
    read_path,
)

__all__ = [
    "ATTACH_THRESHOLD",
    "MAX_FILE_BYTES",
    "ImportReport",
    "ItemReport",
    "MalformedFile",
    "NewsItem",
    "default_topic",
    "import_item",
    "import_paths",
    "import_sources",
    "parse_file",
    "parse_html",
    "parse_json",
    "parse_text",
]

logger = logging.getLogger(__name__)

ATTACH_THRESHOLD = 0.5  # matches at least this sure are attached to the article
TITLE_LENGTH = 255
_AGENCY = re.compile(r"\b(?:staff|wire|reuters|associated press|afp|agency|newsroom|desk)\b", re.IGNORECASE)


# Reports.


@dataclass
class ItemReport:
    """What happened (or would happen) to one item."""

    source: str
    status: str  # created, published, unchanged, would create, would publish, failed
    title: str = ""
    page_id: int | None = None
    message: str = ""
    authors: list[str] = field(default_factory=list)
    entities: dict[str, list[str]] = field(default_factory=dict)
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    def summary(self) -> str:
        """One line for the command's output and the admin page."""
        if self.failed:
            return f"{self.source}: failed — {self.message}"
        line = f"{self.source}: {self.status} “{Truncator(self.title).chars(80)}”"
        if self.page_id:
            line += f" (page {self.page_id})"
        if self.message:
            line += f" — {self.message}"
        return line

    def details(self) -> list[str]:
        lines = []
        if self.authors:
            lines.append(f"byline: {', '.join(self.authors)}")
        for field_name, names in self.entities.items():
            if names:
                lines.append(f"{field_name}: {', '.join(names)}")
        if self.candidates:
            listed = ", ".join(f"{c.name} ({c.entity_type}, {c.confidence:.2f})" for c in self.candidates)
            lines.append(f"new entity candidates: {listed}")
        return lines


@dataclass
class ImportReport:
    """Every item's outcome, in the order the files were given."""

    items: list[ItemReport] = field(default_factory=list)
    dry_run: bool = False

    @property
    def failed(self) -> list[ItemReport]:
        return [item for item in self.items if item.failed]

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in self.items:
            counts[item.status] = counts.get(item.status, 0) + 1
        return counts

    def totals(self) -> str:
        """E.g. "4 created, 1 unchanged, 1 failed"."""
        order = ["created", "published", "would create", "would publish", "unchanged", "failed"]
        counts = self.counts()
        parts = [f"{counts[status]} {status}" for status in order if counts.get(status)]
        return ", ".join(parts) or "nothing to import"


# Importing.


def default_topic() -> TopicPage | None:
    """The first topic in the page tree (e.g. "Movie News")."""
    return TopicPage.objects.order_by("path").first()


def _unique_child_slug(parent: TopicPage, title: str) -> str:
    root = slugify(title)[:80].strip("-") or "story"
    taken = set(parent.get_children().filter(slug__startswith=root).values_list("slug", flat=True))
    slug, n = root, 1
    while slug in taken:
        n += 1
        slug = f"{root}-{n}"
    return slug


def _find_authors(names: Iterable[str], *, create: bool) -> list[Author]:
    authors = []
    for name in names:
        name = " ".join(name.split())[:255]
        author = Author.objects.filter(name__iexact=name).first()
        if author is None:
            kind = Author.Kind.AGENCY if _AGENCY.search(name) else Author.Kind.CONTRIBUTOR
            author = Author(name=name, kind=kind)
            if create:
                author.save()
        authors.append(author)
    return authors


def _entity_names(suggestions: Suggestions) -> dict[str, dict[int, str]]:
    chosen: dict[str, dict[int, str]] = {"studios": {}, "people": {}, "films": {}}
    fields = {Studio.entity_type: "studios", Person.entity_type: "people", Film.entity_type: "films"}
    for match in suggestions.matches:
        if match.confidence >= ATTACH_THRESHOLD:
            chosen[fields[match.entity_type]][match.entity_id] = match.name
    return chosen


def import_item(
    item: NewsItem,
    *,
    source: str,
    topic: TopicPage,
    publish: bool = False,
    dry_run: bool = False,
    user: Any = None,
    seen_keys: set[str] | None = None,
) -> ItemReport:
    """Create one draft (or live) article from an item, unless it was imported before."""
    key = item.import_key
    title = Truncator(item.headline).chars(TITLE_LENGTH)
    # No ORDER BY: with one, PostgreSQL walked the page tree instead of the import_key index (260 ms at 100k).
    existing = next(iter(ArticlePage.objects.filter(import_key=key).only("pk", "title").order_by()[:1]), None)
    if existing is not None:
        return ItemReport(source, "unchanged", existing.title, existing.pk, "already imported")
    if seen_keys is not None and key in seen_keys:
        return ItemReport(source, "unchanged", title, None, "same item as one earlier in this import")
    if seen_keys is not None:
        seen_keys.add(key)

    suggestions = suggest(item.text)
    entities = _entity_names(suggestions)
    candidates = [c for c in suggestions.candidates if c.confidence >= 0.4]
    report = ItemReport(
        source,
        ("would publish" if publish else "would create") if dry_run else ("published" if publish else "created"),
        title,
        authors=list(item.authors),
        entities={field_name: list(names.values()) for field_name, names in entities.items()},
        candidates=candidates,
    )
    if dry_run:
        return report

    with transaction.atomic():
        page = ArticlePage(
            title=title,
            slug=_unique_child_slug(topic, title),
            standfirst=Truncator(item.standfirst).chars(STANDFIRST_LENGTH),
            date=item.date or timezone.now(),
            source_name=item.source_name,
            source_url=item.source_url,
            body=[("paragraph", RichText(f"<p>{escape(paragraph)}</p>")) for paragraph in item.paragraphs],
            import_key=key,
            live=False,
            owner=user,
        )
        page.authors = _find_authors(item.authors, create=True)
        page.studios = list(Studio.objects.filter(pk__in=entities["studios"]))
        page.people = list(Person.objects.filter(pk__in=entities["people"]))
        page.films = list(Film.objects.filter(pk__in=entities["films"]))
        if item.tags:
            page.tags.add(*item.tags)
        topic.add_child(instance=page)
        revision = page.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
    report.page_id = page.pk
    return report


def import_sources(
    sources: Iterable[tuple[str, bytes | MalformedFile]],
    *,
    topic: TopicPage | None = None,
    publish: bool = False,
    dry_run: bool = False,
    user: Any = None,
) -> ImportReport:
    """Import ``(name, file bytes or its read error)`` pairs; every file and item is reported."""
    report = ImportReport(dry_run=dry_run)
    topic = topic or default_topic()
    seen_keys: set[str] = set()
    for name, data in sources:
        try:
            if isinstance(data, MalformedFile):
                raise data
            items = parse_file(name, data)
        except MalformedFile as error:
            report.items.append(ItemReport(name, "failed", message=str(error)))
            continue
        if topic is None:
            report.items.append(ItemReport(name, "failed", message="there is no topic page to import into"))
            continue
        for number, item in enumerate(items, start=1):
            label = f"{name} item {number}" if len(items) > 1 else name
            if isinstance(item, MalformedFile):
                report.items.append(ItemReport(label, "failed", message=str(item)))
                continue
            try:
                report.items.append(
                    import_item(
                        item,
                        source=label,
                        topic=topic,
                        publish=publish,
                        dry_run=dry_run,
                        user=user,
                        seen_keys=seen_keys,
                    )
                )
            except ValidationError as error:
                report.items.append(ItemReport(label, "failed", item.headline, message="; ".join(error.messages)))
            except Exception as error:  # one broken item must not stop the batch; the log has the traceback
                logger.exception("Importing %s failed", label)
                report.items.append(
                    ItemReport(
                        label,
                        "failed",
                        item.headline,
                        message=f"it could not be saved ({Truncator(str(error)).chars(200)})",
                    )
                )
    return report


def import_paths(paths: Sequence[str | Path], **options: Any) -> ImportReport:
    """Import files from disk; see ``import_sources`` for the options."""

    def sources():
        for path in paths:
            try:
                yield str(path), read_path(path)
            except MalformedFile as error:
                yield str(path), error

    return import_sources(sources(), **options)
