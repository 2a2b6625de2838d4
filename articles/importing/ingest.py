"""The ingest queue: agency items arrive (``receive``), editors accept, merge or reject them.

An item is known by its agency guid. A newer version of an item in the queue replaces what the queue holds and,
once the item became an article, saves the new text as a draft revision of that article (a live story stays as
published until an editor publishes the draft). An older or equal version changes nothing. A ``pubStatus`` of
``withheld`` or ``canceled`` (not older than what the queue holds) withdraws the item: it is flagged, its article is
unpublished (or its scheduled publication cancelled) and the withdrawal is written to the article's history.
Embargoed items can be accepted, as drafts whose ``go_live_at`` is the embargo: publishing schedules them, and the
admin refuses to publish one earlier (``articles.admin.ingest``). Every item is received, accepted, merged or
rejected in its own transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import Truncator
from wagtail.log_actions import log
from wagtail.rich_text import RichText

from ..linking import get_gazetteer, suggest
from ..models import KINDS, AgencyFeed, ArticlePage, Author, IngestItem, TopicPage
from . import ATTACH_THRESHOLD, ImportReport, ItemReport, _find_authors, default_topic, import_item
from .agency import AgencyItem, parse_agency_file
from .parsers import MAX_FILE_BYTES, STANDFIRST_LENGTH, MalformedFile, read_path

logger = logging.getLogger(__name__)

AGENCY_SUFFIXES = {".json", ".xml", ".rss", ".atom"}


class IngestError(ValueError):
    """An editor's decision that cannot be carried out; the message says why."""


@dataclass
class IngestReport(ImportReport):
    """Every file's and item's outcome, as the queue saw it."""

    def totals(self) -> str:
        order = ["queued", "updated", "withdrawn", "would queue", "would update", "would withdraw", "unchanged"]
        counts = self.counts()
        parts = [f"{counts[status]} {status}" for status in [*order, "failed"] if counts.get(status)]
        return ", ".join(parts) or "nothing to ingest"


# Receiving.


def recognise(item: AgencyItem, *, gazetteer: Any = None) -> dict[str, list[dict[str, Any]]]:
    """The known entities the linker finds in the item, and names it would propose, strongest first."""
    suggestions = suggest(item.text, gazetteer=gazetteer)
    return {
        "matches": [
            {"type": m.entity_type, "id": m.entity_id, "name": m.name, "confidence": round(m.confidence, 2)}
            for m in suggestions.matches
        ],
        "candidates": [
            {"type": c.entity_type, "name": c.name, "confidence": round(c.confidence, 2)}
            for c in suggestions.candidates
            if c.confidence >= 0.4
        ],
    }


def is_newer(item: AgencyItem, held: IngestItem) -> bool | None:
    """Whether ``item`` is a later version than the one held: True, False (older), or None (the same version)."""
    if item.version.isdigit() and held.version.isdigit() and item.version != held.version:
        return int(item.version) > int(held.version)
    if item.version_created and held.version_created and item.version_created != held.version_created:
        return item.version_created > held.version_created
    if item.version == held.version and (item.version or item.version_created):
        return None
    # Nothing to order them by (a feed entry without dates): other words are a new version.
    return AgencyItem.from_json(held.item).as_json() != item.as_json() or None


def _fields(item: AgencyItem) -> dict[str, Any]:
    return {
        "format": item.format[:20],
        "version": item.version[:40],
        "version_created": item.version_created,
        "headline": Truncator(item.headline).chars(500),
        "byline": item.byline[:255],
        "credit": item.credit[:150],
        "embargo": item.embargo,
        "pub_status": item.pub_status,
        "item": item.as_json(),
    }


