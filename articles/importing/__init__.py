"""News items from files (plain text, HTML, JSON) → draft ArticlePages with their entities attached.

Each item is imported in its own transaction and identified by ``ArticlePage.import_key``: a hash of its source
URL, or of its headline and body when it has none. Importing an item that is already there with the same text
changes nothing and reports it "unchanged"; with changed text it saves a new revision of its page ("updated"),
never publishing over a live story. A new item close to an existing story is imported and reported with the
stories it may repeat (``duplicates``). A file that cannot be read or parsed is reported with its reason; the
others go on.

JSON files hold a list of items (or ``{"items": [...]}``), each an object with:
    ``headline`` (required), ``body`` (required: a string, paragraphs separated by blank lines, or a list of
    paragraph strings), ``standfirst``, ``author`` (a name or a list of names), ``date`` (ISO 8601),
    ``source_name``, ``source_url`` (http or https) and ``tags`` (a list of strings). Other keys are ignored.
"""

from __future__ import annotations

import logging
import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import reduce
from itertools import batched
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import Truncator, slugify
from wagtail.models import Revision
from wagtail.rich_text import RichText

from ..linking import Candidate, Suggestions, get_gazetteer, suggest
from ..models import KINDS, ArticlePage, Author, Entity, TextFingerprint, TopicPage
from ..models.fingerprints import page_text, simhash, text_digest
from ..upstream import add_new_page
from .duplicates import Duplicate, Probe, find_duplicates
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
    "Duplicate",
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
    status: str  # created, published, updated, unchanged, would create, would publish, would update, failed
    title: str = ""
    page_id: int | None = None
    message: str = ""
    authors: list[str] = field(default_factory=list)
    entities: dict[str, list[str]] = field(default_factory=dict)
    candidates: list[Candidate] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)

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

    def duplicate_lines(self, base_url: str = "") -> list[str]:
        """Each story the item may repeat, with the address of its editor."""
        return [f"{duplicate.describe()} — {base_url}{duplicate.edit_url}" for duplicate in self.duplicates]


@dataclass
class ImportReport:
    """Every item's outcome, in the order the files were given."""

    items: list[ItemReport] = field(default_factory=list)
    dry_run: bool = False

    @property
    def failed(self) -> list[ItemReport]:
        return [item for item in self.items if item.failed]

    @property
    def flagged(self) -> list[ItemReport]:
        """Items that may repeat an existing story."""
        return [item for item in self.items if item.duplicates]

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in self.items:
            counts[item.status] = counts.get(item.status, 0) + 1
        return counts

    def totals(self) -> str:
        """E.g. "4 created, 1 unchanged, 1 failed"."""
        order = ["created", "published", "updated", "would create", "would publish", "would update", "unchanged"]
        counts = self.counts()
        parts = [f"{counts[status]} {status}" for status in [*order, "failed"] if counts.get(status)]
        if self.flagged:
            parts.append(f"{len(self.flagged)} possible duplicate{'s' if len(self.flagged) > 1 else ''}")
        return ", ".join(parts) or "nothing to import"


# Importing.


def default_topic() -> TopicPage | None:
    """The first topic in the page tree (e.g. "Movie News")."""
    return TopicPage.objects.order_by("path").first()


def _slug_root(title: str) -> str:
    return slugify(title)[:80].strip("-") or "story"


def _unique_child_slug(parent: TopicPage, title: str, taken: set[str] | None = None) -> str:
    """The title's slug, numbered past the ones taken under the parent (``taken``: read once per file)."""
    root = _slug_root(title)
    if taken is None:
        taken = set(parent.get_children().filter(slug__startswith=root).values_list("slug", flat=True))
    slug, n = root, 1
    while slug in taken:
        n += 1
        slug = f"{root}-{n}"
    return slug


def _author_name(name: str) -> str:
    return " ".join(name.split())[:255]


