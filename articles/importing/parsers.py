"""Reading news item files: plain text (with its page furniture removed), HTML pages and JSON lists."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

MAX_FILE_BYTES = 5 * 1024 * 1024
STANDFIRST_LENGTH = 400
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


class MalformedFile(ValueError):
    """A file or item that cannot be imported; the message says why, for the editor."""


@dataclass
class NewsItem:
    """One story as read from a file, before it becomes a page."""

    headline: str
    paragraphs: list[str]
    standfirst: str = ""
    authors: list[str] = field(default_factory=list)
    date: dt.datetime | None = None
    source_name: str = ""
    source_url: str = ""
    tags: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Everything entity suggestions read."""
        return "\n\n".join(part for part in (self.headline, self.standfirst, *self.paragraphs) if part)

    @property
    def body_text(self) -> str:
        """Standfirst and body: what near-duplicate checks compare (articles.models.fingerprints)."""
        return "\n\n".join(part for part in (self.standfirst, *self.paragraphs) if part)

    @property
    def import_key(self) -> str:
        """Identifies the item across imports: its source URL, else its words."""
        if self.source_url:
            basis = "url:" + self.source_url.strip()
        else:
            words = " ".join([self.headline, *self.paragraphs]).split()
            basis = "text:" + " ".join(words)
        return hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()


# Plain text.

_BULLET = re.compile(r"^[•·▪►*]\s*")
_PHOTO_CREDIT = re.compile(
    r"\s*[(\[]\s*(?:photo|image|picture|pic|credit|source|courtesy)s?(?:\s+credit)?\s*(?::|-|by\b)[^)\]]{0,150}[)\]]",
    re.IGNORECASE,
)
# A line that is only a credit: "Photo: Reuters", "(Image courtesy of Amblin)", "Photo credit - Example Agency".
_CREDIT_LINE = re.compile(
    r"^[(\[]?\s*(?:photo|photograph|image|picture|pic|credit|courtesy)s?(?:\s+(?:credit|courtesy))?\s*(?::|-|by\b|of\b).{0,150}$",
    re.IGNORECASE,
)
_HEADLINE_WORDS = 25  # a line longer than this, or ending in a full stop, is body text, not a headline
_FURNITURE = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"^(?:like|follow|join) us on \w+",
        r"^share (?:this|on|via)\b",
        r"^(?:click|tap) here\b",
        r"^(?:advertisement|related(?: articles| stories| news)?|read more|read next|more stories)\s*:?$",
        r"^subscribe\b",
        r"\blatest news, updates and announcements$",
    )
]
_IMAGE_RESULT = re.compile(r"^image result for\b", re.IGNORECASE)
_BYLINE = re.compile(r"^(?:author|by|written by|byline)\s*[:\-]?\s+(?P<name>\S.{0,80}?)\s*$", re.IGNORECASE)
_DATELINE = re.compile(
    r"^(?P<month>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2}),\s*(?P<year>\d{4})"
    r"(?:,?\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?)?\s*(?P<zone>[A-Z]{2,4})?$"
)
_MONTHS = {
    name: n
    for n, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
    )
}
_ZONES = {
    "PT": "America/Los_Angeles",
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "MT": "America/Denver",
    "CT": "America/Chicago",
    "ET": "America/New_York",
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "GMT": "UTC",
    "UTC": "UTC",
    "BST": "Europe/London",
    "CET": "Europe/Paris",
    "KST": "Asia/Seoul",
    "HKT": "Asia/Hong_Kong",
}
_SENTENCE_END = re.compile(r"[.!?\"”’')\]]$")


