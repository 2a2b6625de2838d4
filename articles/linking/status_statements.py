"""Production-slate statements (issue #18 items 5 and 8): "Steel Soldiers starts production in May", "has wrapped
filming", "is in post-production", "has been greenlit" — said right after a known film or series — become a status
change the editor records in one click.

Precision over recall: a cue counts only when it follows the title's mention within the same sentence, with at most
a short aside between ("Steel Soldiers, the robot epic, has wrapped filming"), and a title whose history already
holds that status is left out. The change is dated from the sentence ("in May", "in March 2027") or else from the
story's date (the panel posts the story's id as ``article``), and linked to the story.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import ArticlePage, Film, Series, StatusChange
from . import statements
from .results import Match

KIND = "status"
TITLE_KINDS = {"film": Film, "series": Series}
MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun")]
        + [("july", "jul"), ("august", "aug"), ("september", "sept", "sep"), ("october", "oct")]
        + [("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?(?:\s+(?P<year>(?:19|20)\d\d))?"
# What may stand between the title and its verb: an aside in commas or brackets, or a few plain words.
_ASIDE = r"(?:\s*(?:,[^,.;]{1,60},|\([^().;]{1,60}\)))?\s+(?:(?:officially|finally|now|reportedly)\s+)?"
_STAGES: list[tuple[str, str]] = [
    (
        "in_production",
        r"(?:starts?|started|began|begins|will\s+(?:start|begin)|(?:is|are)\s+set\s+to\s+(?:start|begin))\s+"
        r"(?:production|filming|shooting|principal\s+photography)(?:\s+(?:in|on)\s+" + _MONTH + r")?",
    ),
    ("in_production", r"(?:is|are)\s+(?:now\s+)?(?:in\s+production|filming|shooting)\b"),
    (
        "completed",
        r"(?:has|have)\s+wrapped(?:\s+(?:filming|production|shooting|principal\s+photography))?|"
        r"wrapped\s+(?:filming|production|shooting|principal\s+photography)",
    ),
    (
        "post_production",
        r"(?:(?:is|are)\s+(?:now\s+)?in|has\s+entered|entered|moves?\s+into|moved\s+into)\s+post-?production",
    ),
    ("in_development", r"(?:has|have)\s+been\s+green-?lit|(?:was|were)\s+green-?lit|got\s+the\s+green\s+light"),
]
_PATTERNS = [(status, re.compile(_ASIDE + cue, re.IGNORECASE)) for status, cue in _STAGES]
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z“\"‘(])|\n\s*\n")
CONFIDENCE = 0.9


def sentences(text: str) -> Iterable[tuple[int, int]]:
    """(start, end) of each sentence of ``text``."""
    start = 0
    for boundary in _SENTENCE_END.finditer(text):
        yield start, boundary.start()
        start = boundary.end()
    if start < len(text):
        yield start, len(text)


def find(text: str, matches: Sequence[Match]) -> list[statements.Statement]:
    """Status changes stated right after a known film's or series' name, less what their histories hold."""
    titles = [match for match in matches if match.entity_type in TITLE_KINDS]
    if not titles or not text:
        return []
    bounds = list(sentences(text))
    found: dict[tuple[str, int, str], statements.Statement] = {}
    for match in titles:
        for mention in match.mentions:
            start, end = next(((s, e) for s, e in bounds if s <= mention.start < e), (0, len(text)))
            after = text[mention.end : end]
            for status, pattern in _PATTERNS:
                cue = pattern.match(after)
                if cue is None or status not in TITLE_KINDS[match.entity_type].Status.values:
                    continue
                key = (match.entity_type, match.entity_id, status)
                if key in found:
                    break
                month = cue.groupdict().get("month")
                payload: dict[str, Any] = {"kind": match.entity_type, "id": match.entity_id, "status": status}
                if month:
                    payload["month"] = MONTHS[month.lower()]
                    if cue.group("year"):
                        payload["year"] = int(cue.group("year"))
                label = f"{match.name} — {dict(StatusChange._meta.get_field('status').choices)[status].lower()}"
                if month:
                    label += f" from {month.capitalize()}{' ' + cue.group('year') if cue.group('year') else ''}"
                sentence = text[start:end]
                stripped = sentence.strip()
                offset = start + (len(sentence) - len(sentence.lstrip()))
                found[key] = statements.Statement(
                    kind=KIND,
                    label=label,
                    payload=payload,
                    confidence=CONFIDENCE,
                    evidence=stripped,
                    start=offset,
                    end=offset + len(stripped),
                )
                break
    return _not_recorded(list(found.values()))


def _not_recorded(found: list[statements.Statement]) -> list[statements.Statement]:
    """Leave out what the titles' histories already hold (one query)."""
    if not found:
        return []
    ids = {kind: [s.payload["id"] for s in found if s.payload["kind"] == kind] for kind in TITLE_KINDS}
    recorded = {
        ("film" if film else "series", film or series, status)
        for film, series, status in StatusChange.objects.filter(
            Q(film__in=ids["film"]) | Q(series__in=ids["series"])
        ).values_list("film_id", "series_id", "status")
    }
    return [s for s in found if (s.payload["kind"], s.payload["id"], s.payload["status"]) not in recorded]


def _date(payload: dict[str, Any], story: ArticlePage | None) -> datetime.date:
    """The sentence's month (in its year, else the story's), or the story's date, or today."""
    reported = timezone.localdate(story.date) if story is not None else timezone.localdate()
    month = payload.get("month")
    if month is None:
        return reported
    year = payload.get("year", reported.year)
    if not isinstance(month, int) or not isinstance(year, int) or not 1 <= month <= 12 or not 1880 <= year <= 2100:
        raise ValidationError("The statement's month or year is not a date.")
    return datetime.date(year, month, 1)


def add(payload: dict[str, Any], user) -> str:
    """Record the stated change, linked to the story; an already recorded one is confirmed, not repeated."""
    if not isinstance(payload, dict):
        raise ValidationError("The statement is not a JSON object.")
    kind, pk, status = payload.get("kind"), payload.get("id"), payload.get("status")
    if kind not in TITLE_KINDS or not isinstance(pk, int) or isinstance(pk, bool):
        raise ValidationError("The statement names no film or series.")
    model = TITLE_KINDS[kind]
    if status not in model.Status.values:
        raise ValidationError(f"“{status}” is not a status a {model._meta.verbose_name} can have.")
    title = model.objects.filter(pk=pk).first()
    if title is None:
        raise ValidationError(f"That {model._meta.verbose_name} no longer exists.")
    story = None
    if (article := payload.get("article")) is not None:
        if not isinstance(article, int) or isinstance(article, bool):
            raise ValidationError("The story is not a page id.")
        story = ArticlePage.objects.filter(pk=article).first()
        if story is None:
            raise ValidationError("That story no longer exists.")
    date = _date(payload, story)
    with transaction.atomic():
        change, created = StatusChange.objects.get_or_create(
            **{kind: title}, status=status, date=date, defaults={"article": story}
        )
    label = change.get_status_display().lower()
    if not created:
        return f"{title.name} is already recorded as {label} on {date:%-d %B %Y}."
    return f"Recorded: {title.name} {label} on {date:%-d %B %Y}."


FINDER = statements.register(
    statements.Finder(
        kind=KIND,
        label="Production status",
        find=find,
        add=add,
        permission="articles.add_statuschange",
        order=40,
    )
)