def _find_authors(names: Iterable[str], *, create: bool, known: dict[str, Author] | None = None) -> list[Author]:
    """The authors of these names, matched ignoring case; new ones are made (and saved if ``create``).

    ``known`` (casefolded name → author, read once per file) answers most names without a query.
    """
    authors = []
    for name in names:
        name = _author_name(name)
        author = (known or {}).get(name.casefold())
        if author is None:
            author = Author.objects.filter(name__iexact=name).first()
        if author is None:
            kind = Author.Kind.AGENCY if _AGENCY.search(name) else Author.Kind.CONTRIBUTOR
            author = Author(name=name, kind=kind)
            if create:
                author.save()
        authors.append(author)
    return authors


def _entity_names(suggestions: Suggestions) -> dict[str, dict[int, str]]:
    fields = {kind.key: kind.article_field for kind in KINDS.recognised()}
    chosen: dict[str, dict[int, str]] = {field_name: {} for field_name in fields.values()}
    for match in suggestions.matches:
        if match.confidence >= ATTACH_THRESHOLD:
            chosen[fields[match.entity_type]][match.entity_id] = match.name
    return chosen


# Lookups for a whole file.

LOOKUP_CHUNK = 200  # keys, names or slug roots per query


def _entity_fields() -> dict[str, type[Entity]]:
    """The article field and model of each kind the linker recognises: {"studios": Studio, …}."""
    return {kind.article_field: kind.model for kind in KINDS.recognised()}


def _chunks(values: Iterable[str]) -> Iterable[list[str]]:
    return (list(chunk) for chunk in batched(sorted(set(values)), LOOKUP_CHUNK))


def _any_of(lookup: str, values: list[str]) -> Q:
    return reduce(operator.or_, (Q(**{lookup: value}) for value in values))


@dataclass
class FileLookups:
    """What one file's items need from the database, read in a few queries for the whole file instead of per item.

    ``import_item`` keeps it current: once an item's transaction has committed, its import key, slug and any
    author it created are added, so later items of the same file see them as if they had been read afresh.
    """

    topic: TopicPage
    existing: dict[str, tuple[int, str]] = field(default_factory=dict)  # import key → (page id, title)
    digests: dict[str, str] = field(default_factory=dict)  # import key → digest of the text last imported
    duplicates: dict[str, list[Duplicate]] = field(default_factory=dict)  # import key → stories it may repeat
    suggestions: dict[str, Suggestions] = field(default_factory=dict)  # import key → entity suggestions
    taken_slugs: set[str] = field(default_factory=set)  # under the topic, starting with one of the items' roots
    authors: dict[str, Author] = field(default_factory=dict)  # casefolded name → author
    entities: dict[str, dict[int, Entity]] = field(default_factory=dict)  # field → pk → entity

    @classmethod
    def read(cls, items: Sequence[NewsItem], topic: TopicPage, *, dry_run: bool = False) -> FileLookups:
        """Existing import keys, entity suggestions, near-duplicates and (unless a dry run) slugs, authors and
        entities."""
        lookups = cls(topic)
        for keys in _chunks(item.import_key for item in items):
            # No ORDER BY: with one, PostgreSQL walked the page tree instead of the import_key index (260 ms at 100k).
            rows = (
                ArticlePage.objects.filter(import_key__in=keys)
                .order_by()
                .values_list("import_key", "pk", "title", "text_fingerprint__digest")
            )
            for key, pk, title, digest in rows:
                lookups.existing[key] = (pk, title)
                lookups.digests[key] = digest or _stored_digest(pk)
        # New items, and new versions of imported ones (their first occurrence in the file).
        changed = [
            item
            for item in items
            if item.import_key not in lookups.existing or lookups.digests[item.import_key] != _digest(item)
        ]
        gazetteer = get_gazetteer() if changed else None  # checked (and built, if the entities changed) once per file
        for item in changed:
            if item.import_key not in lookups.suggestions:  # a repeat is reported unchanged, never linked
                lookups.suggestions[item.import_key] = suggest(item.text, gazetteer=gazetteer)
        new = {item.import_key: item for item in changed if item.import_key not in lookups.existing}
        probes = [
            Probe(
                headline=item.headline,
                simhash=simhash(item.body_text),
                source_url=item.source_url,
                date=item.date,
                entities={
                    field_name: set(names)
                    for field_name, names in _entity_names(lookups.suggestions[item.import_key]).items()
                },
            )
            for item in new.values()
        ]
        lookups.duplicates = dict(zip(new, find_duplicates(probes), strict=True))
        if not dry_run:
            lookups._read_for_saving(changed)
        return lookups

    def _read_for_saving(self, items: Sequence[NewsItem]) -> None:
        children = self.topic.get_children()
        for roots in _chunks(_slug_root(Truncator(item.headline).chars(TITLE_LENGTH)) for item in items):
            self.taken_slugs.update(children.filter(_any_of("slug__startswith", roots)).values_list("slug", flat=True))
        for names in _chunks(_author_name(name) for item in items for name in item.authors):
            for author in Author.objects.filter(_any_of("name__iexact", names)).order_by("name", "pk"):
                self.authors.setdefault(author.name.casefold(), author)
        wanted: dict[str, set[int]] = {field_name: set() for field_name in _entity_fields()}
        for suggestions in self.suggestions.values():
            for field_name, names in _entity_names(suggestions).items():
                wanted[field_name].update(names)
        for field_name, model in _entity_fields().items():
            self.entities[field_name] = model.objects.in_bulk(wanted[field_name]) if wanted[field_name] else {}

    def covers(self, key: str) -> bool:
        """Whether this item's file was read (its key is known to exist, or it was linked)."""
        return key in self.existing or key in self.suggestions

    def linked(self, entities: dict[str, dict[int, str]]) -> dict[str, list[Entity]]:
        """The chosen entities that still exist, by field."""
        return {
            field_name: [self.entities[field_name][pk] for pk in chosen if pk in self.entities[field_name]]
            for field_name, chosen in entities.items()
        }

    def remember(self, key: str, page: ArticlePage, authors: Iterable[Author], *, digest: str) -> None:
        """Record a committed item's page, text and authors for the file's later items."""
        self.existing[key] = (page.pk, page.title)
        self.digests[key] = digest
        self.taken_slugs.add(page.slug)
        for author in authors:
            self.authors.setdefault(author.name.casefold(), author)


