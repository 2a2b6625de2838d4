"""Candidates from ordinary copy: every capitalised name in a sentence, typed by its shape and its neighbours.

Spans never cross a line break or a sentence end, skip title-case lines (headlines) and join over connectors
("of the", "&", "de"); everyday words that open a sentence ("Meanwhile", "Producers") are dropped by their
frequency in English (wordfreq), and so are lone everyday words anywhere. A span is typed by, in turn: corporate
words ("Pictures"), quotes, cue words before it ("the film", "director"), title shape (a colon, "The", small
words), a given name (the newsroom's people or gender-guesser's dictionary), and a naive Bayes typer trained on
the gazetteer's own names (``NameTyper``); probablepeople vouches for a surname-only person. A lone word needs
context (a company's verb, "on Netflix", an owner's possessive) or to be unknown to English ("Zendaya").
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from anyascii import anyascii

if TYPE_CHECKING:
    import gender_guesser.detector

from .series import episode_title, series_cue
from .text import FILM_CUES_BEFORE, TYPE_CUES_BEFORE, word_set

# A word of a name: capitalised or a number-led title word ("20th", "3D", "A24"), apostrophes and hyphens inside.
_TOKEN = re.compile(r"[^\W_][\w'’.&+-]*[\w+]|[^\W_]|&")
# Sentence ends: a stop, then a space and a capital or a quote; not after an initial ("J. K.") or "Mr.", "Bros.".
_SENTENCE_END = re.compile(
    r"(?<![A-Z])(?<!\bMr|\bMs|\bDr|\bSt|\bJr|\bSr)(?<!\bMrs|\bInc|\bLtd)(?<!\bBros|\bCorp)"
    r"[.!?][\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])"
)
_CONNECTORS = word_set("of the a an and & de del della di da von van der le la du y")
# "and" ends a name: "James Wan and Leigh Whannell" are two (titles with "and" are lost, as a rule cannot tell).
_WEAK_CONNECTORS = word_set("and")
STUDIO_WORDS = word_set(
    "pictures studios studio entertainment films film media group partners productions production television tv "
    "network networks animation releasing distribution inc ltd llc plc corp corporation company co brothers bros "
    "features capital ventures records games channel labs holdings international worldwide+ classics cinema"
)
_STUDIO_CUES_AFTER = re.compile(
    r"^(?:'s\s+|’s\s+)?\s*(?:acquired|bought|signed|announced|released|will\s+release|"
    r"distributes|distributed|owns|said\s+(?:on|in)|shares|stock)\b"
)
# ", the streamer": an appositive naming what the word before it is.
_COMPANY_APPOSITIVE = re.compile(
    r"^\s*,\s+(?:the|a|an)\s+(?:\w+\s+)?(?:streamer|streaming\s+service|studio|network|broadcaster|distributor|"
    r"platform|company|mini-major|exhibitor|label|banner|production\s+company)\b"
)
# "starred in Barbie", "appears in Joker": a lone title after an actor's verb and "in".
_ACTING_VERBS = word_set("starred stars starring star appeared appears appearing cameo role roles")
# "the next Barbie follow-up", "a Titanic remake": a lone title before what is made of it.
_FILM_NOUNS_AFTER = re.compile(
    r"^\s*(?:sequel|sequels|follow-up|follow-ups|remake|prequel|spin-off|spinoff|franchise|reboot|trilogy)\b"
)
# ", the year's top grosser", ", a remake", ", Daniel Craig's last outing", ", Yorgos Lanthimos's period comedy": an
# appositive saying that the name before it is a film or a show.
_WORK_NOUNS = (
    r"(?:film|movie|comedy|drama|thriller|documentary|series|show|sequel|prequel|remake|reboot|musical|epic|feature|"
    r"western|romance|horror|adaptation|biopic|satire|grosser|blockbuster|outing|spin-off|spinoff|miniseries|"
    r"sitcom|franchise|instalment|installment|entry|chapter)s?\b"
)
# Words the appositive may hold before its noun; not a clause ("who", "whose") nor a person's job ("the German
# director whose submarine drama …" is about a person).
_APPOSITIVE_WORD = (
    r"(?:(?!(?:who|whose|which|that|director|producer|actor|actress|writer|star|executive|filmmaker|creator|"
    r"founder|chief|head|president)\b)[\w'’-]+\s+)"
)
_TITLE_APPOSITIVE = re.compile(
    r"^,\s+(?:(?:the|a|an|its|his|her|their)\s+" + _APPOSITIVE_WORD + r"{0,4}?|"
    r"(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w'’-]*['’]s?\s+" + _APPOSITIVE_WORD + r"{0,3}?)" + _WORK_NOUNS
)
_BROTHERS = word_set("bros brothers")
_TITLE_SMALL = word_set("of the a an and in on to for at with from by vs or as")
_NAME_PARTICLES = word_set("de del della di da von van der le la du y")
_DECADE = re.compile(r"^\d+s$")
# A number that ends a title ("Inside Out 2", "Apollo 13", "M3GAN 2.0"); not a year, which dates what precedes it.
_SEQUEL_NUMBER = re.compile(r"^(?!(?:1[89]|20)\d\d$)\d{1,3}(?:\.\d)?$")
_SEQUEL_MARK = re.compile(r"^(?:II|III|IV|V|VI|VII|VIII|IX|X|XI|XII|3D)$")
_INITIALS = re.compile(r"^(?:[A-Z]\.)*[A-Z]$")
_TITLE_QUOTES = "\"“‘'«"
# Zipf frequencies (wordfreq; "the" is 7.7): a lone capitalised word this common is an ordinary word ("Director",
# "Canada"), and so is a sentence's first word unless it is a given name ("Emma" 4.2, but not "Robert" 4.9 alone).
_EVERYDAY = 4.0
_GIVEN_NAME_AT_MOST = 5.4  # gender-guesser knows "Free" and "Will": names that common are words first
_RARE = 3.0  # a lone word English hardly knows is a name of some kind ("Zendaya", "Syncopy")
_BRAND = 4.6  # a lone word this common may still be a company with a company's verbs ("Netflix", "Amazon")


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
    from wordfreq import zipf_frequency  # its import takes ~0.1 s: only processes that look for new names pay it

    return zipf_frequency(word.lower().strip("'’"), "en")


@functools.lru_cache(maxsize=16_384)
def person_or_company(name: str) -> str:
    """probablepeople's reading of a name: "Person", "Corporation" or "Household"; "" if it cannot tell."""
    import probablepeople  # loads its model (~0.07 s) on first use, not at start-up

    try:
        return probablepeople.tag(name)[1]
    except probablepeople.RepeatedLabelError:
        return ""