def receive(
    item: AgencyItem,
    *,
    source: str,
    feed: AgencyFeed | None = None,
    dry_run: bool = False,
    user: Any = None,
    gazetteer: Any = None,
) -> ItemReport:
    """Queue a new item, or apply a newer version of one held; report what happened (or would)."""
    title = Truncator(item.headline).chars(255)
    withdrawn = item.pub_status != IngestItem.PubStatus.USABLE
    with transaction.atomic():
        held = IngestItem.objects.select_for_update().filter(guid=item.guid).first()
        if held is None:
            status = IngestItem.Status.WITHDRAWN if withdrawn else IngestItem.Status.QUEUED
            word = "withdraw" if withdrawn else "queue"
            report = ItemReport(source, f"would {word}" if dry_run else str(status), title)
            if withdrawn:
                report.message = f"the agency marks it {item.pub_status}"
            elif item.embargo and item.embargo > timezone.now():
                report.message = f"embargoed until {item.embargo:%Y-%m-%d %H:%M %Z}"
            if not dry_run:
                held = IngestItem.objects.create(
                    guid=item.guid,
                    source=source[:300],
                    feed=feed,
                    status=status,
                    entities=recognise(item, gazetteer=gazetteer),
                    **_fields(item),
                )
            return report
        newer = is_newer(item, held)
        if newer is False or (newer is None and not (withdrawn and not held.withdrawn)):
            version = f"version {held.version}" if held.version else "this version"
            return ItemReport(source, "unchanged", held.headline, held.article_id, f"{version} is already in the queue")
        if dry_run:
            return ItemReport(source, "would withdraw" if withdrawn else "would update", title, held.article_id)
        for name, value in _fields(item).items():
            setattr(held, name, value)
        held.entities = recognise(item, gazetteer=gazetteer)
        if withdrawn:
            report = ItemReport(source, "withdrawn", title, held.article_id, f"the agency marks it {item.pub_status}")
            report.message += _withdraw(held, user=user)
        else:
            report = ItemReport(source, "updated", title, held.article_id, f"version {item.version or 'new'}")
            if held.status == IngestItem.Status.WITHDRAWN:
                held.status = IngestItem.Status.QUEUED  # reinstated by the agency: an editor decides again
                report.message += "; reinstated, back in the queue"
            elif held.article_id and held.status in (IngestItem.Status.ACCEPTED, IngestItem.Status.MERGED):
                report.message += "; " + _update_article(held, item, user=user)
        held.save()
        return report


def _withdraw(held: IngestItem, *, user: Any) -> str:
    """Flag the item; unpublish (or unschedule) its article, with an entry in the article's history."""
    held.status = IngestItem.Status.WITHDRAWN
    held.note = f"Withdrawn by the agency ({held.pub_status}) on {timezone.now():%Y-%m-%d %H:%M} UTC"
    page = ArticlePage.objects.filter(pk=held.article_id).first() if held.article_id else None
    if page is None:
        return ""
    done = []
    if page.live:
        page.unpublish(user=user, log_action=True)
        done.append("unpublished")
    scheduled = page.revisions.filter(approved_go_live_at__isnull=False)
    if scheduled.exists():
        scheduled.update(approved_go_live_at=None)
        done.append("scheduled publication cancelled")
    log(
        instance=page,
        action="newsroom.ingest.withdraw",
        user=user,
        data={"guid": held.guid, "source": held.source, "pub_status": held.pub_status, "done": done},
    )
    return f"; its article (page {page.pk}) {' and '.join(done) or 'was not published'}"


def _paragraph_blocks(paragraphs: Sequence[str]) -> list[tuple[str, RichText]]:
    return [("paragraph", RichText(f"<p>{escape(paragraph)}</p>")) for paragraph in paragraphs]


def _linked_entities(entities: dict[str, Any]) -> dict[str, list[Any]]:
    """The recognised entities sure enough to attach, by article field, that still exist."""
    linked: dict[str, list[Any]] = {}
    for kind in KINDS.recognised():
        ids = [
            match["id"]
            for match in entities.get("matches", [])
            if match["type"] == kind.key and match["confidence"] >= ATTACH_THRESHOLD
        ]
        linked[kind.article_field] = list(kind.model.objects.filter(pk__in=ids)) if ids else []
    return linked