def parse_dateline(line: str) -> dt.datetime | None:
    """ "Feb 07, 2018 2:48 PM PT" → an aware datetime; None when the line is not a dateline."""
    found = _DATELINE.match(line.strip())
    if not found:
        return None
    month = _MONTHS.get(found["month"][:3].lower())
    if month is None:
        return None
    hour, minute = int(found["hour"] or 0), int(found["minute"] or 0)
    ampm = (found["ampm"] or "").replace(".", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    zone = _ZONES.get(found["zone"] or "", "UTC")
    try:
        return dt.datetime(int(found["year"]), month, int(found["day"]), hour, minute, tzinfo=ZoneInfo(zone))
    except ValueError:
        return None


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _looks_like_headline(line: str) -> bool:
    return len(line.split()) <= _HEADLINE_WORDS and not line.rstrip("\"”’'").endswith(".")


def parse_text(raw: str) -> NewsItem:
    """A plain-text news item: headline first, then the body, with the page furniture around it removed.

    Photo captions (a line carrying a photo credit, and the same text elsewhere, e.g. as a bullet above the
    headline) and credit lines are dropped. The headline is the first line left; if that reads as body text (long,
    or ending in a full stop), the item has no headline of its own and the photo caption stands in for it.
    """
    cleaned = [
        (index, " ".join(_BULLET.sub("", raw_line.strip()).split())) for index, raw_line in enumerate(raw.splitlines())
    ]
    captions = [_PHOTO_CREDIT.sub("", line).strip() for _, line in cleaned if _PHOTO_CREDIT.search(line)]
    lines: list[tuple[int, str]] = []
    skip_caption = False
    for index, line in cleaned:
        if not line or _CREDIT_LINE.match(line) or _PHOTO_CREDIT.search(line):
            continue
        if any(_same(line, caption) for caption in captions):
            continue
        if _IMAGE_RESULT.match(line):
            skip_caption = True  # the picture's caption follows: a short line naming who is shown
            continue
        if skip_caption:
            skip_caption = False
            if len(line.split()) <= 6 and not _SENTENCE_END.search(line):
                continue
        if any(pattern.search(line) for pattern in _FURNITURE):
            continue
        lines.append((index, line))
    if not lines:
        raise MalformedFile("no story text found")

    has_headline = not captions or _looks_like_headline(lines[0][1])
    headline = lines.pop(0)[1] if has_headline else captions[0].rstrip(".")
    authors: list[str] = []
    date: dt.datetime | None = None
    first_meta_index: int | None = None
    body: list[tuple[int, str]] = []
    for index, line in lines:
        byline = _BYLINE.match(line)
        dateline = parse_dateline(line)
        if byline and len(byline["name"].split()) <= 6:
            name = byline["name"].strip(" ,;")
            if not any(_same(name, known) for known in authors):
                authors.append(name)
        elif dateline is not None:
            date = date or dateline
        elif not _same(line, headline):
            body.append((index, line))
            continue
        first_meta_index = index if first_meta_index is None else first_meta_index
    # A bare byline repeated near the dateline ("CapitalWatch Staff") is furniture too.
    body = [(i, line) for i, line in body if not any(_same(line, name) for name in authors)]
    # Trailing site navigation: short lines without sentence punctuation ("Movie News", "X").
    while body and len(body[-1][1].split()) <= 5 and not _SENTENCE_END.search(body[-1][1]):
        body.pop()

    standfirst = ""
    if len(body) > 1:
        index, first = body[0]
        is_deck = not _SENTENCE_END.search(first) and len(first) <= 300
        before_byline = first_meta_index is not None and index < first_meta_index
        if (is_deck or before_byline) and len(first) <= STANDFIRST_LENGTH:
            standfirst = first
            body = [(i, line) for i, line in body[1:] if not _same(line, standfirst)]
    paragraphs = [line for _, line in body]
    if not paragraphs:
        raise MalformedFile("it has a headline but no body text")
    return NewsItem(headline=headline, paragraphs=paragraphs, standfirst=standfirst, authors=authors, date=date)


# HTML.


def parse_html(raw: str) -> NewsItem:
    """An HTML page: the article extracted by trafilatura, then cleaned like plain text."""
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            raw, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
        )
    except Exception as error:  # trafilatura and lxml raise many kinds on broken markup
        raise MalformedFile(f"the HTML could not be read ({error.__class__.__name__})") from error
    if document is None or not (document.text or "").strip():
        raise MalformedFile("no article text found in the HTML")
    title = (document.title or "").strip()
    item = parse_text(f"{title}\n\n{document.text}" if title else document.text)
    if document.author and not item.authors:
        item.authors = [name.strip() for name in document.author.split(";") if name.strip()]
    if document.date and item.date is None:
        day = parse_date(document.date)
        if day is not None:
            item.date = dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.UTC)
    item.source_url = _valid_url(document.url or "") or ""
    item.source_name = (document.sitename or "")[:150]
    if document.description and not item.standfirst and len(document.description) <= STANDFIRST_LENGTH:
        item.standfirst = document.description.strip()
    return item


# JSON.


def _valid_url(value: str) -> str | None:
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return None
    return value if len(value) <= 500 else None


