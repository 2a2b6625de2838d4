"""The gazetteer: every known name and alias in one Aho-Corasick automaton, with the rules that accept a hit."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import ahocorasick

from .candidates import find_candidates
from .results import Match, Mention, Suggestions
from .text import (
    CLOSING_QUOTES,
    COMMON_WORDS,
    FILM_CUES_AFTER,
    OPENING_QUOTES,
    TYPE_CUES_BEFORE,
    name_key,
    normalize,
)


def _is_word_char(char: str) -> bool:
    return char.isalnum()


@dataclass(frozen=True)
class _Pattern:
    entity_type: str
    entity_id: int
    name: str  # the entity's name
    surface: str  # the name or alias as written in the gazetteer
    how: str  # "name" or "alias"
    weak: bool  # needs context: a one-word title or a common word
    acronym: bool


@dataclass
class _Hit:
    start: int
    end: int
    pattern: _Pattern
    confidence: float
    how: str


class Gazetteer:
    """Every known name and alias in one automaton, looked up in time linear in the text."""

    def __init__(self, entries: Iterable[tuple[str, int, str, Sequence[str]]]) -> None:
        self._automaton = ahocorasick.Automaton()
        table: dict[str, list[_Pattern]] = {}
        self.size = 0
        for entity_type, entity_id, name, aliases in entries:
            self.size += 1
            surfaces = [(name, "name")] + [(alias, "alias") for alias in aliases if alias]
            if entity_type == "studio":
                # Brands drop spaces ("STXfilms" for "STX Films"); the joined form matches as an alias.
                surfaces += [(a.replace(" ", ""), "alias") for a, _ in list(surfaces) if a.count(" ") == 1]
            seen: set[str] = set()
            for surface, how in surfaces:
                key = name_key(surface)
                if not key or key in seen or not any(c.isalnum() for c in key):
                    continue
                seen.add(key)
                table.setdefault(key, []).append(
                    _Pattern(
                        entity_type=entity_type,
                        entity_id=entity_id,
                        name=name,
                        surface=surface,
                        how=how,
                        weak=_is_weak(entity_type, surface, key),
                        acronym=_is_acronym(surface),
                    )
                )
        for key, patterns in table.items():
            # Patterns that look alike are judged once per hit: many entities can share a name.
            groups: dict[tuple[Any, ...], list[_Pattern]] = {}
            for pattern in patterns:
                shape = (pattern.entity_type, pattern.surface, pattern.how, pattern.weak, pattern.acronym)
                groups.setdefault(shape, []).append(pattern)
            grouped = tuple((members[0], tuple(members)) for members in groups.values())
            self._automaton.add_word(key, (len(key), len(patterns), grouped))
        if table:
            self._automaton.make_automaton()
        self._empty = not table

    @classmethod
    def from_names(cls, names: Iterable[tuple[str, int, str, Sequence[str]]]) -> Gazetteer:
        """Build from ``(type, id, name, aliases)`` rows, e.g. for a benchmark without a database."""
        return cls(names)

    @classmethod
    def from_database(cls) -> Gazetteer:
        """Build from every studio, person and film."""
        from ..models import KINDS
        from ..models.entities import parse_aliases

        def rows():
            for entity_type, model in ((kind.key, kind.model) for kind in KINDS.recognised()):
                for pk, name, aliases in model.objects.values_list("pk", "name", "aliases").iterator():
                    yield entity_type, pk, name, parse_aliases(aliases)

        return cls(rows())

    def suggest(self, text: str) -> Suggestions:
        """Known entities mentioned in ``text`` and candidates for new ones."""
        text = text or ""
        folded, starts, ends = normalize(text)
        hits = self._full_name_hits(text, folded, starts, ends)
        hits += _short_form_hits(text, folded, starts, ends, hits)
        matches = _collect_matches(hits, text)
        taken = [(h.start, h.end) for h in hits]
        candidates = find_candidates(text, taken, known=self._known_key)
        return Suggestions(matches=matches, candidates=candidates)

    def _known_key(self, name: str) -> bool:
        return not self._empty and self._automaton.exists(name_key(name))

    def _full_name_hits(self, text: str, folded: str, starts: list[int], ends: list[int]) -> list[_Hit]:
        if self._empty or not folded:
            return []
        found: list[tuple[int, int, int, tuple[tuple[_Pattern, tuple[_Pattern, ...]], ...]]] = []
        length = len(folded)
        for last, (size, count, groups) in self._automaton.iter(folded):
            first = last - size + 1
            if first > 0 and _is_word_char(folded[first - 1]):
                continue
            if last + 1 < length and _is_word_char(folded[last + 1]):
                continue
            found.append((first, last + 1, count, groups))
        # Leftmost-longest: "Alibaba Pictures" wins over "Alibaba" inside it.
        found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
        hits: list[_Hit] = []
        strong: dict[tuple[str, int], int] = {}  # entity → start of its first accepted mention
        deferred: list[tuple[int, int, tuple[_Pattern, ...]]] = []
        covered_until = -1
        for first, stop, count, groups in found:
            if first < covered_until:
                continue
            start, end = starts[first], ends[stop - 1]
            surface = text[start:end]
            accepted = False
            for shape, patterns in groups:
                confidence = _judge(shape, surface, text, start, end)
                if confidence is None:
                    if shape.weak and surface == shape.surface:
                        deferred.append((start, end, patterns))
                    continue
                confidence /= count**0.5  # two entities with one name: neither is certain
                for pattern in patterns:
                    hits.append(_Hit(start, end, pattern, confidence, pattern.how))
                    strong.setdefault((pattern.entity_type, pattern.entity_id), start)
                accepted = True
            if accepted:
                covered_until = stop
        # A weak name established earlier by a well-evidenced mention counts again in title case.
        covered = _coverage(len(text), hits)
        for start, end, patterns in deferred:
            for pattern in patterns:
                established = strong.get((pattern.entity_type, pattern.entity_id))
                if established is not None and established < start and not _overlaps(covered, start, end):
                    hits.append(_Hit(start, end, pattern, 0.7, "repeat"))
                    covered[start:end] = b"\x01" * (end - start)
        return hits


def _is_acronym(surface: str) -> bool:
    letters = [c for c in surface if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and " " not in surface.strip()


def _is_weak(entity_type: str, surface: str, key: str) -> bool:
    """One-word film titles and common words are often plain words; they need context to count."""
    if " " in key:
        return False
    if _is_acronym(surface):
        return False
    return entity_type == "film" or key.strip("'\".") in COMMON_WORDS


def _judge(pattern: _Pattern, surface: str, text: str, start: int, end: int) -> float | None:
    """How sure a hit is, given its case and context; None when it must not count."""
    if surface == pattern.surface:
        exact = True
    else:
        exact = False
        if not any(c.isupper() for c in surface) and any(c.isupper() for c in pattern.surface):
            return None  # lower case never matches a capitalised name: "real" is not "Real"
        if pattern.acronym and not all(c.isupper() for c in surface if c.isalpha()):
            return None  # "stx" or "Stx" is not STX
        first_letter = next((c for c in surface if c.isalnum()), "")
        if first_letter.isalpha() and not first_letter.isupper() and pattern.surface[:1].isupper():
            return None
    if pattern.weak:
        if not exact:
            return None
        quoted = _is_quoted(text, start, end)
        cued = _has_cue(pattern.entity_type, text, start, end)
        if not (quoted or cued):
            return None
        return 0.9 if quoted and cued else 0.8
    base = 0.95 if pattern.how == "name" else 0.9
    return base if exact else base - 0.1


def _is_quoted(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end : end + 2]
    return before in OPENING_QUOTES and bool(after) and (after[0] in CLOSING_QUOTES or after[-1:] in CLOSING_QUOTES)


_WORD = re.compile(r"[\w'’-]+")


def _has_cue(entity_type: str, text: str, start: int, end: int) -> bool:
    words = [w.lower() for w in _WORD.findall(text[max(0, start - 40) : start])][-3:]
    if any(w in TYPE_CUES_BEFORE[entity_type] for w in words):
        return True
    if entity_type == "film":
        return bool(FILM_CUES_AFTER.match(text[end : end + 40].lstrip(CLOSING_QUOTES))) or _in_filmography(
            text, start, end
        )
    return False


_FILMOGRAPHY = re.compile(
    r"[A-Z][\w'’.-]*\s*\((?:[A-Z0-9][^(),\n]{0,60}?)(?:,\s*(?:and\s+)?[A-Z0-9][^(),\n]{0,60}?)*\)$"
)


def _in_filmography(text: str, start: int, end: int) -> bool:
    """A title in a parenthesised list of titles right after a name: "Robert Zemeckis (Cast Away, Flight)"."""
    opening = text.rfind("(", max(0, start - 200), start)
    closing = text.find(")", end, end + 200)
    if opening < 0 or closing < 0 or "\n" in text[opening:closing]:
        return False
    return bool(_FILMOGRAPHY.search(text[max(0, opening - 40) : closing + 1]))


def _coverage(length: int, hits: Iterable[_Hit]) -> bytearray:
    """One byte per character of the text, set where a hit lies."""
    covered = bytearray(length)
    for hit in hits:
        covered[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
    return covered


def _overlaps(covered: bytearray, start: int, end: int) -> bool:
    return covered.find(1, start, end) != -1


def _short_forms(pattern: _Pattern) -> list[str]:
    """The parts of a full name that the text may use alone later: a person's surname or family name, a
    company's first word."""
    words = [w for w in re.split(r"\s+", pattern.name.strip()) if w]
    if len(words) < 2:
        return []
    if pattern.entity_type == "person":
        forms = [words[-1], words[0]]
    elif pattern.entity_type == "studio":
        forms = [words[0]]
    else:
        return []
    return [form for form in forms if len(form) >= 2 and form[0].isupper() and name_key(form) not in COMMON_WORDS]


