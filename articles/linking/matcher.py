"""The gazetteer: every known name and alias in one Aho-Corasick automaton, with the rules that accept a hit."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import ahocorasick

from .candidates import find_candidates
from .results import Match, Mention, Suggestions
from .series import series_cue
from .spans import NameTyper
from .text import (
    CLOSING_QUOTES,
    COMMON_WORDS,
    FILM_CUES_AFTER,
    OPENING_QUOTES,
    TITLE_KINDS,
    TYPE_CUES_BEFORE,
    name_key,
    normalize,
    shape,
    word_set,
    words_of,
)


def _is_word_char(char: str) -> bool:
    return char.isalnum()


@dataclass(frozen=True)
class _Pattern:
    entity_type: str
    entity_id: int
    name: str  # the entity's name
    surface: str  # the name or alias as written in the gazetteer, without a leading "The"
    shapes: frozenset[str]  # every spelling of it the entity was given, case kept ("GoldenEye", "Goldeneye")
    how: str  # "name" or "alias"
    weak: bool  # needs context: a one-word title or a common word
    acronym: bool
    article: bool  # written with a leading "The" ("The Matrix")


@dataclass
class _Hit:
    start: int
    end: int
    pattern: _Pattern
    confidence: float
    how: str
    shared: int = 1  # entities with this name or alias


def _without_article(surface: str) -> tuple[str, bool]:
    stripped = surface.strip()
    if stripped[:4].lower() == "the " and len(stripped) > 4:
        return stripped[4:].lstrip(), True
    return stripped, False


_FUNCTION_WORDS = word_set("the a an of and or in on at to for")
_CORPORATE_WORDS = word_set(
    "pictures picture studios studio entertainment films film media group company corporation corp productions "
    "production networks network animation holdings inc co ltd llc plc releasing worldwide international"
)


def _studio_short_names(name: str) -> list[str]:
    """What a studio is called for short: without trailing corporate words, and the initials of a long name."""
    forms: list[str] = []
    words = name.split()
    while len(words) > 1 and words[-1].strip(".,").lower() in _CORPORATE_WORDS:
        words = words[:-1]
    if len(words) < len(name.split()):
        forms.append(" ".join(words))
    parts = [part for part in re.split(r"[\s-]+", name) if part]
    if len(parts) >= 3 and all(part[:1].isupper() for part in parts):
        forms.append("".join(part[0] for part in parts))
    return forms


def _pattern(entity_type: str, entity_id: int, name: str, key: str, forms: list[tuple[str, str, bool]]) -> _Pattern:
    surface, how, _ = forms[0]
    return _Pattern(
        entity_type=entity_type,
        entity_id=entity_id,
        name=name,
        surface=surface,
        shapes=frozenset(shape(form) for form, _, _ in forms),
        how=how,
        weak=_is_weak(entity_type, surface, key),
        acronym=_is_acronym(surface),
        article=any(article for _, _, article in forms),
    )


def _compile(
    entries: Iterable[tuple[str, int, str, Sequence[str]]], *, taken: Any = None
) -> ahocorasick.Automaton | None:
    """One automaton of the names, aliases and studios' short names of ``entries``; None when there are none.
    ``taken(key)`` says a key is already some other entity's (for a gazetteer's later changes)."""
    table: dict[str, list[_Pattern]] = {}
    derived: dict[str, list[tuple[int, str, int, str, str]]] = {}
    for entity_type, entity_id, name, aliases in entries:
        surfaces = [(name, "name")] + [(alias, "alias") for alias in aliases if alias]
        if entity_type == "studio":
            # Brands drop spaces ("STXfilms" for "STX Films"); the joined form matches as an alias.
            surfaces += [(a.replace(" ", ""), "alias") for a, _ in list(surfaces) if a.count(" ") == 1]
        # Spellings that fold alike ("GoldenEye", "Goldeneye") are one pattern that accepts each exactly.
        by_key: dict[str, list[tuple[str, str, bool]]] = {}
        for surface, how in surfaces:
            key = name_key(surface)
            if key and any(c.isalnum() for c in key):
                bare, article = _without_article(surface)
                by_key.setdefault(key, []).append((bare, how, article))
        for key, forms in by_key.items():
            if key in _FUNCTION_WORDS:
                continue
            table.setdefault(key, []).append(_pattern(entity_type, entity_id, name, key, forms))
        if entity_type == "studio":
            for short in _studio_short_names(name):
                derived.setdefault(name_key(short), []).append((len(name), entity_type, entity_id, name, short))
    # A studio's name without its corporate words ("Warner Bros." for "Warner Bros. Pictures", "MGM" for
    # "Metro-Goldwyn-Mayer") counts as an alias unless another entity goes by it; when several studios
    # reduce to it, the shortest name (the parent brand: "Sony Group" over "Sony Pictures Entertainment").
    for key, owners in derived.items():
        if key in table or key in _FUNCTION_WORDS or (taken is not None and taken(key)):
            continue
        shortest = min(owner[0] for owner in owners)
        for _, entity_type, entity_id, name, short in (o for o in owners if o[0] == shortest):
            bare, article = _without_article(short)
            pattern = _pattern(entity_type, entity_id, name, key, [(bare, "short name", article)])
            table.setdefault(key, []).append(pattern)
    if not table:
        return None
    automaton = ahocorasick.Automaton()
    for key, patterns in table.items():
        # Patterns that look alike are judged once per hit: many entities can share a name.
        groups: dict[tuple[Any, ...], list[_Pattern]] = {}
        for pattern in patterns:
            look = (pattern.entity_type, pattern.shapes, pattern.how, pattern.weak, pattern.acronym)
            look += (pattern.article,)
            groups.setdefault(look, []).append(pattern)
        automaton.add_word(key, (len(key), tuple((members[0], tuple(members)) for members in groups.values())))
    automaton.make_automaton()
    return automaton


class Gazetteer:
    """Every known name and alias in one automaton, looked up in time linear in the text."""

    def __init__(self, entries: Iterable[tuple[str, int, str, Sequence[str]]]) -> None:
        rows = list(entries)
        self.size = len(rows)
        # First names of the people the newsroom knows: "Greta Lee" is a person before anyone links her.
        self._first_names = frozenset(row[2].split()[0] for row in rows if row[0] == "person" and " " in row[2])
        self._names = [(row[0], row[2]) for row in rows]
        self._name_typer: NameTyper | None = None
        self._automaton = _compile(rows)
        # Changes since the build (``updated()``): entities whose patterns above are stale, and a small automaton
        # of their current names, so that one edit costs a rebuild of the changes only.
        self._hidden: frozenset[tuple[str, int]] = frozenset()
        self._changes: dict[tuple[str, int], tuple[str, int, str, Sequence[str]]] = {}
        self._overlay: ahocorasick.Automaton | None = None

    def updated(
        self,
        changed: Iterable[tuple[str, int, str, Sequence[str]]] = (),
        deleted: Iterable[tuple[str, int]] = (),
    ) -> Gazetteer:
        """A gazetteer with entities added, renamed or deleted, sharing this one's automaton; the changes so far
        are compiled again, the rest is not. ``changes`` says how many there are (rebuild when they pile up)."""
        changed = list(changed)
        fresh = object.__new__(Gazetteer)
        fresh._automaton = self._automaton
        fresh._first_names = self._first_names | {
            row[2].split()[0] for row in changed if row[0] == "person" and " " in row[2]
        }
        fresh._names = self._names
        fresh._name_typer = self._name_typer
        changes = dict(self._changes)
        gone = set(deleted)
        for key in gone:
            changes.pop(key, None)
        for row in changed:
            changes[(row[0], row[1])] = row
        fresh._changes = changes
        fresh._hidden = self._hidden | gone | set(changes)
        fresh.size = self.size  # entities at the build
        fresh._overlay = _compile(changes.values(), taken=self._automaton.exists if self._automaton else None)
        return fresh

    @property
    def changes(self) -> int:
        return len(self._changes)

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

    def suggest(self, text: str, *, candidates: bool = True) -> Suggestions:
        """Known entities mentioned in ``text`` and, unless ``candidates`` is false, candidates for new ones (the
        slower part: callers that only link known names skip it)."""
        text = text or ""
        folded, starts, ends = normalize(text)
        hits = self._full_name_hits(text, folded, starts, ends)
        hits += _short_form_hits(text, folded, starts, ends, hits)
        matches = _collect_matches(hits, text)
        if not candidates:
            return Suggestions(matches=matches)
        taken = [(h.start, h.end) for h in hits]
        known_types = {(h.start, h.end): h.pattern.entity_type for h in hits}
        found = find_candidates(
            text,
            taken,
            known=self._known_key,
            first_names=self._first_names.__contains__,
            typer=self._typer,
            known_types=known_types,
        )
        return Suggestions(matches=matches, candidates=found)

    def _typer(self) -> NameTyper:
        """The name typer, trained on the gazetteer's names at the first candidate search, not at the build."""
        if self._name_typer is None:
            self._name_typer = NameTyper(self._names)
        return self._name_typer

    def _known_key(self, name: str) -> bool:
        key = name_key(name)
        return any(automaton is not None and automaton.exists(key) for automaton in (self._automaton, self._overlay))

    def _found(self, folded: str) -> list[tuple[int, int, tuple[tuple[_Pattern, tuple[_Pattern, ...]], ...]]]:
        """Every whole-word key in the folded text, leftmost-longest first, with its pattern groups; patterns of
        entities changed since the build come from the overlay."""
        found: dict[tuple[int, int], tuple[tuple[_Pattern, tuple[_Pattern, ...]], ...]] = {}
        length = len(folded)
        for automaton, hidden in ((self._automaton, self._hidden), (self._overlay, frozenset())):
            if automaton is None:
                continue
            for last, (size, groups) in automaton.iter(folded):
                first = last - size + 1
                if first > 0 and _is_word_char(folded[first - 1]):
                    continue
                if last + 1 < length and _is_word_char(folded[last + 1]):
                    continue
                if hidden:
                    groups = tuple(
                        (look, kept)
                        for look, members in groups
                        if (kept := tuple(p for p in members if (p.entity_type, p.entity_id) not in hidden))
                    )
                if groups:
                    found[(first, last + 1)] = found.get((first, last + 1), ()) + groups
        # Leftmost-longest: "Alibaba Pictures" wins over "Alibaba" inside it.
        return sorted(((first, stop, groups) for (first, stop), groups in found.items()), key=lambda i: (i[0], -i[1]))

    def _full_name_hits(self, text: str, folded: str, starts: list[int], ends: list[int]) -> list[_Hit]:
        if not folded:
            return []
        found = self._found(folded)
        hits: list[_Hit] = []
        deferred: list[tuple[int, int, str, tuple[_Pattern, ...]]] = []
        covered_until = -1
        for first, stop, groups in found:
            if first < covered_until:
                continue
            start, end = starts[first], ends[stop - 1]
            core = text[start:end]
            # "The Matrix", "the Matrix trilogy", "Matrix": the article belongs to the name when the name has one.
            article = ""
            if first >= 4 and folded[first - 4 : first] == "the " and (first == 4 or folded[first - 5] == " "):
                article = text[starts[first - 4] : ends[first - 2]]
            accepted: list[_Hit] = []
            for look, patterns in groups:
                article_here = article if look.article else ""
                mention_start = starts[first - 4] if article_here else start
                # The full stop of "Warner Bros." belongs to the mention, though folding drops it.
                mention_end = end + 1 if look.surface.endswith(".") and text[end : end + 1] == "." else end
                confidence = _judge(look, core, article_here, text, mention_start, mention_end)
                if confidence is None:
                    if look.weak and shape(core) in look.shapes:
                        deferred.append((mention_start, mention_end, article_here, patterns))
                    continue
                accepted += [_Hit(mention_start, mention_end, pattern, confidence, pattern.how) for pattern in patterns]
            for hit in accepted:  # entities accepted for one name share it
                hit.shared = len(accepted)
            hits += accepted
            if accepted:
                covered_until = stop
        hits += _weak_hits_from_context(text, hits, deferred)
        return _share_names(_drop_short_names_of_named_studios(hits))