def _string(data: dict[str, Any], key: str, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise MalformedFile(f"'{key}' is missing")
        return ""
    if not isinstance(value, str):
        raise MalformedFile(f"'{key}' must be a string")
    return value.strip()


def _strings(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise MalformedFile(f"'{key}' must be a string or a list of strings")
    return [v.strip() for v in value if v.strip()]


def parse_json_item(data: Any) -> NewsItem:
    """One JSON item (see the module docstring) → a NewsItem."""
    if not isinstance(data, dict):
        raise MalformedFile("an item must be an object with a headline and a body")
    headline = _string(data, "headline", required=True)
    body = data.get("body")
    if isinstance(body, str):
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", body)]
    elif isinstance(body, list) and all(isinstance(p, str) for p in body):
        paragraphs = [" ".join(p.split()) for p in body]
    elif body is None:
        raise MalformedFile("'body' is missing")
    else:
        raise MalformedFile("'body' must be a string or a list of paragraph strings")
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise MalformedFile("'body' is empty")
    date = None
    if raw_date := _string(data, "date"):
        date = parse_datetime(raw_date)
        if date is None and (day := parse_date(raw_date)) is not None:
            date = dt.datetime.combine(day, dt.time(0, 0))
        if date is None:
            raise MalformedFile(f"'date' is not an ISO 8601 date: {raw_date[:40]!r}")
        if timezone.is_naive(date):
            date = date.replace(tzinfo=dt.UTC)
    source_url = _string(data, "source_url")
    if source_url and _valid_url(source_url) is None:
        raise MalformedFile(f"'source_url' is not an http(s) URL of at most 500 characters: {source_url[:60]!r}")
    return NewsItem(
        headline=" ".join(headline.split()),
        paragraphs=paragraphs,
        standfirst=" ".join(_string(data, "standfirst").split()),
        authors=_strings(data, "author"),
        date=date,
        source_name=_string(data, "source_name")[:150],
        source_url=source_url,
        tags=[tag[:100] for tag in _strings(data, "tags")],
    )


def parse_json(raw: str) -> list[NewsItem | MalformedFile]:
    """A JSON file of items; a bad item comes back as its error, so the good ones still import."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise MalformedFile(f"not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})") from error
    except RecursionError as error:
        raise MalformedFile("the JSON is nested too deeply to be a news item file") from error
    if isinstance(data, dict) and "items" in data:
        data = data["items"]
    elif isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise MalformedFile('JSON must be a list of items or an object with an "items" list')
    if not data:
        raise MalformedFile("the JSON holds no items")
    items: list[NewsItem | MalformedFile] = []
    for entry in data:
        try:
            items.append(parse_json_item(entry))
        except MalformedFile as error:
            items.append(error)
    return items


# Files.


def decode(data: bytes) -> str:
    """Bytes → text, refusing binary files and anything that is not UTF-8."""
    if not data.strip():
        raise MalformedFile("the file is empty")
    if b"\x00" in data[:8192]:
        raise MalformedFile("it looks like a binary file, not text, HTML or JSON")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise MalformedFile(
            f"it is not UTF-8 text (byte 0x{data[error.start]:02x} at position {error.start})"
        ) from error
    if not text.strip():
        raise MalformedFile("the file is empty")
    return text


def parse_file(name: str, data: bytes) -> list[NewsItem | MalformedFile]:
    """Read one file's items, choosing the format by its suffix or, failing that, its first character."""
    if len(data) > MAX_FILE_BYTES:
        raise MalformedFile(f"it is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    text = decode(data)
    suffix = Path(name).suffix.lower()
    start = text.lstrip()[:1]
    if suffix == ".json" or (suffix not in TEXT_SUFFIXES | HTML_SUFFIXES and start in "[{"):
        return parse_json(text)
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and start == "<"):
        return [parse_html(text)]
    return [parse_text(text)]


def read_path(path: str | Path) -> bytes:
    """A file's bytes, or a MalformedFile saying why it cannot be read."""
    path = Path(path)
    if not path.exists():
        raise MalformedFile("no such file")
    if path.is_dir():
        raise MalformedFile("it is a directory; name the files inside it")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise MalformedFile(f"it is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    try:
        return path.read_bytes()
    except OSError as error:
        raise MalformedFile(f"it cannot be read ({error.strerror or error})") from error