def _digest(item: NewsItem) -> str:
    return text_digest(f"{item.headline}\n\n{item.body_text}")


def _stored_digest(page_id: int) -> str:
    """The digest of a story imported before fingerprints were kept, read from its latest revision."""
    page = ArticlePage.objects.get(pk=page_id).get_latest_revision_as_object()
    return text_digest(f"{page.title}\n\n{page_text(page)}")


# Importing.


def _new_page(item: NewsItem, *, title: str, slug: str, topic: TopicPage, user: Any) -> ArticlePage:
    return ArticlePage(
        title=title,
        slug=slug,
        standfirst=Truncator(item.standfirst).chars(STANDFIRST_LENGTH),
        date=item.date or timezone.now(),
        source_name=item.source_name,
        source_url=item.source_url,
        body=[("paragraph", RichText(f"<p>{escape(paragraph)}</p>")) for paragraph in item.paragraphs],
        import_key=item.import_key,
        live=False,
        owner=user,
        locale_id=topic.locale_id,  # what Wagtail would read from the parent before saving
    )


def _save_page(page: ArticlePage, topic: TopicPage, links: dict[str, list], tags: list[str], *, user: Any) -> Revision:
    """Add the page under the topic with its links and tags, then save its first revision (with a log entry).

    ``upstream.add_new_page`` is ``add_child`` without the reads a brand-new page does not need; ``save_revision``
    then validates the whole page and serialises the links it holds in memory.
    """
    add_new_page(topic, page, links=links, tags=tags, tag_relation="tagged_items")
    return page.save_revision(user=user, log_action=True)