def _drop_short_names_of_named_studios(hits: list[_Hit]) -> list[_Hit]:
    """A one-word short name of a studio, in a text that names a studio beginning with that word in full, is left
    to the short-form pass, which takes the most recent one ("Alibaba" after "Alibaba Pictures" is not Alibaba
    Group)."""
    if not any(hit.how == "short name" for hit in hits):
        return hits
    named = [name_key(h.pattern.name) for h in hits if h.how in ("name", "alias") and h.pattern.entity_type == "studio"]

    def left_to_short_forms(hit: _Hit) -> bool:
        key = name_key(hit.pattern.surface)
        return " " not in key and any(n.startswith(key + " ") for n in named)

    return [hit for hit in hits if hit.how != "short name" or not left_to_short_forms(hit)]


def _share_names(hits: list[_Hit]) -> list[_Hit]:
    """Entities that share a name or alias split its certainty, unless the text names one of them in full
    elsewhere ("Fox" after "20th Century Studios" is the studio, not Fox Corporation). A shared alias ("Fox",
    "Scott") is weaker evidence than a shared full name, so it is divided further."""
    named_in_full = {(h.pattern.entity_type, h.pattern.entity_id) for h in hits if h.how == "name" and h.shared == 1}
    by_span: dict[tuple[int, int], list[_Hit]] = {}
    for hit in hits:
        by_span.setdefault((hit.start, hit.end), []).append(hit)
    kept: list[_Hit] = []
    for group in by_span.values():
        shared = max(hit.shared for hit in group)
        if shared == 1:
            kept += group
            continue
        resolved = [h for h in group if (h.pattern.entity_type, h.pattern.entity_id) in named_in_full]
        if len(resolved) == 1:
            kept += resolved
            continue
        for hit in group:
            hit.confidence /= shared if hit.how == "alias" else shared**0.5
            kept.append(hit)
    return kept