@functools.cache
def _first_name_detector() -> gender_guesser.detector.Detector:
    import gender_guesser.detector

    return gender_guesser.detector.Detector(case_sensitive=False)


@functools.lru_cache(maxsize=16_384)
def is_first_name(word: str) -> bool:
    """A given name in gender-guesser's dictionary of about 40,000 first names from many countries."""
    return _first_name_detector().get_gender(word) != "unknown"


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


def fold(word: str) -> str:
    """A word compared without case or accents ("Hüller" and "Huller")."""
    return anyascii(word).lower()


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or (word[:1].isdigit() and any(c.isalpha() for c in word))


def _headline(text: str, start: int, end: int) -> bool:
    """A line in title case without a closing stop (a headline): capitals there say nothing."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
    if not line or line[-1] in '.!?"”’:;,)' or _SENTENCE_END.search(line):
        return False
    words = [w for w in _TOKEN.findall(line) if w.lower() not in _TITLE_SMALL and not w[0].isdigit()]
    return len(words) >= 3 and sum(_capitalised(w) for w in words) >= 0.75 * len(words)


def spans(text: str) -> Iterator[Span]:
    """Runs of capitalised words, joined over connectors, within one sentence; possessives end a run."""
    for start, end in sentences(text):
        if end > start and not _headline(text, start, end):
            yield from _joined_titles(text, list(_sentence_spans(text, (start, end))))


_TITLE_GLUE = re.compile(r"^ (?:to|at|in) $")


def _joined_titles(text: str, found: list[Span]) -> list[Span]:
    """Runs split by a small word that a title may hold ("No Time" to "Die") are one title when an appositive
    after the last names it a film or show ("No Time to Die, Daniel Craig's last outing")."""
    merged: list[Span] = []
    for span in found:
        chain = [span]
        while merged and _TITLE_GLUE.match(text[merged[-1].end : chain[0].start]):
            chain.insert(0, merged.pop())
        company = span.words[-1].lower() in STUDIO_WORDS
        if len(chain) > 1 and not company and _TITLE_APPOSITIVE.match(text[span.end : span.sentence[1]]):
            first = chain[0]
            words = [w for part in chain for w in part.words]
            merged.append(Span(first.start, span.end, text[first.start : span.end], span.sentence, words))
        else:
            merged += chain
    return merged


def _sentence_spans(text: str, sentence: tuple[int, int]) -> Iterator[Span]:
    s_start, s_end = sentence
    tokens = [(m.start() + s_start, m.end() + s_start, m.group()) for m in _TOKEN.finditer(text[s_start:s_end])]
    run: list[tuple[int, int, str]] = []
    title_possessive = False

    def flush() -> Iterator[Span]:
        while run and not (_capitalised(run[-1][2]) or (len(run) > 1 and _SEQUEL_NUMBER.match(run[-1][2]))):
            run.pop()
        if run:
            start, end = run[0][0], run[-1][1]
            yield Span(start, end, text[start:end], sentence, [w for _, _, w in run])
        run.clear()

    for index, (start, end, word) in enumerate(tokens):
        gap = text[run[-1][1] : start] if run else ""
        initial = bool(run) and (bool(_INITIALS.match(run[-1][2])) or run[-1][2] in ("Bros", "St"))
        joined = not run or gap in (" ", ": ", " – ", " - ") or (initial and gap in (". ", "."))
        # "Marvel Studios' Kevin Feige": the apostrophe after a plural is not part of the token.
        plural_possessive = (
            word.endswith("s") and text[end : end + 1] in ("'", "’") and not text[end + 1 : end + 2].isalnum()
        )
        possessive = word.endswith(("'s", "’s", "s'", "s’")) or plural_possessive
        if title_possessive and gap in ("'s ", "’s "):
            joined = True
        if possessive and not plural_possessive:
            end -= 2 if word.endswith(("'s", "’s")) else 1
            word = text[start:end]
        if run and gap == " " and _SEQUEL_NUMBER.match(word) and _capitalised(run[-1][2]):
            run.append((start, end, word))  # "Inside Out 2", "Apollo 13", "M3GAN 2.0"
        elif _capitalised(word) and joined:
            if run and run[-1][2].lower() in _WEAK_CONNECTORS:
                yield from flush()  # "Wan and Whannell": two names
            run.append((start, end, word))
        elif run and gap == " " and word.lower() in _CONNECTORS and index + 1 < len(tokens):
            following = tokens[index + 1]
            if following[2].lower() in ("the", "a", "an") and index + 2 < len(tokens):  # "of the", "of a"
                following = tokens[index + 2] if text[following[1] : tokens[index + 2][0]] == " " else following
            if text[end : end + 1] == " " and _capitalised(following[2]):
                run.append((start, end, word))
            else:
                yield from flush()
        else:
            yield from flush()
            if _capitalised(word):
                run.append((start, end, word))
        # "The Handmaid's Tale", "The Magician's Nephew": a possessive inside a title that opens with "The".
        title_possessive = possessive and len(run) == 2 and run[0][2] == "The" and _title_goes_on(tokens, index, text)
        if (possessive and not title_possessive) or text[end : end + 1] in ",;(":
            yield from flush()
    yield from flush()


def _title_goes_on(tokens: list[tuple[int, int, str]], index: int, text: str) -> bool:
    """The word after a possessive is capitalised and ends the name ("The Handmaid's Tale," not "The Studio's
    Head of Film")."""
    if index + 1 >= len(tokens):
        return False
    start, end, word = tokens[index + 1]
    if text[tokens[index][1] : start] != " " or not _capitalised(word):
        return False
    return index + 2 >= len(tokens) or not _capitalised(tokens[index + 2][2]) or text[end : end + 1] != " "


def trim_opening(span: Span, text: str, first_names: Callable[[str], bool]) -> Span | None:
    """Drop everyday words that open a sentence ("The director", "Meanwhile Sony") from the span."""
    words = list(span.words)
    start = span.start
    after = text[span.end : span.sentence[1]]
    if _TITLE_APPOSITIVE.match(after) or series_cue("", after):
        return span  # "No Time to Die, Daniel Craig's last outing, …", "Slow Horses season two": a title
    at_opening = text[span.sentence[0] : span.start].strip(' "“‘(') == ""
    at_opening = at_opening and span.words[-1].lower() not in STUDIO_WORDS
    while (
        words
        and at_opening
        and zipf(words[0]) >= _EVERYDAY
        and words[0].lower() != "the"
        and not (len(words) > 1 and _given_name(words[0], span, first_names))
    ):
        start = text.index(words[1], start + len(words[0])) if len(words) > 1 else span.end
        words = words[1:]
        while words and not _capitalised(words[0]):
            start = text.index(words[1], start + len(words[0])) if len(words) > 1 else span.end
            words = words[1:]
    if not words:
        return None
    return Span(start, span.end, text[start : span.end], span.sentence, words)


class NameTyper:
    """Naive Bayes over the words of the newsroom's own entity names: "Murphy" has been a person, "Pictures" a
    studio, "Island" a film. Each word counts by position (first, last, any) and by how common it is in English
    (titles are made of everyday words, people's names of rare ones); priors are even, so a gazetteer heavy in one
    kind does not tip the scales."""

    KINDS = ("studio", "person", "film")
    SAMPLE = 5_000  # names per kind whose word frequencies are read: enough to learn the shape, cheap to build

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        counts: dict[str, Counter[str]] = {kind: Counter() for kind in self.KINDS}
        totals: Counter[str] = Counter()
        sampled: Counter[str] = Counter()
        for kind, name in names:
            if kind not in counts:
                continue
            words = _TOKEN.findall(name)
            if not words:
                continue
            with_frequency = sampled[kind] < self.SAMPLE
            sampled[kind] += with_frequency
            for feature in features(words, with_frequency=with_frequency):
                counts[kind][feature] += 1
                totals[kind] += 1
        self._log: dict[str, dict[str, float]] = {}
        self._unseen: dict[str, float] = {}
        vocabulary = set().union(*(c.keys() for c in counts.values()))
        size = len(vocabulary) + 1
        for kind in self.KINDS:
            denominator = math.log(totals[kind] + size)
            self._log[kind] = {f: math.log(n + 1) - denominator for f, n in counts[kind].items()}
            self._unseen[kind] = -denominator
        self._vocabulary = frozenset(vocabulary)

    def classify(self, words: list[str]) -> tuple[str, float]:
        """The likeliest kind for a name and its posterior probability."""
        seen = [f for f in features(words) if f in self._vocabulary]
        scores = {k: sum(self._log[k].get(f, self._unseen[k]) for f in seen) for k in self.KINDS}
        best = max(scores, key=scores.__getitem__)
        top = scores[best]
        total = sum(math.exp(v - top) for v in scores.values())
        return best, 1 / total


def features(words: list[str], *, with_frequency: bool = True) -> list[str]:
    """What the typer reads in a name: its words by position, their commonness, its shape."""
    lowered = [w.lower().rstrip(".") for w in words]
    out = [f"n:{min(len(words), 4)}", f"first:{lowered[0]}", f"last:{lowered[-1]}"]
    out += [f"word:{w}" for w in lowered]
    for word in words:
        if not _capitalised(word):
            out.append("shape:connector")
        elif word.isupper() and len(word) > 1:
            out.append("shape:caps")
        elif any(c.isdigit() for c in word):
            out.append("shape:digit")
        elif with_frequency:
            out.append(f"zipf:{min(int(zipf(word)), 6)}")
    if any(w.endswith(":") for w in words):
        out.append("shape:colon")
    return out


def _given_name(word: str, span: Span, first_names: Callable[[str], bool]) -> bool:
    """A first name the newsroom or gender-guesser knows, or an initial ("M. Night")."""
    if _INITIALS.match(word):
        return span.name.startswith(word + ".")
    return first_names(word) or (is_first_name(word) and zipf(word) < _GIVEN_NAME_AT_MOST)


def guess_type(
    span: Span, text: str, typer: NameTyper, first_names: Callable[[str], bool], names_seen: set[str]
) -> tuple[str, float, str] | None:
    """The kind of entity a span names, a confidence and the reason; None if it is likely not a name."""
    whole = list(span.words)
    words = whole[1:] if whole[0].lower() == "the" and len(whole) > 1 else whole
    if _DECADE.match(words[0]) or (len(words) == 1 and _INITIALS.match(words[0])):
        return None
    lowered = {w.lower() for w in words}
    before = text[span.sentence[0] : span.start]
    after = text[span.end : span.sentence[1]]
    honorific = words[0] in HONORIFICS and not (whole[0] == "The" and len(words) > 1)  # not "The Lord of the Rings"
    if honorific or lowered & _EVENTS or episode_title(before):
        return None
    # A day or month is a name only when television's words say so ("the streamer renewed Wednesday").
    series = series_cue(before, after)
    if lowered & _CALENDAR and series is None:
        return None
    previous = re.findall(r"[\w-]+", before.lower())[-2:]
    last = words[-1].lower().rstrip(".")
    if last in STUDIO_WORDS and len(words) > 1:
        return "studio", 0.7, f"name ending in {words[-1]}"
    if len(words) > 2 and {w.lower().rstrip(".") for w in words[1:-1]} & _BROTHERS:
        return "studio", 0.65, "a brothers' company"  # "Warner Bros. Discovery"
    if previous and previous[-1] in ("as", "playing", "plays", "played"):
        return None  # a character
    if series is not None:
        return "series", 0.6, series
    closing = after[:1] in "\"”’'»" or (after[:1] in ",.!?" and after[1:2] in "\"”’'»")
    quoted = before[-1:] != "" and before[-1:] in _TITLE_QUOTES and closing
    if quoted:
        return "film", 0.6, "quoted title"
    if _TITLE_APPOSITIVE.match(after):
        return "film", 0.6, "named as a film or show"
    film_cue = previous and (
        previous[-1] in FILM_CUES_BEFORE or (previous[-1] == "the" and previous[0] in FILM_CUES_BEFORE)
    )
    if len(words) == 1 and len(whole) == 2 and before.strip():
        return "film", 0.4, "title shape"  # "The Bear" inside a sentence; "The director" opening one is trimmed
    if len(words) == 1:
        return _single_word(words[0], typer, before, after, previous, bool(film_cue), names_seen)
    if film_cue:
        return "film", 0.6, f"after “{previous[-1]}”"
    owner = re.search(r"['’]s?\s*$", before) is not None  # "Marvel Studios' Kevin Feige": studios owns, not cues
    if previous and previous[-1] in TYPE_CUES_BEFORE["studio"] and not owner:
        return "studio", 0.55, f"after “{previous[-1]}”"
    if previous and previous[-1] in TYPE_CUES_BEFORE["person"] and all(_capitalised(w) for w in words):
        return "person", 0.6, f"after “{previous[-1]}”"
    particles = {w for w in words if not _capitalised(w)}
    # The colon is not part of a word: "Avengers: Endgame" reads ["Avengers", "Endgame"].
    if ":" in span.name or whole[0] == "The" or particles - _NAME_PARTICLES:
        return "film", 0.5, "title shape"
    if 2 <= len(words) <= 4 and _given_name(words[0], span, first_names):
        return "person", 0.7, f"first name {words[0]}"  # before the sequel mark: "Henry VIII", "Malcolm X"
    if _SEQUEL_MARK.match(words[-1]):
        return "film", 0.5, f"sequel mark {words[-1]}"  # "Saw VI", "Saw 3D", "Creed III"
    kind, probability = typer.classify(whole)
    if kind == "person":
        if not (person_or_company(" ".join(words)) == "Person" and zipf(words[-1]) < 3.5 and len(words) <= 3):
            return None  # no first name, no surname shape: a place, a character, a phrase
        return "person", 0.45, "surname shape"
    return kind, round(0.3 + 0.4 * probability, 2), f"name shape ({kind}, {probability:.2f})"


def _single_word(
    word: str,
    typer: NameTyper,
    before: str,
    after: str,
    previous: list[str],
    film_cue: bool,
    names_seen: set[str],
) -> tuple[str, float, str] | None:
    """A lone word is a name only with context (a title cue, a company's verb, a streamer after "on") or when
    English does not know it ("Zendaya", "Syncopy")."""
    if fold(word) in names_seen or len(word) < 2 or word.isdigit() or word.lower() in ACRONYMS_NOT_ENTITIES:
        return None  # a surname or short form of a name the text gives in full
    if word.isupper() and len(word) > 5:
        return None  # a dateline
    frequency = zipf(word)
    if film_cue and frequency < _EVERYDAY:
        return "film", 0.55, f"after “{previous[-1]}”"
    if frequency < _BRAND and _COMPANY_APPOSITIVE.match(after):
        return "studio", 0.55, "named as a company"
    if frequency < _EVERYDAY and len(previous) >= 2 and previous[-1] == "in" and previous[-2] in _ACTING_VERBS:
        return "film", 0.5, f"after “{previous[-2]} in”"
    if frequency < _EVERYDAY and _FILM_NOUNS_AFTER.match(after):
        return "film", 0.5, "before what is made of it"
    if frequency < _BRAND and _STUDIO_CUES_AFTER.match(after):
        return "studio", 0.5, "company verb"
    streamer = previous and previous[-1] in ("on", "from", "by", "with", "at")
    if frequency < _BRAND and streamer and re.match(r"^\s*(?:[,.;)]|and\b|$)", after):
        return "studio", 0.45, f"after “{previous[-1]}”"
    if frequency < _BRAND and _title_after(after):
        return "studio", 0.45, "owner of a title"
    if frequency >= _EVERYDAY:
        return None
    if (word.isupper() or any(c.isdigit() for c in word)) and len(word) <= 5:
        return "studio", 0.5, "company initials"
    if _title_after(after):
        return "studio", 0.45, "owner of a title"
    if re.search(r"['’]s\s*$", before):
        return "film", 0.45, "owner's title"
    if frequency < _RARE and re.search(r"[a-z][A-Z]|-[A-Z]|[A-Z]{2}[a-z]", word):  # "TikTok", "NBCUniversal"
        return "studio", 0.4, "company-shaped word"
    if frequency < _RARE:
        kind, probability = typer.classify([word])
        return kind, round(0.2 + 0.3 * probability, 2), f"unknown word ({kind}, {probability:.2f})"
    return None


_EVENTS = word_set("awards award festival prize prix academy court commission day oscars oscar emmys emmy globes bafta")
_CALENDAR = word_set(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december jan feb mar apr jun jul aug sep sept oct nov dec"
)
NOT_ENTITIES = _EVENTS | _CALENDAR
HONORIFICS = word_set("Lady Lord King Queen Prince Princess Commissioner Detective Agent Captain Sir Dame Mr Mrs Ms Dr")
ACRONYMS_NOT_ENTITIES = word_set("ceo cfo coo cco svp evp vp tv us uk eu usa un ai pg r")


def _title_after(after: str) -> bool:
    """An owner's possessive before a capitalised word: "Lionsgate's Saw X"."""
    return bool(re.match(r"^['’]s\s+(?:\w+\s+)?[A-Z0-9]", after))
