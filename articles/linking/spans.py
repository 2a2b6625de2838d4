"""Candidates from ordinary copy: every capitalised name in a sentence, typed by its shape and its neighbours.

Spans never cross a line break or a sentence end; they join over connectors ("of the", "&", "de"); everyday
words that open a sentence ("The", "Meanwhile") are dropped by their frequency in English (wordfreq), as are
lone everyday words anywhere. A span is typed by corporate words, a first name the newsroom already knows or
probablepeople's person/corporation tag, and title cues (quotes, "film", "series", an owner's possessive).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import probablepeople
from wordfreq import zipf_frequency

from .text import FILM_CUES_BEFORE, TYPE_CUES_BEFORE, word_set

# A word of a name: capitalised or a number-led title word ("20th", "3D", "A24"), apostrophes and hyphens inside.
_TOKEN = re.compile(r"[^\W_][\w'’.&+-]*[\w+]|[^\W_]|&")
# Sentence ends: a stop, then a space and a capital or a quote; not after an initial ("J. K.") or "Mr.", "Bros.".
_SENTENCE_END = re.compile(r"(?<![A-Z])(?<!\bMr|\bMs|\bDr|\bSt|\bJr|\bSr)(?<!\bMrs|\bInc|\bLtd)(?<!\bBros|\bCorp)[.!?][\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_CONNECTORS = word_set("of the and & de del della di da von van der le la du y for at in on to a an vs")
# Connectors that may join two names only inside a title or a company name, never two people.
_WEAK_CONNECTORS = word_set("and")
STUDIO_WORDS = word_set(
    "pictures studios studio entertainment films film media group partners productions production television tv "
    "network networks animation releasing distribution inc ltd llc plc corp corporation company co brothers bros "
    "features capital ventures records games channel labs holdings international worldwide+ classics cinema"
)
_PERSON_CUES_AFTER = re.compile(
    r"^(?:'s\s+)?(?:,\s+(?:who|whose|the\s+\w+\s+(?:director|actor|actress|producer|star|writer))|\s+(?:said|says|"
    r"told|added|directed|directs|stars|starred|wrote|produced|plays|played|returns|joins|joined)\b)"
)
_STUDIO_CUES_AFTER = re.compile(r"^(?:'s\s+|’s\s+)?\s*(?:acquired|bought|signed|announced|released|will\s+release|"
                                r"distributes|distributed|owns|said\s+(?:on|in)|shares|stock)\b")
_TITLE_QUOTES = "\"“‘'«"
_EVERYDAY = 4.0  # zipf frequency at which a lone capitalised word is an ordinary word ("Director", "Canada")
_OPENING_EVERYDAY = 3.3  # a sentence's first word: lower, since capitals there say nothing


@dataclass
class Span:
    start: int
    end: int
    name: str
    sentence: tuple[int, int]
    words: list[str]


@functools.lru_cache(maxsize=65_536)
def zipf(word: str) -> float:
    """How common a word is in English, 0 (unknown) to 8 ("the")."""
    return zipf_frequency(word.lower().strip("'’"), "en")


@functools.lru_cache(maxsize=16_384)
def person_or_company(name: str) -> str:
    """probablepeople's reading of a name: "Person", "Corporation" or "Household"; "" if it cannot tell."""
    try:
        return probablepeople.tag(name)[1]
    except probablepeople.RepeatedLabelError:
        return ""


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """Each line's sentences as ``(start, end)``; a line break always ends one."""
    at = 0
    for line in text.split("\n"):
        start = at
        for end in _SENTENCE_END.finditer(line):
            yield start, at + end.start() + 1
            start = at + end.end()
        yield start, at + len(line)
        at += len(line) + 1


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or (word[:1].isdigit() and any(c.isalpha() for c in word))


def _headline(text: str, start: int, end: int) -> bool:
    """A line in title case (a headline): every significant word capitalised, so capitals say nothing."""
    words = [w for w in _TOKEN.findall(text[start:end]) if w.lower() not in _CONNECTORS]
    return len(words) >= 4 and sum(_capitalised(w) for w in words) >= 0.8 * len(words)