def _weak_hits_from_context(
    text: str, hits: list[_Hit], deferred: list[tuple[int, int, str, tuple[_Pattern, ...]]]
) -> list[_Hit]:
    """Weak names that the first pass could not accept alone: accepted when the text around them names a known
    person or studio in a telling way, when they stand in a list with an accepted title, or when the same name
    was well established earlier."""
    added: list[_Hit] = []
    covered = _coverage(len(text), hits)
    strong: dict[tuple[str, int], int] = {}
    for hit in hits:
        key = (hit.pattern.entity_type, hit.pattern.entity_id)
        strong[key] = min(strong.get(key, hit.start), hit.start)
    pending = [item for item in deferred if not _overlaps(covered, item[0], item[1])]
    progress = True
    while pending and progress:
        progress = False
        for item in list(pending):
            start, end, _, patterns = item
            if _overlaps(covered, start, end):
                pending.remove(item)
                continue
            entity_type = patterns[0].entity_type
            if entity_type not in TITLE_KINDS or not _neighbours_vouch(text, start, end, hits + added):
                continue
            for pattern in patterns:
                added.append(_Hit(start, end, pattern, 0.75, pattern.how, len(patterns)))
                strong.setdefault((pattern.entity_type, pattern.entity_id), start)
            covered[start:end] = b"\x01" * (end - start)
            pending.remove(item)
            progress = True
    # A weak name established earlier by a well-evidenced mention counts again in title case.
    for start, end, _, patterns in pending:
        if _is_date(text, start, end):
            continue
        for pattern in patterns:
            established = strong.get((pattern.entity_type, pattern.entity_id))
            if established is not None and established < start and not _overlaps(covered, start, end):
                added.append(_Hit(start, end, pattern, 0.7, "repeat"))
                covered[start:end] = b"\x01" * (end - start)
    return added


