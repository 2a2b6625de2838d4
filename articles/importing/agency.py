"""Agency news items: IPTC ninjs (1.x–3.x) and NewsML-G2 files, and RSS/Atom feeds, read into ``AgencyItem``.

Each item keeps the agency's identifier (``guid``: ninjs ``uri``, NewsML-G2 ``guid``, a feed entry's id), its
version, embargo and publication status, so the ingest queue (``importing.ingest``) can tell a new item from a
new version of one it holds, and a withdrawal from either. XML is refused if it declares a DTD or entities
(defusedxml), then read by lxml with network access and entity expansion off.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

import defusedxml.ElementTree
import feedparser
from defusedxml import DefusedXmlException
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from lxml import etree
from lxml import html as lxml_html

from .ninjs import NinjsError, validate
from .parsers import MAX_FILE_BYTES, MalformedFile, NewsItem, _valid_url, decode

FORMATS = ("auto", "ninjs", "newsml", "feed")
NAR = "http://iptc.org/std/nar/2006-10-01/"
XHTML = "http://www.w3.org/1999/xhtml"
PUB_STATUSES = {"usable", "withheld", "canceled"}
HEADLINE_LENGTH = 500
BLOCKS = ("p", "h2", "h3", "h4", "li", "blockquote", "pre")


@dataclass
class AgencyNewsItem(NewsItem):
    """A NewsItem identified by the agency's guid, so a new version of it (other words, same guid) updates the
    article made from it instead of making another."""

    guid: str = ""

    @property
    def import_key(self) -> str:
        return hashlib.sha256(f"agency:{self.guid}".encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class AgencyItem:
    """One agency item as read, before it joins the queue."""

    guid: str
    headline: str
    paragraphs: list[str]
    format: str  # "ninjs 2.1", "newsml", "rss" …
    version: str = ""
    version_created: dt.datetime | None = None
    date: dt.datetime | None = None
    embargo: dt.datetime | None = None
    pub_status: str = "usable"
    standfirst: str = ""
    byline: str = ""
    credit: str = ""
    source_url: str = ""
    language: str = ""
    subjects: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(part for part in (self.headline, self.standfirst, *self.paragraphs) if part)

    @property
    def authors(self) -> list[str]:
        """The byline's names ("By Jane Roe and Sam Poe" → two), else the agency."""
        byline = re.sub(r"^\s*by\s+", "", self.byline, flags=re.IGNORECASE).strip()
        names = [name.strip(" ,;") for name in re.split(r",|;|\band\b|&", byline) if name.strip(" ,;")]
        if self.credit:
            names = [name for name in names if name.casefold() != self.credit.casefold()]
        return names[:6] or ([self.credit] if self.credit else [])

    def news_item(self) -> AgencyNewsItem:
        """What the importer turns into an article."""
        return AgencyNewsItem(
            headline=self.headline[:HEADLINE_LENGTH],
            paragraphs=self.paragraphs,
            standfirst=self.standfirst,
            authors=self.authors,
            date=self.date or self.version_created,
            source_name=self.credit[:150],
            source_url=self.source_url,
            tags=[subject[:100] for subject in self.subjects[:20]],
            guid=self.guid,
        )

    def as_json(self) -> dict[str, Any]:
        """For ``IngestItem.item``: dates as ISO 8601 strings."""
        return {
            key: value.isoformat() if isinstance(value, dt.datetime) else value for key, value in asdict(self).items()
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AgencyItem:
        values = dict(data)
        for key in ("version_created", "date", "embargo"):
            values[key] = parse_datetime(values[key]) if values.get(key) else None
        return cls(**{key: value for key, value in values.items() if key in cls.__dataclass_fields__})


# Shared helpers.


def _clean(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _datetime(value: Any, what: str) -> dt.datetime | None:
    if not value:
        return None
    parsed = parse_datetime(value.strip()) if isinstance(value, str) else None
    if parsed is None:
        raise MalformedFile(f"{what} is not an ISO 8601 date and time: {str(value)[:40]!r}")
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=dt.UTC)


def html_paragraphs(markup: str) -> list[str]:
    """Paragraph texts of an HTML fragment (block elements), or its text split on blank lines."""
    if not markup.strip():
        return []
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return text_paragraphs(re.sub(r"<[^>]+>", " ", markup))
    blocks = [_clean(element.text_content()) for element in root.iter(*BLOCKS)]
    blocks = [block for block in blocks if block]
    return blocks or text_paragraphs(root.text_content())


def text_paragraphs(text: str) -> list[str]:
    return [paragraph for paragraph in (_clean(part) for part in re.split(r"\n\s*\n", text)) if paragraph]


def _body(value: str, content_type: str) -> list[str]:
    return (
        html_paragraphs(value) if "html" in content_type or value.lstrip().startswith("<") else text_paragraphs(value)
    )


def _finish(item: AgencyItem) -> AgencyItem:
    if not item.guid:
        raise MalformedFile("it has no identifier (ninjs uri, NewsML-G2 guid or feed entry id)")
    if len(item.guid) > 500:
        raise MalformedFile("its identifier is longer than 500 characters")
    if not item.headline:
        raise MalformedFile(f"item {item.guid[:80]}: it has no headline")
    if not item.paragraphs and item.pub_status == "usable":
        raise MalformedFile(f"item {item.guid[:80]}: it has a headline but no body text")
    if item.source_url and _valid_url(item.source_url) is None:
        item.source_url = ""
    return item


# ninjs.


def _first(entries: Any, *, role: str = "", key: str = "value") -> str:
    if not isinstance(entries, list):
        return ""
    chosen = [entry for entry in entries if isinstance(entry, dict) and (not role or entry.get("role") == role)]
    return _clean(chosen[0].get(key)) if chosen else ""


def _names(entries: Any) -> list[str]:
    if not isinstance(entries, list):
        return []
    return [_clean(entry.get("name")) for entry in entries if isinstance(entry, dict) and _clean(entry.get("name"))]


def parse_ninjs_item(data: Any) -> AgencyItem:
    """One ninjs object, validated against its version's schema."""
    try:
        major = validate(data)
    except NinjsError as error:
        raise MalformedFile(str(error)) from error
    if major == "1":
        return _ninjs_1(data)
    return _ninjs_2_3(data, camel=major == "3")


def _ninjs_1(data: dict[str, Any]) -> AgencyItem:
    bodies = {key: value for key, value in data.items() if key.startswith("body_") and isinstance(value, str)}
    html = next((value for key, value in bodies.items() if "html" in key), "")
    text = next((value for key, value in bodies.items() if "html" not in key), "")
    paragraphs = html_paragraphs(html) if html else text_paragraphs(text)
    description = next(
        (_clean(value) for key, value in data.items() if key.startswith("description_") and isinstance(value, str)), ""
    )
    renditions = data.get("renditions") or {}
    link = next((r.get("href", "") for r in renditions.values() if isinstance(r, dict) and r.get("href")), "")
    return _finish(
        AgencyItem(
            guid=data["uri"],
            headline=_clean(data.get("headline")) or _clean(data.get("title")),
            paragraphs=paragraphs,
            format="ninjs 1.x",
            version=_clean(data.get("version")),
            version_created=_datetime(data.get("versioncreated"), "'versioncreated'"),
            date=_datetime(data.get("firstcreated") or data.get("contentcreated"), "'firstcreated'"),
            embargo=_datetime(data.get("embargoed"), "'embargoed'"),
            pub_status=data.get("pubstatus") or "usable",
            standfirst=description,
            byline=_clean(data.get("byline")),
            credit=_clean(data.get("copyrightholder")) or (_names(data.get("infosource")) or [""])[0],
            source_url=link,
            language=_clean(data.get("language")),
            subjects=_names(data.get("subject")),
        )
    )


def _ninjs_2_3(data: dict[str, Any], *, camel: bool) -> AgencyItem:
    def key(name: str) -> str:
        # 3.x spells the 2.x names in camelCase: pubstatus → pubStatus, versioncreated → versionCreated …
        return (
            {
                "pubstatus": "pubStatus",
                "versioncreated": "versionCreated",
                "firstcreated": "firstCreated",
                "contentcreated": "contentCreated",
                "copyrightholder": "copyrightHolder",
                "infosources": "infoSources",
                "contenttype": "contentType",
            }.get(name, name)
            if camel
            else name
        )

    bodies = [body for body in data.get("bodies") or [] if isinstance(body, dict)]
    html = next((b for b in bodies if "html" in (b.get(key("contenttype")) or "")), None)
    body = html or next(iter(bodies), None)
    paragraphs = _body(body.get("value", ""), body.get(key("contenttype")) or "") if body else []
    headline = _first(data.get("headlines"), role="main") or _first(data.get("headlines")) or _clean(data.get("title"))
    standfirst = _first(data.get("descriptions"), role="summary") or _first(data.get("headlines"), role="sub")
    renditions = [r for r in data.get("renditions") or [] if isinstance(r, dict) and r.get("href")]
    credit = _clean(data.get(key("copyrightholder"))) or (_names(data.get(key("infosources"))) or [""])[0]
    version = "3.x" if camel else "2.x"
    return _finish(
        AgencyItem(
            guid=data["uri"],
            headline=headline,
            paragraphs=paragraphs,
            format=f"ninjs {version}",
            version=_clean(data.get("version")),
            version_created=_datetime(data.get(key("versioncreated")), f"'{key('versioncreated')}'"),
            date=_datetime(data.get(key("firstcreated")) or data.get(key("contentcreated")), "the creation date"),
            embargo=_datetime(data.get("embargoed"), "'embargoed'"),
            pub_status=data.get(key("pubstatus")) or "usable",
            standfirst=standfirst,
            byline=_clean(data.get("by")),
            credit=credit,
            source_url=renditions[0]["href"] if renditions else "",
            language=_clean(data.get("language")),
            subjects=_names(data.get("subjects")),
        )
    )


def parse_ninjs(text: str) -> list[AgencyItem | MalformedFile]:
    """A ninjs file: one item, a list of items, or ``{"items": [...]}``; a bad item comes back as its error."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise MalformedFile(f"not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})") from error
    except RecursionError as error:
        raise MalformedFile("the JSON is nested too deeply to be a news item") from error
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    entries = data if isinstance(data, list) else [data]
    if not entries:
        raise MalformedFile("the JSON holds no items")
    items: list[AgencyItem | MalformedFile] = []
    for entry in entries:
        try:
            items.append(parse_ninjs_item(entry))
        except MalformedFile as error:
            items.append(error)
    return items


# NewsML-G2.


def _xml(data: bytes) -> etree._Element:
    """Parse XML that declares no DTD or entities, without network access or entity expansion."""
    try:
        defusedxml.ElementTree.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise MalformedFile("the XML declares a DTD or entities, which agency items never need") from error
    except defusedxml.ElementTree.ParseError as error:
        raise MalformedFile(f"not well-formed XML ({error})") from error
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        raise MalformedFile(f"not well-formed XML ({error.msg})") from error


def _text(element: etree._Element | None) -> str:
    return _clean("".join(element.itertext())) if element is not None else ""


def _find(element: etree._Element, path: str) -> etree._Element | None:
    return element.find(path, {"n": NAR, "h": XHTML})


def _findall(element: etree._Element, path: str) -> list[etree._Element]:
    return element.findall(path, {"n": NAR, "h": XHTML})


def _qcode(element: etree._Element | None) -> str:
    """ "stat:canceled" → "canceled"."""
    if element is None:
        return ""
    return (element.get("qcode") or element.get("literal") or "").rsplit(":", 1)[-1]


def parse_newsml_item(item: etree._Element) -> AgencyItem:
    """One ``newsItem``."""
    meta = _find(item, "n:itemMeta")
    content_meta = _find(item, "n:contentMeta")
    if meta is None or content_meta is None:
        raise MalformedFile(f"newsItem {item.get('guid', '')[:80]}: itemMeta or contentMeta is missing")
    pub_status = _qcode(_find(meta, "n:pubStatus")) or "usable"
    if pub_status not in PUB_STATUSES:
        raise MalformedFile(f"newsItem {item.get('guid', '')[:80]}: unknown pubStatus {pub_status[:30]!r}")
    paragraphs: list[str] = []
    for content in _findall(item, "n:contentSet/n:inlineXML"):
        body = _find(content, ".//h:body")
        root = body if body is not None else content
        paragraphs = [
            _text(element) for element in root.iter() if etree.QName(element).localname in BLOCKS and _text(element)
        ] or text_paragraphs("".join(root.itertext()))
        if paragraphs:
            break
    if not paragraphs:
        for content in _findall(item, "n:contentSet/n:inlineData"):
            paragraphs = _body(content.text or "", content.get("contenttype") or "text/plain")
            if paragraphs:
                break
    provider = _find(meta, "n:provider")
    credit = (
        _text(_find(item, "n:rightsInfo/n:copyrightHolder/n:name"))
        or _text(_find(provider, "n:name") if provider is not None else None)
        or (provider.get("literal", "") if provider is not None else "")
    )
    by = _text(_find(content_meta, "n:by")) or ", ".join(
        _text(_find(creator, "n:name"))
        for creator in _findall(content_meta, "n:creator")
        if _find(creator, "n:name") is not None
    )
    link = next(
        (element.get("href", "") for element in _findall(meta, "n:link") if element.get("href", "").startswith("http")),
        "",
    )
    description = next(
        (_text(d) for d in _findall(content_meta, "n:description") if "summary" in (d.get("role") or "summary")), ""
    )
    return _finish(
        AgencyItem(
            guid=item.get("guid", "").strip(),
            headline=_text(_find(content_meta, "n:headline")),
            paragraphs=paragraphs,
            format="newsml",
            version=(item.get("version") or "").strip(),
            version_created=_datetime(_text(_find(meta, "n:versionCreated")), "versionCreated"),
            date=_datetime(
                _text(_find(meta, "n:firstCreated")) or _text(_find(content_meta, "n:contentCreated")), "firstCreated"
            ),
            embargo=_datetime(_text(_find(meta, "n:embargoed")), "embargoed"),
            pub_status=pub_status,
            standfirst=description,
            byline=by,
            credit=credit,
            source_url=link,
            language=item.get("{http://www.w3.org/XML/1998/namespace}lang", ""),
            subjects=[
                _text(_find(s, "n:name")) for s in _findall(content_meta, "n:subject") if _find(s, "n:name") is not None
            ],
        )
    )


def parse_newsml(data: bytes) -> list[AgencyItem | MalformedFile]:
    """A NewsML-G2 ``newsItem``, or a ``newsMessage`` holding several."""
    root = _xml(data)
    if root.tag == f"{{{NAR}}}newsItem":
        elements = [root]
    elif root.tag == f"{{{NAR}}}newsMessage":
        elements = _findall(root, "n:itemSet/n:newsItem")
    else:
        raise MalformedFile(f"the XML is not NewsML-G2 (its root is {etree.QName(root).localname!r}, not newsItem)")
    if not elements:
        raise MalformedFile("the newsMessage holds no newsItem")
    items: list[AgencyItem | MalformedFile] = []
    for element in elements:
        try:
            items.append(parse_newsml_item(element))
        except MalformedFile as error:
            items.append(error)
    return items


# RSS and Atom.


def _struct_time(value: Any) -> dt.datetime | None:
    return dt.datetime(*value[:6], tzinfo=dt.UTC) if value else None


def parse_feed(data: bytes, *, credit: str = "") -> list[AgencyItem | MalformedFile]:
    """An RSS or Atom feed's entries; the feed's credit (``AgencyFeed.credit``) names the agency."""
    # feedparser reads the bytes it is given and never fetches anything it finds inside them.
    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise MalformedFile(f"not a readable RSS or Atom feed ({reason.__class__.__name__ if reason else 'empty'})")
    kind = "atom" if (parsed.version or "").startswith("atom") else "rss"
    agency = credit or _clean(parsed.feed.get("title"))
    items: list[AgencyItem | MalformedFile] = []
    for entry in parsed.entries:
        content = entry.get("content") or []
        body = content[0].get("value", "") if content else entry.get("summary", "")
        paragraphs = html_paragraphs(body)
        summary = _clean(re.sub(r"<[^>]+>", " ", entry.get("summary", ""))) if content else ""
        updated = _struct_time(dict.get(entry, "updated_parsed"))  # not feedparser's fallback to published
        try:
            items.append(
                _finish(
                    AgencyItem(
                        guid=_clean(entry.get("id")) or _clean(entry.get("link")),
                        headline=_clean(entry.get("title")),
                        paragraphs=paragraphs,
                        format=kind,
                        version_created=updated,
                        date=_struct_time(entry.get("published_parsed")) or updated,
                        standfirst=summary[:400] if summary and [summary] != paragraphs else "",
                        byline=_clean(entry.get("author")),
                        credit=agency,
                        source_url=_clean(entry.get("link")),
                        subjects=[
                            _clean(tag.get("term")) for tag in entry.get("tags") or [] if _clean(tag.get("term"))
                        ],
                    )
                )
            )
        except MalformedFile as error:
            items.append(error)
    if not items:
        raise MalformedFile("the feed holds no entries")
    return items


# Files.


def detect_format(name: str, text: str) -> str:
    """ninjs for JSON, newsml for XML rooted in the IPTC's namespace, feed for other XML."""
    start = text.lstrip()[:1]
    if name.lower().endswith(".json") or start in "[{":
        return "ninjs"
    if start == "<":
        return "newsml" if NAR in text[:4000] else "feed"
    raise MalformedFile("it is neither JSON (ninjs) nor XML (NewsML-G2, RSS or Atom)")


def parse_agency_file(
    name: str, data: bytes, *, format: str = "auto", credit: str = ""
) -> list[AgencyItem | MalformedFile]:
    """Read one file or response of agency items; ``format`` is one of ``FORMATS``."""
    if format not in FORMATS:
        raise MalformedFile(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
    if len(data) > MAX_FILE_BYTES:
        raise MalformedFile(f"it is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    text = decode(data)
    if format == "auto":
        format = detect_format(name, text)
    if format == "ninjs":
        items = parse_ninjs(text)
    elif format == "newsml":
        items = parse_newsml(data)
    else:
        items = parse_feed(data, credit=credit)
    if credit:
        for item in items:
            if isinstance(item, AgencyItem) and not item.credit:
                item.credit = credit
    return items