def _agency_author(item: AgencyItem) -> None:
    """The agency's byline exists as an agency author before the importer looks its name up."""
    if item.credit and not Author.objects.filter(name__iexact=item.credit).exists():
        author = Author(name=item.credit, kind=Author.Kind.AGENCY)
        author.full_clean()
        author.save()


def _apply_to_draft(page: ArticlePage, held: IngestItem, item: AgencyItem, *, user: Any, retitle: bool) -> None:
    """Save the item's text, entities, byline and embargo as a new draft revision of the page."""
    _agency_author(item)
    draft = page.get_latest_revision_as_object()
    if retitle:
        draft.title = Truncator(item.headline).chars(255)
    draft.standfirst = Truncator(item.standfirst).chars(STANDFIRST_LENGTH) if item.standfirst else draft.standfirst
    draft.body = _paragraph_blocks(item.paragraphs)
    draft.source_name = item.credit[:150] or draft.source_name
    draft.source_url = item.source_url or draft.source_url
    byline = _find_authors(item.authors, create=True)
    draft.authors = list({author.pk: author for author in [*draft.authors.all(), *byline]}.values())
    for field_name, linked in _linked_entities(held.entities).items():
        # Entities an editor linked by hand stay; the item's are added.
        current = list(getattr(draft, field_name).all())
        setattr(draft, field_name, list({obj.pk: obj for obj in [*current, *linked]}.values()))
    if item.embargo and item.embargo > timezone.now():
        draft.go_live_at = item.embargo
    draft.save_revision(user=user, log_action=True)


def _update_article(held: IngestItem, item: AgencyItem, *, user: Any) -> str:
    page = ArticlePage.objects.filter(pk=held.article_id).first()
    if page is None:
        return "its article no longer exists"
    _apply_to_draft(page, held, item, user=user, retitle=held.status == IngestItem.Status.ACCEPTED)
    return f"new draft revision of page {page.pk}" + (" (the live story is unchanged)" if page.live else "")


def _embargo(page: ArticlePage, held: IngestItem, *, user: Any) -> None:
    if held.embargo and held.embargo > timezone.now():
        draft = page.get_latest_revision_as_object()
        if draft.go_live_at is None or draft.go_live_at < held.embargo:
            draft.go_live_at = held.embargo
            draft.save_revision(user=user, log_action=True)


# Editors' decisions.


def _decidable(pk: int) -> IngestItem:
    held = IngestItem.objects.select_for_update().filter(pk=pk).first()
    if held is None:
        raise IngestError("the item is no longer in the queue")
    if held.withdrawn or held.status == IngestItem.Status.WITHDRAWN:
        raise IngestError("the agency withdrew this item; it cannot be used")
    if held.status != IngestItem.Status.QUEUED:
        raise IngestError(f"it was already {held.get_status_display().lower()}")
    return held


def _decided(held: IngestItem, status: str, *, user: Any, note: str = "") -> None:
    held.status = status
    held.decided_by = user if getattr(user, "pk", None) else None
    held.decided_at = timezone.now()
    held.note = note[:500]
    held.save()


def accept(pk: int, *, user: Any = None, topic: TopicPage | None = None) -> ArticlePage:
    """Make the item a draft article under ``topic`` (the first topic by default): its entities, the agency's
    byline and credit, and the embargo as ``go_live_at``."""
    topic = topic or default_topic()
    if topic is None:
        raise IngestError("there is no topic page to put the article in")
    with transaction.atomic():
        held = _decidable(pk)
        item = AgencyItem.from_json(held.item)
        _agency_author(item)
        try:
            report = import_item(item.news_item(), source=held.source, topic=topic, user=user)
        except ValidationError as error:
            raise IngestError("; ".join(error.messages)) from error
        if report.failed or report.page_id is None:
            raise IngestError(report.message or "the article could not be saved")
        page = ArticlePage.objects.get(pk=report.page_id)
        _embargo(page, held, user=user)
        held.article = page
        _decided(held, IngestItem.Status.ACCEPTED, user=user)
        log(instance=page, action="newsroom.ingest.accept", user=user, data={"guid": held.guid, "source": held.source})
    page.refresh_from_db()
    return page