def import_item(
    item: NewsItem,
    *,
    source: str,
    topic: TopicPage,
    publish: bool = False,
    dry_run: bool = False,
    user: Any = None,
    seen_keys: set[str] | None = None,
    lookups: FileLookups | None = None,
) -> ItemReport:
    """Create one draft (or live) article from an item, unless it was imported before.

    ``lookups`` holds what the item needs from the database, read for its whole file (``FileLookups.read``);
    without it, or when it was read for another file, they are read for this item alone.
    """
    key = item.import_key
    title = Truncator(item.headline).chars(TITLE_LENGTH)
    if lookups is None or not lookups.covers(key):
        lookups = FileLookups.read([item], topic, dry_run=dry_run)
    digest = _digest(item)
    if key in lookups.existing and lookups.digests[key] == digest:
        page_id, existing_title = lookups.existing[key]
        return ItemReport(source, "unchanged", existing_title, page_id, "already imported")
    if seen_keys is not None and key in seen_keys:
        return ItemReport(source, "unchanged", title, None, "same item as one earlier in this import")
    if seen_keys is not None:
        seen_keys.add(key)
    if key in lookups.existing:
        return _update_item(item, source=source, publish=publish, dry_run=dry_run, user=user, lookups=lookups)

    suggestions = lookups.suggestions[key]
    entities = _entity_names(suggestions)
    candidates = [c for c in suggestions.candidates if c.confidence >= 0.4]
    report = ItemReport(
        source,
        ("would publish" if publish else "would create") if dry_run else ("published" if publish else "created"),
        title,
        authors=list(item.authors),
        entities={field_name: list(names.values()) for field_name, names in entities.items()},
        candidates=candidates,
        duplicates=lookups.duplicates.get(key, []),
    )
    if dry_run:
        return report

    with transaction.atomic():
        slug = _unique_child_slug(topic, title, lookups.taken_slugs)
        page = _new_page(item, title=title, slug=slug, topic=topic, user=user)
        authors = _find_authors(item.authors, create=True, known=lookups.authors)
        revision = _save_page(page, topic, {"authors": authors, **lookups.linked(entities)}, item.tags, user=user)
        TextFingerprint.remember(page.pk, headline=item.headline, text=item.body_text, new=True)
        if publish:
            revision.publish(user=user)
    lookups.remember(key, page, authors, digest=digest)
    report.page_id = page.pk
    return report


def _update_item(
    item: NewsItem, *, source: str, publish: bool, dry_run: bool, user: Any, lookups: FileLookups
) -> ItemReport:
    """A new version of an imported item: a new revision of its page. A live story gets a draft revision, which
    an editor publishes; its published content is left alone."""
    key = item.import_key
    page_id, _ = lookups.existing[key]
    entities = _entity_names(lookups.suggestions[key])
    page = ArticlePage.objects.get(pk=page_id)
    live = page.live
    report = ItemReport(
        source,
        "would update" if dry_run else "updated",
        Truncator(item.headline).chars(TITLE_LENGTH),
        page_id,
        "new draft revision of the live story; an editor publishes it" if live else "new revision of the draft",
        authors=list(item.authors),
        entities={field_name: list(names.values()) for field_name, names in entities.items()},
        candidates=[c for c in lookups.suggestions[key].candidates if c.confidence >= 0.4],
    )
    if dry_run:
        return report

    with transaction.atomic():
        draft = page.get_latest_revision_as_object()
        draft.title = report.title
        draft.standfirst = Truncator(item.standfirst).chars(STANDFIRST_LENGTH)
        draft.date = item.date or draft.date
        draft.source_name = item.source_name or draft.source_name
        draft.source_url = item.source_url or draft.source_url
        draft.body = [("paragraph", RichText(f"<p>{escape(paragraph)}</p>")) for paragraph in item.paragraphs]
        authors = _find_authors(item.authors, create=True, known=lookups.authors)
        if authors:
            draft.authors = authors
        for field_name, linked in lookups.linked(entities).items():
            # Entities an editor linked by hand stay; the new version's are added.
            setattr(
                draft, field_name, list({obj.pk: obj for obj in [*getattr(draft, field_name).all(), *linked]}.values())
            )
        if item.tags:
            draft.tags.add(*item.tags)
        revision = draft.save_revision(user=user, log_action=True)
        TextFingerprint.remember(page_id, headline=item.headline, text=item.body_text)
        if publish and not live:
            revision.publish(user=user)
            report.message = "new revision, published"
    lookups.remember(key, draft, authors, digest=_digest(item))
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
        try:
            lookups = FileLookups.read(
                [item for item in items if not isinstance(item, MalformedFile)], topic, dry_run=dry_run
            )
        except Exception:  # each item then reads its own, and reports its own failure
            logger.exception("Reading the lookups for %s failed", name)
            lookups = None
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
                        lookups=lookups,
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
