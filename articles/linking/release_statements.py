"""Release dates a story states about a film or series it names — "opens in China on March 3", "will be released in UK
cinemas on 12 May 2027", "premieres at Cannes on May 20", "hits Netflix on June 1" — proposed as releases to add in
one click (``articles.linking.statements``).

Precision over recall: a statement needs a known title in the same sentence, a verb of release, a territory, a
festival or a platform the tables below know, and a day. A date without a year is the nearest one from today on
(the panel passes only the text, not the story's date). ``add`` checks a statement as the CSV import checks a row
(``articles.models.releases.build_release``).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import Film, Release, Series
from ..models.releases import ReleaseInput, build_release
from ..models.territories import REGIONS, countries, normalise, territory_name
from .results import Match
from .statements import Finder, Statement, register

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<{0}>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<{0}>[0-3]?\d)(?:st|nd|rd|th)?"
_DATE = (
    rf"(?:{_MONTH.format('m1')}\s+{_DAY.format('d1')}(?:,?\s+(?P<y1>(?:19|20)\d\d))?"
    rf"|{_DAY.format('d2')}\s+{_MONTH.format('m2')}(?:,?\s+(?P<y2>(?:19|20)\d\d))?)\b"
)

# How stories name territories beside ISO names: "UK cinemas", "Chinese theaters", "North America".
TERRITORY_WORDS = {
    "uk": "GB",
    "u.k.": "GB",
    "britain": "GB",
    "british": "GB",
    "us": "US",
    "u.s.": "US",
    "america": "US",
    "american": "US",
    "north america": "domestic",
    "north american": "domestic",
    "chinese": "CN",
    "mainland china": "CN",
    "japanese": "JP",
    "korea": "KR",
    "korean": "KR",
    "south korean": "KR",
    "french": "FR",
    "german": "DE",
    "italian": "IT",
    "spanish": "ES",
    "indian": "IN",
    "australian": "AU",
    "canadian": "CA",
    "mexican": "MX",
    "brazilian": "BR",
    "hong kong": "HK",
    "taiwanese": "TW",
}
FESTIVALS = {
    "cannes": ("Cannes", "FR"),
    "venice": ("Venice", "IT"),
    "berlin": ("Berlin", "DE"),
    "berlinale": ("Berlin", "DE"),
    "toronto": ("Toronto", "CA"),
    "tiff": ("Toronto", "CA"),
    "sundance": ("Sundance", "US"),
    "telluride": ("Telluride", "US"),
    "tribeca": ("Tribeca", "US"),
    "sxsw": ("SXSW", "US"),
    "busan": ("Busan", "KR"),
    "shanghai": ("Shanghai", "CN"),
    "tokyo": ("Tokyo", "JP"),
    "locarno": ("Locarno", "CH"),
    "san sebastian": ("San Sebastián", "ES"),
    "karlovy vary": ("Karlovy Vary", "CZ"),
    "rotterdam": ("Rotterdam", "NL"),
}
# Platforms and the territory a release on them covers unless the sentence names one.
PLATFORMS = {
    "netflix": ("Netflix", "worldwide"),
    "disney+": ("Disney+", "worldwide"),
    "prime video": ("Prime Video", "worldwide"),
    "amazon prime video": ("Prime Video", "worldwide"),
    "apple tv+": ("Apple TV+", "worldwide"),
    "hbo max": ("HBO Max", "US"),
    "max": ("Max", "US"),
    "hulu": ("Hulu", "US"),
    "peacock": ("Peacock", "US"),
    "paramount+": ("Paramount+", "US"),
    "iqiyi": ("iQiyi", "CN"),
    "tencent video": ("Tencent Video", "CN"),
    "youku": ("Youku", "CN"),
}


def _alternatives(names: Iterable[str]) -> str:
    return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))


_PLACE = r"(?:the\s+)?(?P<place>[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})"
_THEATRICAL = re.compile(
    r"\b(?P<verb>opens|opened|will\s+open|is\s+set\s+to\s+open|(?:will\s+be|is|was|to\s+be)\s+released|releases|"
    r"hits|will\s+hit|arrives|will\s+arrive|debuts|will\s+debut)\s+"
    rf"(?:in\s+{_PLACE}(?:\s+(?P<venue_word>cinemas|theaters|theatres|multiplexes))?)"
    rf"(?:\s+(?:on|from)\s+{_DATE})",
    re.IGNORECASE,
)
_FESTIVAL = re.compile(
    r"\b(?P<verb>premieres|premiered|will\s+premiere|is\s+set\s+to\s+premiere|world\s+premiere)\s+at\s+(?:the\s+)?"
    rf"(?P<festival>{_alternatives(FESTIVALS)})(?:\s+(?:International\s+)?Film\s+Festival|\s+festival)?"
    rf"(?:\s+on\s+{_DATE})",
    re.IGNORECASE,
)
_STREAMING = re.compile(
    r"\b(?P<verb>hits|will\s+hit|arrives\s+on|will\s+arrive\s+on|streams\s+on|will\s+stream\s+on|debuts\s+on|"
    r"will\s+debut\s+on|lands\s+on|will\s+land\s+on|premieres\s+on|will\s+premiere\s+on)\s+"
    rf"(?P<platform>{_alternatives(PLATFORMS)})(?![\w+])(?:\s+in\s+{_PLACE})?(?:\s+(?:on|from)\s+{_DATE})",
    re.IGNORECASE,
)


def _sentences(text: str) -> Iterable[tuple[int, int]]:
    """(start, end) of each sentence; a full stop inside "U.S." or "Jan." does not end one unless a capital follows
    a space."""
    start = 0
    for found in re.finditer(r"[.!?](?=\s+[A-Z\"“(])|$", text):
        end = found.end()
        if end > start:
            yield start, end
        start = end


def _date(found: re.Match, today: datetime.date) -> datetime.date | None:
    """The stated date; without a year, the nearest one from today on."""
    month_name = (found.group("m1") or found.group("m2") or "").lower()
    day = found.group("d1") or found.group("d2")
    year = found.group("y1") or found.group("y2")
    if not month_name or not day:
        return None
    month = _MONTHS[month_name.rstrip(".")]
    try:
        if year:
            return datetime.date(int(year), month, int(day))
        stated = datetime.date(today.year, month, int(day))
        return stated if stated >= today else datetime.date(today.year + 1, month, int(day))
    except ValueError:
        return None


def _territory(place: str | None) -> str | None:
    """A territory code for a place as a story names it ("China", "UK", "Chinese"), or None."""
    if not place:
        return None
    words = re.sub(r"\s+(?:cinemas|theaters|theatres|multiplexes)$", "", place.strip().rstrip(".,"), flags=re.I)
    for candidate in (words, re.sub(r"^the\s+", "", words, flags=re.I)):
        if code := TERRITORY_WORDS.get(candidate.lower()):
            return code
        code = normalise(candidate)
        if code in REGIONS or (code in countries() and (len(candidate) > 2 or candidate.isupper())):
            return code
    return None


def _title_near(matches: Sequence[Match], start: int, end: int, verb_at: int) -> Match | None:
    """The film or series mentioned in the sentence nearest before the verb (or, failing that, after it)."""
    best: tuple[int, Match] | None = None
    for match in matches:
        if match.entity_type not in ("film", "series"):
            continue
        for mention in match.mentions:
            if start <= mention.start and mention.end <= end:
                distance = verb_at - mention.end if mention.end <= verb_at else 10_000 + mention.start - verb_at
                if best is None or distance < best[0]:
                    best = (distance, match)
    return best[1] if best else None


def find(text: str, matches: Sequence[Match]) -> list[Statement]:
    today = timezone.localdate()
    found: list[tuple[Match, dict[str, Any], float, int, int]] = []
    for start, end in _sentences(text):
        sentence = text[start:end]
        for pattern in (_THEATRICAL, _FESTIVAL, _STREAMING):
            for hit in pattern.finditer(sentence):
                title = _title_near(matches, start, end, start + hit.start())
                date = _date(hit, today)
                if title is None or date is None:
                    continue
                groups = hit.groupdict()
                if pattern is _FESTIVAL:
                    venue, territory = FESTIVALS[groups["festival"].lower()]
                    release_type, confidence = Release.Type.FESTIVAL, 0.85
                elif pattern is _STREAMING:
                    venue, default = PLATFORMS[groups["platform"].lower()]
                    territory = _territory(groups.get("place")) or default
                    release_type, confidence = Release.Type.STREAMING, 0.85
                else:
                    venue, territory = "", _territory(groups.get("place"))
                    limited = re.search(r"\blimited\b", sentence, re.IGNORECASE)
                    release_type = Release.Type.LIMITED if limited else Release.Type.THEATRICAL
                    confidence = 0.9
                if territory is None:
                    continue
                if not (groups.get("y1") or groups.get("y2")):
                    confidence -= 0.1
                payload = {
                    "kind": title.entity_type,
                    "id": title.entity_id,
                    "territory": territory,
                    "type": str(release_type),
                    "date": date.isoformat(),
                    "venue": venue,
                }
                found.append((title, payload, confidence, start, end))
    return _unrecorded(text, found)


def _unrecorded(text: str, found: list[tuple[Match, dict[str, Any], float, int, int]]) -> list[Statement]:
    """Statements for what the database does not hold yet (one query), each once."""
    if not found:
        return []
    films = {payload["id"] for _, payload, *_ in found if payload["kind"] == "film"}
    series = {payload["id"] for _, payload, *_ in found if payload["kind"] == "series"}
    recorded = {
        (("film", film) if film else ("series", series_id), territory, release_type, date.isoformat(), venue)
        for film, series_id, territory, release_type, date, venue in (
            Release.objects.filter(film_id__in=films) | Release.objects.filter(series_id__in=series, season=None)
        ).values_list("film_id", "series_id", "territory", "release_type", "date", "venue")
    }
    statements, seen = [], set()
    for title, payload, confidence, start, end in found:
        key = (
            (payload["kind"], payload["id"]),
            payload["territory"],
            payload["type"],
            payload["date"],
            payload["venue"],
        )
        if key in recorded or key in seen:
            continue
        seen.add(key)
        date = datetime.date.fromisoformat(payload["date"])
        kind = dict(Release.Type.choices)[payload["type"]].lower()
        venue = f" ({payload['venue']})" if payload["venue"] else ""
        where = territory_name(payload["territory"])
        statements.append(
            Statement(
                kind="release",
                label=f"{title.name} — {kind}{venue} release in {where} on {date.day} {date:%B %Y}",
                payload=payload,
                confidence=confidence,
                evidence=text[start:end].strip(),
                start=start,
                end=end,
            )
        )
    return statements


def add(payload: dict[str, Any], user: Any) -> str:
    """Record a proposed release, checked as an imported row is; one already recorded is not an error."""
    if not isinstance(payload, dict):
        raise ValidationError("A release statement is a JSON object.")
    model = {"film": Film, "series": Series}.get(payload.get("kind"))
    raw_id = payload.get("id")
    if model is None or not isinstance(raw_id, int) or isinstance(raw_id, bool):
        raise ValidationError("A release statement names a film or a series by id.")
    title = model.objects.filter(pk=raw_id).first()
    if title is None:
        raise ValidationError(f"That {model._meta.verbose_name} no longer exists.")
    release = build_release(
        ReleaseInput(
            title=title,
            territory=str(payload.get("territory", "")),
            release_type=str(payload.get("type", "")),
            date=str(payload.get("date", "")),
            venue=str(payload.get("venue", ""))[:120],
        )
    )
    if release.is_recorded():
        return f"Already recorded: {release}, {release.date.day} {release.date:%B %Y}."
    with transaction.atomic():
        release.save()
    return f"Added: {release}, {release.date.day} {release.date:%B %Y}."


FINDER = register(
    Finder(kind="release", label="Release dates", find=find, add=add, permission="articles.add_release", order=10)
)