def spans(text: str) -> Iterator[Span]:
    """Runs of capitalised words, joined over connectors, within one sentence; possessives end a run."""
    for s_start, s_end in sentences(text):
        if s_end <= s_start or _headline(text, s_start, s_end):
            continue
        tokens = [(m.start() + s_start, m.end() + s_start, m.group()) for m in _TOKEN.finditer(text[s_start:s_end])]
        run: list[tuple[int, int, str]] = []

        def flush() -> Iterator[Span]:
            while run and not _capitalised(run[-1][2]):
                run.pop()
            if run:
                start, end = run[0][0], run[-1][1]
                yield Span(start, end, text[start:end], (s_start, s_end), [w for _, _, w in run])
            run.clear()

        for index, (start, end, word) in enumerate(tokens):
            gap = text[run[-1][1] : start] if run else ""
            joined = not run or gap in (" ", ": ", " – ", " - ")
            possessive = word.endswith(("'s", "’s", "s'", "s’"))
            if possessive:
                cut = end - (2 if word.endswith(("'s", "’s")) else 1)
                word, end = text[start:cut], cut
            if _capitalised(word) and joined:
                if run and not _capitalised(run[-1][2]) and run[-1][2].lower() in _WEAK_CONNECTORS:
                    yield from flush()  # "Wan and Whannell": two names
                run.append((start, end, word))
            elif run and joined and word.lower() in _CONNECTORS and gap == " " and index + 1 < len(tokens):
                following = tokens[index + 1]
                if text[end : following[0]] == " " and _capitalised(following[2]) and _capitalised(run[-1][2]):
                    run.append((start, end, word))
                else:
                    yield from flush()
            else:
                yield from flush()
                if _capitalised(word):
                    run.append((start, end, word))
            if possessive or text[end : end + 1] in ",;(" :
                yield from flush()
        yield from flush()


def trim_opening(span: Span, text: str) -> Span | None:
    """Drop everyday words that open a sentence ("The director", "Meanwhile Sony") from the span."""
    words = list(span.words)
    start = span.start
    at_opening = text[span.sentence[0] : span.start].strip(" \"“‘(") == ""
    while words and at_opening and zipf(words[0]) >= _OPENING_EVERYDAY and words[0].lower() != "the":
        start = text.index(words[1], start + len(words[0])) if len(words) > 1 else span.end
        words = words[1:]
        while words and not _capitalised(words[0]):
            start = text.index(words[1], start + len(words[0])) if len(words) > 1 else span.end
            words = words[1:]
    if not words:
        return None
    return Span(start, span.end, text[start : span.end], span.sentence, words)


def guess_type(span: Span, text: str, first_names: Callable[[str], bool]) -> tuple[str, float, str] | None:
    """The kind of entity a span names, a confidence and the reason; None if it is likely not a name."""
    words = [w for w in span.words if w.lower() not in ("the",)]
    if not words:
        return None
    before = text[span.sentence[0] : span.start]
    after = text[span.end : span.sentence[1]]
    previous = re.findall(r"[\w-]+", before.lower())[-2:]
    quoted = before.rstrip()[-1:] in _TITLE_QUOTES and after.lstrip()[:1] in "\"”’'»,."
    last = words[-1].lower().rstrip(".")
    if last in STUDIO_WORDS and len(words) > 1:
        return "studio", 0.7, f"name ending in {words[-1]}"
    if quoted:
        return "film", 0.6, "quoted title"
    if previous and (previous[-1] in FILM_CUES_BEFORE or (previous[-1] == "the" and previous[:1][0] in FILM_CUES_BEFORE)):
        return "film", 0.6, f"after “{previous[-1]}”"
    if previous and previous[-1] in TYPE_CUES_BEFORE["studio"]:
        return "studio", 0.55, f"after “{previous[-1]}”"
    lower_inside = any(not _capitalised(w) for w in span.words[1:])
    if len(words) == 1:
        word = words[0]
        if zipf(word) >= _EVERYDAY or len(word) < 3 or word.isdigit():
            return None
        if _STUDIO_CUES_AFTER.match(after) or (after.startswith(("'s", "’s")) and _title_after(after)):
            return "studio", 0.5, "company verb or owner of a title"
        if previous and previous[-1] in TYPE_CUES_BEFORE["person"]:
            return None  # a surname alone is resolved against the full name
        return None
    if not lower_inside and 2 <= len(words) <= 4 and first_names(words[0]):
        return "person", 0.7, f"first name {words[0]}"
    if previous and previous[-1] in TYPE_CUES_BEFORE["person"] and not lower_inside:
        return "person", 0.6, f"after “{previous[-1]}”"
    if lower_inside:
        return "film", 0.45, "title shape"
    tag = person_or_company(" ".join(words))
    if tag == "Person" and len(words) <= 3 and _PERSON_CUES_AFTER.match(after):
        return "person", 0.55, "person's name and verb"
    if tag == "Person" and len(words) <= 3:
        return "person", 0.5, "person's name (probablepeople)"
    if tag == "Corporation":
        return "studio", 0.4, "company name (probablepeople)"
    return None


def _title_after(after: str) -> bool:
    """An owner's possessive before a capitalised word: "Lionsgate's Saw X"."""
    return bool(re.match(r"^['’]s\s+(?:\w+\s+)?[A-Z0-9]", after))