_LIST_GLUE = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|to|&)\s+)$")
_IN_BEFORE = re.compile(r"\s+in\s+$")
_FOR_AFTER = re.compile(r"^['\"”’]?\s*,?\s+(?:for|from|with|at|through|by)\s+")


def _neighbours_vouch(text: str, start: int, end: int, hits: list[_Hit]) -> bool:
    """A title in a list with an accepted title ("Old and Knock at the Cabin"), after a known person and "in"
    ("Dustin Hoffman in Outbreak"), or before "for"/"from" and a known studio ("Aquaman for Warner Bros.")."""
    for hit in hits:
        if hit.pattern.entity_type in TITLE_KINDS:
            between = text[hit.end : start] if hit.end <= start else text[end : hit.start]
            if len(between) <= 8 and _LIST_GLUE.match(between.replace("'", "").replace('"', "")):
                return True
    before = _clause_before(text, start)
    glue = _IN_BEFORE.search(before)
    if glue:
        person_end = start - len(glue.group())
        if any(h.pattern.entity_type == "person" and h.end == person_end for h in hits):
            return True
    after = _FOR_AFTER.match(text[end : end + 20])
    if after:
        studio_start = end + after.end()
        if any(h.pattern.entity_type == "studio" and h.start == studio_start for h in hits):
            return True
    return False