def merge(pk: int, *, into: ArticlePage, user: Any = None) -> ArticlePage:
    """Save the item's text as a new draft revision of an existing story, keeping the story's headline and slug;
    later versions of the item update that story's draft the same way."""
    with transaction.atomic():
        held = _decidable(pk)
        story = ArticlePage.objects.select_for_update().filter(pk=into.pk).first()
        if story is None:
            raise IngestError("the story to merge into no longer exists")
        item = AgencyItem.from_json(held.item)
        _apply_to_draft(story, held, item, user=user, retitle=False)
        held.article = story
        _decided(held, IngestItem.Status.MERGED, user=user, note=f"Merged into “{story.title}” (page {story.pk})")
        log(instance=story, action="newsroom.ingest.merge", user=user, data={"guid": held.guid, "source": held.source})
    return story


def reject(pk: int, *, user: Any = None, reason: str = "") -> IngestItem:
    """Take the item off the queue; a later version of it stays rejected."""
    with transaction.atomic():
        held = _decidable(pk)
        _decided(held, IngestItem.Status.REJECTED, user=user, note=reason)
    return held


def embargo_for(page: ArticlePage) -> Any:
    """The latest embargo of the agency items the page was made from or merged with, if it has not lifted."""
    return (
        IngestItem.objects.filter(article=page, embargo__gt=timezone.now())
        .order_by("-embargo")
        .values_list("embargo", flat=True)
        .first()
    )


# Files, directories and responses.


def ingest_sources(
    sources: Iterable[tuple[str, bytes | MalformedFile]],
    *,
    format: str = "auto",
    credit: str = "",
    feed: AgencyFeed | None = None,
    dry_run: bool = False,
    user: Any = None,
) -> IngestReport:
    """Receive every item of ``(name, bytes or read error)`` pairs; each file and item is reported."""
    report = IngestReport(dry_run=dry_run)
    gazetteer = None
    for name, data in sources:
        try:
            if isinstance(data, MalformedFile):
                raise data
            items = parse_agency_file(name, data, format=format, credit=credit)
        except MalformedFile as error:
            report.items.append(ItemReport(name, "failed", message=str(error)))
            continue
        for number, item in enumerate(items, start=1):
            label = f"{name} item {number}" if len(items) > 1 else name
            if isinstance(item, MalformedFile):
                report.items.append(ItemReport(label, "failed", message=str(item)))
                continue
            try:
                gazetteer = gazetteer or get_gazetteer()
                report.items.append(
                    receive(item, source=label, feed=feed, dry_run=dry_run, user=user, gazetteer=gazetteer)
                )
            except Exception as error:  # one broken item must not stop the batch; the log has the traceback
                logger.exception("Ingesting %s failed", label)
                report.items.append(
                    ItemReport(
                        label,
                        "failed",
                        item.headline,
                        message=f"it could not be queued ({Truncator(str(error)).chars(200)})",
                    )
                )
    return report


def agency_files(path: str | Path) -> list[Path]:
    """A file, or the agency files (.json, .xml, .rss, .atom) directly inside a directory, by name."""
    path = Path(path)
    if path.is_dir():
        return sorted(child for child in path.iterdir() if child.is_file() and child.suffix.lower() in AGENCY_SUFFIXES)
    return [path]


def ingest_paths(paths: Sequence[str | Path], **options: Any) -> IngestReport:
    """Receive files and directories from disk; see ``ingest_sources`` for the options."""

    def sources():
        for given in paths:
            for path in agency_files(given):
                try:
                    yield str(path), read_path(path)
                except MalformedFile as error:
                    yield str(path), error

    return ingest_sources(sources(), **options)


__all__ = [
    "MAX_FILE_BYTES",
    "IngestError",
    "IngestReport",
    "accept",
    "agency_files",
    "embargo_for",
    "ingest_paths",
    "ingest_sources",
    "is_newer",
    "merge",
    "receive",
    "recognise",
    "reject",
]
