"""Candidates for new entities: names the gazetteer lacks that look like a studio, person, film or TV series."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from typing import Any

from .results import Candidate, Evidence
from .series import episode_title, series_cue, titled_in_tv_sentence
from .spans import (
    HONORIFICS,
    NOT_ENTITIES,
    STUDIO_WORDS,
    NameTyper,
    Span,
    fold,
    guess_type,
    sentences,
    spans,
    trim_opening,
)
from .text import name_key, word_set

_NAME_WORD = r"[A-Z][\w'’.&-]*"
# Words of a name; an apostrophe only inside one ("Da'Vine", "O'Hara"), never a plural's possessive ("Studios'").
_PERSON_WORD = r"[A-Z][a-zà-ÿ]*(?:['’][A-Za-zà-ÿ]+)*(?:[-‑][A-Za-z][a-zà-ÿ]+)?"
_PERSON_NAME = _PERSON_WORD + r"(?: " + _PERSON_WORD + r"){1,3}"
_PERSON_BEFORE = re.compile(
    r"\b(?P<cue>starring|directed\s+by|produced\s+by|written\s+by|co-starring|"
    r"(?:director|producer|actor|actress|superstar|star|writer|screenwriter|filmmaker|attorney|agent|founder|"
    r"chairman|CEO)(?=\s+[A-Z]))\s+(?P<name>" + _PERSON_NAME + ")"
)
_PERSON_TITLE_AFTER = re.compile(
    r"(?P<name>" + _PERSON_NAME + r"),\s+(?:the\s+)?(?P<cue>(?:[A-Z][\w-]*\s+){0,3}?"
    r"(?:CEO|President|Chairman|Chairwoman|Chair|Founder|Co-founder|SVP|EVP|VP|Vice\s+President|Head|"
    r"Chief\s+[A-Z]\w+\s+Officer|Executive|Director|Producer)\s+of)\b"
)
_FILM_CUE = re.compile(
    r"\b(?P<cue>(?:the\s+)?(?:film|movie|documentary|feature|series|sequel))\s+(?P<open>[\"“‘']?)"
    r"(?P<name>[A-Z0-9][\w'’:-]*(?:\s+(?:[A-Z0-9][\w'’:-]*|of|the|a|an|and|in|on|to|for|at)){0,6}?)"
    r"(?=[,.;:!?)”\"’']|\s+(?!(?:of|the|a|an|and|in|on|to|for|at)\s+[A-Z0-9])[a-z]|\s*$)"
)
_QUOTED = re.compile(
    r"(?<!\w)(?P<open>[\"“‘'])(?P<name>[A-Z0-9](?:[^\"“”‘’'\n]|['’](?=\w)){0,80}?)[,.!?]?(?=(?P<close>[\"”’'])(?!\w))"
)
# A series' closing number is a season ("Stranger Things 4"), not part of its name as a sequel's is.
_SEASON_NUMBER = re.compile(r"(?<=\w) \d{1,2}$")
_LEADING_NOISE = word_set("the a an and but today both as when while its his her their this that")
_TITLE_SMALL_WORDS = word_set("of the a an and in on to for at with from by vs or")


def _title_like(name: str) -> bool:
    """Mostly capitalised, short: a title rather than a quoted sentence."""
    words = name.split()
    if not words or len(words) > 8:
        return False
    significant = [w for w in words if w.lower() not in _TITLE_SMALL_WORDS]
    capitalised = [w for w in significant if w[:1].isupper() or w[:1].isdigit()]
    return bool(significant) and len(capitalised) == len(significant)


def _strip_leading_noise(name: str, start: int) -> tuple[str, int]:
    words = name.split(" ")
    while len(words) > 2 and words[0].lower() in _LEADING_NOISE:
        start += len(words[0]) + 1
        words = words[1:]
    return " ".join(words), start


def find_candidates(
    text: str,
    taken: Sequence[tuple[int, int]] = (),
    *,
    known: Any = None,
    first_names: Callable[[str], bool] = lambda word: False,
    typer: Callable[[], NameTyper] | None = None,
    known_types: dict[tuple[int, int], str] | None = None,
) -> list[Candidate]:
    """Names not in the gazetteer that look like studios, people, films or TV series, with the evidence for each:
    first from cue patterns, then every other capitalised name in the copy (``spans``), then the untyped names
    listed with a film or a person (``known_types``: the kind of each known name's mention, by offsets). A title
    is a film unless television's words around it make it a series (``series``)."""
    found: dict[tuple[str, str], Candidate] = {}
    bounds = list(sentences(text))
    sentence_starts = [start for start, _ in bounds]

    def add(
        entity_type: str,
        name: str,
        start: int,
        rule: str,
        ev_start: int,
        ev_end: int,
        confidence: float,
        *,
        around_known: bool = False,
    ):
        name = name.strip().rstrip(".,;:")
        end = start + len(name)
        for t_start, t_end in taken:
            # A name around a known shorter one ("HBO" in "HBO Max", "Dune" in "Dune: Part Two") is another name.
            inside = around_known and start <= t_start and t_end <= end and (start, end) != (t_start, t_end)
            if start < t_end and t_start < end and not inside:
                return
        if len(name) < 2:
            return
        if known is not None and known(name):
            return
        if entity_type == "film":
            s_start, s_end = bounds[max(0, bisect.bisect_right(sentence_starts, start) - 1)]
            before, after = text[s_start:start], text[end:s_end]
            if episode_title(before):
                return
            series = series_cue(before, after) or titled_in_tv_sentence(before, after)
            if series is not None:
                entity_type, rule = "series", series
        if entity_type == "series" and _SEASON_NUMBER.search(name):
            name = _SEASON_NUMBER.sub("", name)  # "Stranger Things 4" is its fourth season
            end = start + len(name)
        key = (entity_type, name_key(name))
        candidate = found.get(key)
        if candidate is None:
            candidate = found[key] = Candidate(entity_type, name, 0.0)
        candidate.evidence.append(Evidence(rule, ev_start, ev_end, text[ev_start:ev_end]))
        if (start, end) not in candidate.offsets:
            candidate.offsets.append((start, end))
        # Independent pieces of evidence add up: 1 - Π(1 - c).
        candidate.confidence = min(0.95, 1 - (1 - candidate.confidence) * (1 - confidence))

    for m in _PERSON_BEFORE.finditer(text):
        cue = re.sub(r"\s+", " ", m.group("cue").lower())
        kind = (
            "studio" if m.group("name").split()[-1].lower() in STUDIO_WORDS else "person"
        )  # "produced by Lionsgate Films"
        add(kind, m.group("name"), m.start("name"), f"{cue} …", m.start(), m.end(), 0.6)
    for m in _PERSON_TITLE_AFTER.finditer(text):
        cue = re.sub(r"\s+", " ", m.group("cue"))
        add("person", m.group("name"), m.start("name"), f"…, {cue}", m.start(), m.end(), 0.7)
    for m in _FILM_CUE.finditer(text):
        name = m.group("name")
        if not _title_like(name) or m.group("open"):
            continue  # a quoted title is the quotes' rule's, whole
        add("film", name, m.start("name"), f"{re.sub(r'\s+', ' ', m.group('cue').lower())} …", m.start(), m.end(), 0.6)
    for m in _QUOTED.finditer(text):
        name = m.group("name").strip()
        if not _title_like(name):
            continue
        if m.group("open") in "'‘" and m.group("close") not in "'’":
            continue
        add("film", name, m.start("name"), "quoted title", m.start(), m.end() + 1, 0.45)
    proposed = [pair for candidate in found.values() for pair in candidate.offsets]
    found_spans = [t for t in (trim_opening(span, text, first_names) for span in spans(text)) if t is not None]
    # A lone word that is part of a longer name in the text ("Nolan", "Sony") is that name again, not a new one.
    names_seen = {fold(w) for t in found_spans if len(t.words) > 1 for w in (t.words[0], t.words[-1])}
    names_seen |= {fold(w) for start, end in taken for w in text[start:end].split()}
    name_typer = typer() if typer is not None else NameTyper(())
    guessed: list[tuple[Span, tuple[str, float, str] | None]] = []
    for trimmed in found_spans:
        if any(trimmed.start < end and start < trimmed.end for start, end in proposed):
            continue
        if episode_title(text[trimmed.sentence[0] : trimmed.start]):
            continue  # an episode's title: the finale, "With Open Eyes"
        guessed.append((trimmed, guess_type(trimmed, text, name_typer, first_names, names_seen)))
    cued = {pair: c.entity_type for c in found.values() for pair in c.offsets}
    guessed = _listed(text, guessed, {**cued, **(known_types or {})})
    for trimmed, guess in guessed:
        if guess is None:
            continue
        entity_type, confidence, rule = guess
        around_known = len(trimmed.words) > 1
        add(entity_type, trimmed.name, trimmed.start, rule, *trimmed.sentence, confidence, around_known=around_known)
    return sorted(_series_over_films(found).values(), key=lambda c: (-c.confidence, c.offsets[0][0]))


def _series_over_films(found: dict[tuple[str, str], Candidate]) -> dict[tuple[str, str], Candidate]:
    """A title the text calls a series in one place and merely a title in another is one series."""
    for (entity_type, key), candidate in list(found.items()):
        series = found.get(("series", key))
        if entity_type != "film" or series is None:
            continue
        series.evidence += candidate.evidence
        series.offsets += [pair for pair in candidate.offsets if pair not in series.offsets]
        series.confidence = min(0.95, 1 - (1 - series.confidence) * (1 - candidate.confidence))
        del found[(entity_type, key)]
    return found


# What joins the items of a list: "A, B and C", "A and B", "from A to B" (films only).
_LIST_JOIN = re.compile(r"^(?:,\s+(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)$")
_RANGE_JOIN = re.compile(r"^\s+to\s+(?:the\s+)?$")
# Guesses a list may overrule: a name's shape alone says little.
_WEAK_RULES = ("name shape", "surname shape", "unknown word", "title shape")
_LIST_NOT_NAMES = word_set("u.s u.k canada china europe asia america")


def _listed(
    text: str,
    guessed: list[tuple[Span, tuple[str, float, str] | None]],
    known_types: dict[tuple[int, int], str],
) -> list[tuple[Span, tuple[str, float, str] | None]]:
    """Names in one list are of one kind: "Paranormal Activity, The Purge, Get Out and Split" after a known or
        well-typed film, "Rhett Reese, Paul Wernick and Zeb Wells" after a person. An untyped item, or one typed by its
        shape alone, takes the kind of a firmly typed item of its list (a known name or a cue pattern's candidate,
    ``known_types``, by offsets). A list of films and series makes its untyped titles films."""
    items: list[tuple[int, int, str | None, bool, int]] = []  # start, end, kind, firm, index in guessed (-1: known)
    for (start, end), kind in known_types.items():
        items.append((start, end, kind, True, -1))
    for index, (span, guess) in enumerate(guessed):
        if any(start < span.end and span.start < end for start, end in known_types):
            continue  # a known name (or a cue's candidate) already stands there
        firm = guess is not None and not guess[2].startswith(_WEAK_RULES)
        items.append((span.start, span.end, guess[0] if guess else None, firm, index))
    items.sort(key=lambda item: (item[0], item[1]))
    groups: list[list[tuple[int, int, str | None, bool, int]]] = []
    previous = None
    for item in items:
        if previous is not None and previous[1] <= item[0]:
            between = text[previous[1] : item[0]].replace('"', "").replace("”", "").replace("“", "")
            titles = {previous[2], item[2]} & {"film", "series"}
            joined = _LIST_JOIN.match(between) or (_RANGE_JOIN.match(between) and titles)
            if joined and "\n" not in between:
                groups[-1].append(item)
                previous = item
                continue
        groups.append([item])
        previous = item
    result = list(guessed)
    for group in groups:
        # A title-shaped item ("The Conjuring") vouches for a list of three or more.
        # A series vouches only when known: a series guessed from its own sentence says little about a list.
        firm_kinds = {
            kind
            for _, _, kind, firm, index in group
            if firm and (kind in ("film", "person") or (kind == "series" and index < 0))
        }
        if firm_kinds == {"film", "series"}:
            firm_kinds = {"film"}
        weak_films = len(group) >= 3 and any(kind == "film" for _, _, kind, _, _ in group)
        kinds = firm_kinds or ({"film"} if weak_films else set())
        if len(group) < 2 or len(kinds) != 1:
            continue
        if len(group) == 2 and text[group[0][1] : group[1][0]].strip().strip('"“”') == ",":
            continue  # "The Favourite, Yorgos Lanthimos's comedy": two names and a comma are an appositive
        kind = kinds.pop()
        anchor = next(text[start:end] for start, end, k, firm, _ in group if k == kind and (firm or not firm_kinds))
        for _, _, _, firm, index in group:
            if index < 0 or firm:
                continue
            span, guess = result[index]
            if (guess is not None and guess[0] == kind) or not _listable(span, kind):
                continue
            result[index] = (span, (kind, 0.5, f"listed with {anchor}"))
    return result


def _listable(span: Span, kind: str) -> bool:
    """A person in a list is two to four capitalised words; a film any capitalised title but a place."""
    words = span.words[1:] if span.words[0] == "The" and len(span.words) > 1 else span.words
    if {w.lower().rstrip(".") for w in words} & (NOT_ENTITIES | _LIST_NOT_NAMES):
        return False
    if kind == "person":
        return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and words[0] not in HONORIFICS
    return True