def _short_form_hits(text: str, folded: str, starts: list[int], ends: list[int], hits: list[_Hit]) -> list[_Hit]:
    """Short forms of names the text has already given in full, each resolved to that entity."""
    first_seen: dict[tuple[str, int], tuple[int, _Pattern]] = {}
    for hit in hits:
        key = (hit.pattern.entity_type, hit.pattern.entity_id)
        if hit.how in ("name", "alias") and (key not in first_seen or hit.start < first_seen[key][0]):
            first_seen[key] = (hit.start, hit.pattern)
    forms: dict[str, list[tuple[int, _Pattern, str]]] = {}
    for first, pattern in first_seen.values():
        for form in _short_forms(pattern):
            forms.setdefault(name_key(form), []).append((first, pattern, form))
    if not forms:
        return []
    found: list[_Hit] = []
    covered = _coverage(len(text), hits)
    regex = re.compile("|".join(sorted((re.escape(key) for key in forms), key=len, reverse=True)))
    for found_match in regex.finditer(folded):
        first, stop = found_match.span()
        if (first > 0 and _is_word_char(folded[first - 1])) or (stop < len(folded) and _is_word_char(folded[stop])):
            continue
        start, end = starts[first], ends[stop - 1]
        surface = text[start:end]
        if _overlaps(covered, start, end):
            continue
        # Named in full earlier; when several were, the most recent one is meant ("Alibaba" after
        # "Alibaba Group" refers to the group).
        earlier = [(seen, pattern, form) for seen, pattern, form in forms[found_match.group()] if seen < start]
        earlier = [item for item in earlier if surface == item[2]]
        if not earlier:
            continue
        earlier.sort(key=lambda item: item[0])
        confidence = 0.75 if len({p.entity_id for _, p, _ in earlier}) == 1 else 0.55
        found.append(_Hit(start, end, earlier[-1][1], confidence, "short form"))
        covered[start:end] = b"\x01" * (end - start)
    return found


def _collect_matches(hits: list[_Hit], text: str) -> list[Match]:
    by_entity: dict[tuple[str, int], Match] = {}
    for hit in sorted(hits, key=lambda h: h.start):
        key = (hit.pattern.entity_type, hit.pattern.entity_id)
        match = by_entity.get(key)
        if match is None:
            match = by_entity[key] = Match(hit.pattern.entity_type, hit.pattern.entity_id, hit.pattern.name, 0.0)
        match.confidence = max(match.confidence, hit.confidence)
        match.mentions.append(Mention(hit.start, hit.end, text[hit.start : hit.end], hit.how))
    # Each further mention adds a little certainty.
    for match in by_entity.values():
        match.confidence = min(0.99, match.confidence + 0.02 * (len(match.mentions) - 1))
    return sorted(by_entity.values(), key=lambda m: (-m.confidence, m.mentions[0].start))