_DATE_WORDS = word_set(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december"
)
_DATE_BEFORE = re.compile(r"\b(?:on|last|next|this|by|until|since|from|every|early|late)\s+$", re.IGNORECASE)
_DATE_AFTER = re.compile(r"^,?\s+(?:\d|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b)")


def _is_date(text: str, start: int, end: int) -> bool:
    """ "on Wednesday", "Wednesday, Nov. 23": a day or month, not the series of that name."""
    if text[start:end].lower() not in _DATE_WORDS:
        return False
    return bool(_DATE_BEFORE.search(text[max(0, start - 12) : start]) or _DATE_AFTER.match(text[end : end + 8]))


def _is_acronym(surface: str) -> bool:
    letters = [c for c in surface if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and " " not in surface.strip()


def _is_weak(entity_type: str, surface: str, key: str) -> bool:
    """One-word titles (films, series) and common words are often plain words; they need context to count."""
    if " " in key:
        return False
    if _is_acronym(surface):
        return False
    return entity_type in TITLE_KINDS or key.strip("'\".") in COMMON_WORDS


def _judge(pattern: _Pattern, core: str, article: str, text: str, start: int, end: int) -> float | None:
    """How sure a hit is, given its case and context; None when it must not count. ``core`` is the name as the
    text writes it, ``article`` the "The"/"the" before it when the name has one."""
    exact = shape(core) in pattern.shapes
    if not exact:
        if not any(c.isupper() for c in core) and any(c.isupper() for c in pattern.surface):
            return None  # lower case never matches a capitalised name: "real" is not "Real"
        if pattern.acronym and not all(c.isupper() for c in core if c.isalpha()):
            return None  # "stx" or "Stx" is not STX
        if not _capitals_kept(core, pattern.surface):
            return None  # "The deal" is not "The Deal", "the director" not "The Director"
    # "The Bear" with its capital article stands alone ("The Grand Prix" does not: "grand" is an everyday word);
    # "the Bear" or "Bear" needs what any weak name needs.
    if pattern.weak and not (exact and article == "The" and name_key(core) not in COMMON_WORDS):
        if not exact:
            return None
        if _is_date(text, start, end):
            return None
        quoted = _is_quoted(text, start, end)
        cued = _has_cue(pattern.entity_type, text, start, end)
        if not (quoted or cued):
            return None
        return 0.9 if quoted and cued else 0.8
    base = {"name": 0.95, "alias": 0.9}.get(pattern.how, 0.85)
    return base if exact else base - 0.1


def _capitals_kept(written: str, known: str) -> bool:
    """Every word capitalised in the known name is capitalised in the text (extra capitals are fine)."""
    written_words, known_words = words_of(written), words_of(known)
    if len(written_words) != len(known_words):
        return True
    return all(w[:1].isupper() or not k[:1].isupper() for w, k in zip(written_words, known_words, strict=True))


def _is_quoted(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end : end + 2]
    return before in OPENING_QUOTES and bool(after) and (after[0] in CLOSING_QUOTES or after[-1:] in CLOSING_QUOTES)


_WORD = re.compile(r"[\w'’-]+")
# Words that may stand between a cue and the name: "the film", "the new Korean film", "the studio's next film".
_CUE_FILLERS = word_set("the a an new its his her their latest next upcoming first second third last original hit")
# What cannot end a sentence: initials ("J. R. R."), and abbreviations that end in a full stop.
_SENTENCE_END = re.compile(
    r"(?<![\s.][A-Z])(?<!\bBros)(?<!\bInc)(?<!\bCorp)(?<!\bCo)(?<!\bJr)(?<!\bSr)(?<!\bMr)(?<!\bMrs)(?<!\bMs)"
    r"(?<!\bDr)(?<!\bSt)(?<!\bvs)(?<!\bNo)(?<!\bVol)[.!?][\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9]|$)|\n"
)


def _clause_before(text: str, start: int, width: int = 80) -> str:
    """The text just before ``start``, back to the start of its sentence: cues do not reach across a full stop
    ("…an action film. The actor") or a line break."""
    window = text[max(0, start - width) : start]
    cut = 0
    for boundary in _SENTENCE_END.finditer(window):
        cut = boundary.end()
    return window[cut:]


_POSSESSIVE_BEFORE = re.compile(r"[A-Z][\w.'’-]*['’]s\s+$")  # "Nolan's Oppenheimer", "FX's Shōgun"
_VERB_BEFORE = re.compile(
    r"\b(?:directed|co-directed|produced|wrote|co-wrote|made|edited|shot|remade|role|part|cameo|starred|starring|"
    r"appeared|appears|stars|star)(?:\s+in)?\s+$"
)
_PRIZE_BEFORE = re.compile(
    r"\b(?:Oscar|Oscars|award|awards|Emmy|Emmys|Globe|BAFTA|prize|nomination|nominations|nominated|"
    r"actor|actress|director|picture)\s+for\s+$"
)
_FILM_AFTER = re.compile(
    r"^['\"”’]?(?:\s+(?:films?|movies?|trilogy|franchise|sequels?|prequel|remake|reboot|saga|series|release)\b"
    r"|,\s+(?:the|a|an|its|his|her|their)\s+(?:[\w'’-]+\s+){0,4}?(?:film|movie|comedy|drama|thriller|"
    r"documentary|series|show|sequel|musical|epic|feature|western|romance|horror|animation|adaptation|tale|"
    r"story|satire|biopic|mystery)s?\b"
    r"|,\s+which\s+(?:won|grossed|ran|opened|premiered|aired|debuted|earned|took|became|follows|starred|stars)\b"
    r"|,?\s+(?:made|produced|released|distributed|directed|written)\s+(?:by|with|for|through)\b"
    r"|,?\s+(?:in\s+|\()(?:19|20)\d\d\b"
    r"|,\s+with\s+[A-Z]"
    r"|,\s+(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w'’-]*['’]s\s)"
)
_STUDIO_BEFORE = re.compile(
    r"\b(?:released|distributed|produced|financed|co-financed|backed|owned|acquired|bought|made)\s+"
    r"(?:by|through|with|for)\s+$"
)
_POSSESSIVE_AFTER = re.compile(r"^['’]s\s+[A-Z\"“‘']")  # "Universal's "Oppenheimer"", "Paramount's Top Gun"


def _has_cue(entity_type: str, text: str, start: int, end: int) -> bool:
    """Context within the sentence that says what a weak name is: a type word before it ("the film", "studio"),
    a telling phrase after it ("will be directed by", "films", ", the 1984 comedy"), a possessive owner
    ("Nolan's"), a verb of making ("directed"), a prize ("Oscar for")."""
    before = _clause_before(text, start)
    words = [w.lower() for w in _WORD.findall(before)][-5:]
    while words and words[-1] in _CUE_FILLERS:
        words.pop()
    if words and words[-1] in TYPE_CUES_BEFORE[entity_type]:
        return True
    after = text[end : end + 60]
    if entity_type == "studio":
        return bool(_STUDIO_BEFORE.search(before) or _POSSESSIVE_AFTER.match(after))
    if entity_type not in TITLE_KINDS:
        return False
    if entity_type == "series" and series_cue(before, after) is not None:
        return True  # "the streamer renewed Wednesday", "Succession's final season"
    if _POSSESSIVE_BEFORE.search(before) or _VERB_BEFORE.search(before) or _PRIZE_BEFORE.search(before):
        return True
    unquoted = after.lstrip(CLOSING_QUOTES)
    return bool(FILM_CUES_AFTER.match(unquoted) or _FILM_AFTER.match(after)) or _in_filmography(text, start, end)


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
        earlier = [item for item in earlier if shape(surface) == shape(item[2])]
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
