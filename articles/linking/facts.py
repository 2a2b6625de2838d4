"""Facts a story states about the entities it names (issue #17 item 3): credits ("directed by X"), a company's
part in a film ("X will distribute it in China") and affiliations ("Zhang Wei, President of Alibaba Pictures").

Precision first: a fact is proposed only when one sentence states it in a pattern below, between mentions the
matcher found; anything vaguer is left to the editor. Each sentence is rewritten with its mentions as tokens
(``⟦P3⟧`` for the fourth mention, a person), so each pattern reads like the English it stands for.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .results import Match
from .spans import sentences


@dataclass(frozen=True)
class EntityRef:
    """An entity a fact names, as the matcher found it."""

    entity_type: str
    entity_id: int
    name: str

    def as_dict(self) -> dict[str, Any]:
        return {"type": self.entity_type, "id": self.entity_id, "name": self.name}


@dataclass(frozen=True)
class Fact:
    """A relation the text states. ``subject`` is the person (credit, affiliation) or company (company role);
    ``target`` the film (credit, company role) or company (affiliation). ``role`` is a FilmCredit/FilmCompany
    role value, "" for an affiliation (tests/linking/test_facts.py holds every rule to the models' choices);
    ``title`` an affiliation's title as written; ``evidence`` the sentence, ``text[start:end]``."""

    kind: str
    subject: EntityRef
    target: EntityRef
    role: str
    territory: str
    title: str
    confidence: float
    evidence: str
    start: int
    end: int

    @property
    def key(self) -> tuple[Any, ...]:
        """What makes two proposals the same fact."""
        return (
            self.kind,
            self.subject.entity_id,
            self.target.entity_id,
            self.role,
            self.territory.lower(),
            self.title.lower(),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "subject": self.subject.as_dict(),
            "target": self.target.as_dict(),
            "role": self.role,
            "territory": self.territory,
            "title": self.title,
            "confidence": round(self.confidence, 2),
            "evidence": {"text": self.evidence, "start": self.start, "end": self.end},
        }


# Patterns ----------------------------------------------------------------------------------------------------

_OPEN, _CLOSE = "\u27e6", "\u27e7"
_LETTER = {"person": "P", "film": "F", "studio": "S"}


def _token(letter: str) -> str:
    return rf"{_OPEN}{letter}\d+{_CLOSE}"


P, F, S = _token("P"), _token("F"), _token("S")
_TOKEN = re.compile(rf"{_OPEN}([PFS])(\d+){_CLOSE}")
_AND = r"(?:\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+)"
# A list ends where its sentence goes on with a verb: "stars Hüller, and Koji Yakusho won" lists one person.
_LIST_END = (
    r"(?!\s+(?:won|wins|was|were|is|are|has|have|had|took|takes|said|says|will|would|led|joined|made|received|"
    r"earned|got|opened|returns|returned|plays|played)\b)"
)
# Lists are bounded, so that a pasted wall of names costs linear time, not a match from every name to the end.
PEOPLE = rf"{P}(?:{_AND}{P}){{0,15}}{_LIST_END}"  # "A, B and C"
FILMS = rf"{F}(?:{_AND}{F}){{0,15}}{_LIST_END}"
# Between a film and what is said of it: an article, a possessive or a few plain words, never another entity.
_GAP = rf"[^{_OPEN}.;:]{{0,40}}?"
_QUOTE = "[\"'“”‘’]?"
_POSSESSIVE = r"(?:['’]s?)"
# What a film is called in apposition: "Trap, M. Night Shyamalan's thriller", "Roma, Alfonso Cuarón's memoir".
_FILM_NOUN = (
    r"(?:film|movie|feature|drama|comedy|thriller|documentary|musical|epic|western|romance|horror|satire|biopic|"
    r"adaptation|animation|debut|sequel|mystery|fantasy|tale|story|memoir|memory|portrait|series)"
)
_DESCRIBED = rf"(?:[\w'’-]+\s+){{0,5}}?{_FILM_NOUN}"

# Words an affiliation's title is made of; it must hold one of the heads.
_TITLE_HEADS = (
    r"(?:co-?)?(?:president|chairman|chairwoman|chair|founder|ceo|cfo|coo|cco|chief|head|officer|executive|"
    r"director|partner|owner|boss|principal|vice[- ]president|svp|evp|vp)s?"
)
_TITLE_WORD = (
    rf"(?:{_TITLE_HEADS}|senior|executive|global|worldwide|international|creative|content|operating|financial|"
    r"managing|general|deputy|vice|of|and|for|film|films|television|tv|drama|production|productions|programming|"
    r"video|marketing|distribution|streaming|studios?|animation|business|development|acquisitions|comedy|"
    r"originals|series|features|motion|pictures?|group|chief)"
)
TITLE = rf"(?:{_TITLE_WORD}[ -])*{_TITLE_HEADS}(?:\s+of\s+(?:{_TITLE_WORD}\s+)*{_TITLE_WORD})?"
_TITLE_STRIP = re.compile(r"^(?:the|its|his|her|their)\s+|\s+(?:of|at|for|and)$", re.IGNORECASE)

_TERRITORY = (
    r"(?:the\s+)?(?:U\.?S\.?|United\s+States|America|North\s+America|Latin\s+America|Canada|China|Greater\s+China|"
    r"Japan|Korea|South\s+Korea|India|France|Germany|Italy|Spain|Britain|the\s+U\.?K\.?|U\.?K\.?|United\s+Kingdom|"
    r"Australia|Europe|Asia|Russia|Brazil|Mexico|Scandinavia|the\s+Middle\s+East)"
)
TERRITORY = rf"(?:in|across|throughout)\s+(?P<territory>(?:the\s+)?U\.?S\.?\s+and\s+Canada|{_TERRITORY})(?!\w)"
_ADVERB_TERRITORY = {
    "worldwide": "worldwide",
    "globally": "worldwide",
    "internationally": "international",
    "overseas": "international",
    "domestically": "U.S.",
}
# "Chinese distribution rights": the territory a rights deal names by its adjective.
_TERRITORY_ADJECTIVES = {
    "chinese": "China",
    "u.s.": "U.S.",
    "us": "U.S.",
    "american": "U.S.",
    "north american": "North America",
    "domestic": "U.S.",
    "international": "international",
    "worldwide": "worldwide",
    "global": "worldwide",
    "japanese": "Japan",
    "korean": "South Korea",
    "french": "France",
    "british": "U.K.",
    "uk": "U.K.",
    "u.k.": "U.K.",
    "indian": "India",
    "german": "Germany",
}


@dataclass(frozen=True)
class _Rule:
    kind: str
    role: str
    pattern: re.Pattern[str]
    confidence: float
    # Where the film is when the pattern does not name it: the sentence's only film.
    film_in_sentence: bool = False
    # Words just before the match that undo it: "based on J.R.R. Tolkien's The Lord of the Rings".
    unless_after: re.Pattern[str] | None = None


def _rule(
    kind: str, role: str, pattern: str, confidence: float, *, film_in_sentence: bool = False, unless_after: str = ""
) -> _Rule:
    refuse = re.compile(rf"(?:{unless_after})\s*$", re.IGNORECASE) if unless_after else None
    return _Rule(kind, role, re.compile(pattern, re.IGNORECASE), confidence, film_in_sentence, refuse)


_SOURCE = r"\b(?:based\s+on|adapted\s+from|adaptation\s+of|version\s+of|remake\s+of|inspired\s+by|of|from|to|with)"
_DIRECTED = r"(?:co-)?directed"
_DESCRIBED_COMPANY = r"(?:[\w'’-]+\s+){0,4}?(?:company|house|studio|label|outfit|banner|firm|producer|distributor)"
_WILL = r"(?:will\s+|is\s+to\s+|to\s+|is\s+set\s+to\s+|plans\s+to\s+|has\s+|had\s+|also\s+)?"
_WHO = r"(?:\s*,\s*who\s+(?:also\s+|has\s+|had\s+|later\s+)*|\s+)"
RULES: tuple[_Rule, ...] = (
    # Credits with the film in the pattern.
    _rule("credit", "director", rf"(?P<film>{F}){_QUOTE}{_GAP}\b{_DIRECTED}\s+by\s+(?P<people>{PEOPLE})", 0.9),
    _rule(
        "credit",
        "director",
        rf"(?P<people>{PEOPLE}){_WHO}{_WILL}(?:co-)?(?:direct|directs|directed|helm|helms|helmed)\s+{_QUOTE}"
        rf"(?P<films>{FILMS})",
        0.9,
    ),
    # "directed Clint Eastwood in In the Line of Fire": a director and the cast.
    _rule("credit", "director", rf"(?P<people>{P}){_WHO}(?:directed|directs)\s+{P}\s+in\s+(?P<films>{FILMS})", 0.85),
    _rule("credit", "cast", rf"\b(?:directed|directs)\s+(?P<people>{P})\s+in\s+(?P<films>{FILMS})", 0.85),
    _rule("credit", "director", rf"(?P<people>{P}){_POSSESSIVE}\s+{_QUOTE}(?P<film>{F})", 0.8, unless_after=_SOURCE),
    _rule("credit", "director", rf"(?P<film>{F}){_QUOTE},\s+(?P<people>{P}){_POSSESSIVE}\s+{_DESCRIBED}\b", 0.85),
    _rule("credit", "director", rf"(?P<people>{P}),\s+(?:the\s+)?director\s+of\s+(?P<films>{FILMS})", 0.85),
    _rule(
        "credit",
        "writer",
        rf"(?P<film>{F}){_QUOTE}{_GAP}\b(?:written|co-written|scripted)\s+by\s+(?P<people>{PEOPLE})",
        0.9,
    ),
    _rule(
        "credit",
        "writer",
        rf"(?P<people>{PEOPLE}){_WHO}{_WILL}(?:wrote|writes|write|co-wrote|scripted)\s+"
        rf"(?:the\s+(?:script|screenplay)\s+(?:for|of)\s+)?{_QUOTE}(?P<films>{FILMS})",
        0.85,
    ),
    _rule("credit", "producer", rf"(?P<film>{F}){_QUOTE}{_GAP}\bproduced\s+by\s+(?P<people>{PEOPLE})", 0.85),
    _rule(
        "credit",
        "cast",
        rf"(?P<film>{F}){_QUOTE}{_GAP}\b(?:starring|stars|co-stars|starred)\s+(?P<people>{PEOPLE})",
        0.85,
    ),
    _rule("credit", "cast", rf"(?P<film>{F}){_QUOTE},\s+(?:{_DESCRIBED}\s+)?with\s+(?P<people>{PEOPLE})", 0.8),
    _rule(
        "credit",
        "cast",
        rf"(?P<people>{PEOPLE}){_WHO}{_WILL}(?:stars?|starred|co-stars?|co-starred|starring|appears?|appeared)\s+in\s+"
        rf"{_QUOTE}(?P<films>{FILMS})",
        0.85,
    ),
    # "Damon, who had a small part in Interstellar", "Léa Seydoux plays Lady Margot Fenring in Dune".
    _rule(
        "credit",
        "cast",
        rf"(?P<people>{PEOPLE}){_WHO}{_WILL}(?:has|had|have|played|plays|play|took|takes|landed|won|is\s+playing)\s+"
        rf"(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}}?(?:part|role|cameo)\s+in\s+{_QUOTE}(?P<films>{FILMS})",
        0.85,
    ),
    _rule(
        "credit",
        "cast",
        rf"(?P<people>{P})\s+{_WILL}(?:plays|played|play|is\s+playing|portrays|portrayed)\s+[^{_OPEN}.;,]{{1,40}}?\s+in\s+"
        rf"{_QUOTE}(?P<films>{FILMS})",
        0.8,
    ),
    _rule(
        "credit",
        "cast",
        rf"(?P<people>{P})\s+(?:won|wins|took|earned|received)\s+(?:the\s+)?(?:best\s+|supporting\s+|lead\s+)*"
        rf"(?:actor|actress)\s+(?:award\s+|prize\s+|Oscar\s+)?for\s+(?:{S}{_POSSESSIVE}\s+)?{_QUOTE}(?P<film>{F})",
        0.85,
    ),
    _rule(
        "credit",
        "director",
        rf"(?P<people>{P})\s+(?:won|wins|took|earned|received)\s+(?:the\s+)?(?:best\s+)?director\s+"
        rf"(?:award\s+|prize\s+|Oscar\s+)?for\s+(?:{S}{_POSSESSIVE}\s+)?{_QUOTE}(?P<film>{F})",
        0.85,
    ),
    # Credits of the sentence's only film: "Directed by Robert Zemeckis, it reunites …".
    _rule("credit", "director", rf"\b{_DIRECTED}\s+by\s+(?P<people>{PEOPLE})", 0.8, film_in_sentence=True),
    _rule(
        "credit",
        "writer",
        rf"\b(?:written|co-written|scripted)\s+by\s+(?P<people>{PEOPLE})",
        0.8,
        film_in_sentence=True,
    ),
    _rule(
        "credit",
        "executive_producer",
        rf"\bexecutive[- ]produced\s+by\s+(?P<people>{PEOPLE})",
        0.8,
        film_in_sentence=True,
    ),
    _rule("credit", "composer", rf"\b(?:scored|music)\s+by\s+(?P<people>{PEOPLE})", 0.8, film_in_sentence=True),
    _rule(
        "credit",
        "cinematographer",
        rf"\b(?:shot|photographed)\s+by\s+(?P<people>{PEOPLE})",
        0.75,
        film_in_sentence=True,
    ),
    _rule("credit", "cast", rf"\b(?:starring|co-starring)\s+(?P<people>{PEOPLE})", 0.8, film_in_sentence=True),
    _rule(
        "credit",
        "cast",
        rf"\b(?:(?P<lead>{P})\s+(?:leading|heading|leads|heads)\s+)?(?:a|the|its)\s+(?:\w+\s+)?cast\s+"
        rf"(?:that\s+)?(?:includes|including|of)\s+(?P<people>{PEOPLE})",
        0.8,
        film_in_sentence=True,
    ),
    # Company roles.
    _rule(
        "company",
        "distributor",
        rf"(?P<film>{F}){_QUOTE}{_GAP}\b(?:released|distributed)\s+(?:by|through)\s+(?P<studio>{S})",
        0.9,
    ),
    _rule(
        "company",
        "distributor",
        rf"(?P<studio>{S})\s+{_WILL}(?:release|releases|released|distribute|distributes|distributed|is\s+releasing|"
        rf"is\s+distributing)\s+{_QUOTE}(?P<films>{FILMS})",
        0.85,
    ),
    _rule("company", "distributor", rf"(?:the|an?)\s+(?P<studio>{S})\s+release\b", 0.8, film_in_sentence=True),
    _rule("company", "distributor", rf"(?P<film>{F}){_QUOTE},\s+(?:the|an?)\s+(?P<studio>{S})\s+release\b", 0.85),
    _rule("company", "producer", rf"(?P<film>{F}){_QUOTE},\s+(?:the|an?)\s+(?P<studio>{S})\s+production\b", 0.85),
    _rule(
        "company",
        "distributor",
        rf"(?P<film>{F}){_QUOTE},\s+{_DESCRIBED}\s+for\s+(?P<studio>{S})(?!{_POSSESSIVE})",
        0.8,
    ),
    _rule(
        "company",
        "distributor",
        rf"(?P<studio>{S})\s+{_WILL}(?:distribute|distributes|distributed|release|releases|released)\s+"
        rf"(?:it|the\s+(?:film|movie|picture))?\s*(?={TERRITORY})",
        0.8,
        film_in_sentence=True,
    ),
    _rule(
        "company",
        "distributor",
        rf"(?P<studio>{S})\s+{_WILL}(?:distribute|distributes|distributed|release|releases|released)\s+"
        rf"(?:it|the\s+(?:film|movie|picture))\b",
        0.8,
        film_in_sentence=True,
    ),
    _rule(
        "company",
        "distributor",
        rf"(?P<studio>{S})\s+{_WILL}(?:taken|take|takes|acquired|acquires|bought|buys|picked\s+up|secured|won|landed)\s+"
        rf"(?:the\s+)?(?:sole\s+|exclusive\s+)?(?P<adjective>[\w.]+(?:\s+American)?\s+)?(?:distribution|release)\s+"
        rf"rights\s+(?:to|for|of)\s+{_QUOTE}(?P<film>{F})",
        0.85,
    ),
    _rule("company", "producer", rf"(?P<film>{F}){_QUOTE}{_GAP}\bproduced\s+by\s+(?P<studio>{S})", 0.85),
    _rule("company", "producer", rf"(?:the|an?)\s+(?P<studio>{S})\s+production\b", 0.8, film_in_sentence=True),
    _rule(
        "company", "producer", rf"(?P<studio>{S})\s+(?:has\s+|also\s+)?(?:produced|produces)\s+(?P<films>{FILMS})", 0.8
    ),
    _rule("company", "co_producer", rf"(?P<film>{F}){_QUOTE}{_GAP}\bco-produced\s+by\s+(?P<studio>{S})", 0.85),
    _rule("company", "financier", rf"(?P<film>{F}){_QUOTE}{_GAP}\bfinanced\s+by\s+(?P<studio>{S})", 0.85),
    _rule(
        "company",
        "co_financier",
        rf"(?P<studio>{S})\s+(?:[^{_OPEN}.;]{{0,20}}?\s)?co-financed\s+(?:[^{_OPEN}.;]{{0,40}}?)(?P<films>{FILMS})",
        0.8,
    ),
    # Affiliations.
    _rule(
        "affiliation",
        "",
        rf"(?P<people>{PEOPLE}),\s+(?:the\s+|a\s+|its\s+)?(?P<title>{TITLE})\s+(?:of|at)\s+(?P<studio>{S})",
        0.9,
    ),
    _rule("affiliation", "", rf"(?P<person>{P}),\s+(?P<studio>{S}){_POSSESSIVE}\s+(?P<title>{TITLE})\b", 0.9),
    _rule("affiliation", "", rf"(?P<studio>{S})(?:{_POSSESSIVE})?\s+(?P<title>{TITLE})\s+(?P<person>{P})", 0.85),
    _rule("affiliation", "", rf"(?P<person>{P})\s*,?\s+who\s+(?P<title>co-founded|founded)\s+(?P<studio>{S})", 0.85),
    _rule("affiliation", "", rf"(?P<studio>{S}),?\s+(?P<title>co-founded|founded)\s+by\s+(?P<people>{PEOPLE})", 0.85),
    _rule(
        "affiliation",
        "",
        rf"(?P<studio>{S}),\s+(?:the|a)\s+{_DESCRIBED_COMPANY}\s+(?P<title>co-founded|founded)\s+by\s+(?P<people>{PEOPLE})",
        0.85,
    ),
)


# Extraction --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    ref: EntityRef


# "the Matrix trilogy", "the fourth Matrix film", "the Annabelle films": a franchise, not the film of that name.
_FRANCHISE_AFTER = re.compile(
    r"^['\"”’]?\s+(?:films?|movies?|trilogy|franchise|saga|series|sequels?|prequels?|release|universe|installments?|"
    r"world|cinematic)\b",
    re.IGNORECASE,
)


def _mentions(text: str, matches: Iterable[Match]) -> list[_Mention]:
    found = [
        _Mention(m.start, m.end, EntityRef(match.entity_type, match.entity_id, match.name))
        for match in matches
        if match.entity_type in _LETTER
        for m in match.mentions
        if match.entity_type != "film" or not _FRANCHISE_AFTER.match(text[m.end : m.end + 30])
    ]
    found.sort(key=lambda m: (m.start, -m.end))
    kept: list[_Mention] = []
    for mention in found:
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept


def _tokenised(text: str, start: int, end: int, mentions: Sequence[_Mention]) -> str:
    """The sentence with each mention written as a token naming its index in ``mentions``."""
    parts: list[str] = []
    at = start
    for index, mention in enumerate(mentions):
        parts.append(text[at : mention.start])
        parts.append(f"{_OPEN}{_LETTER[mention.ref.entity_type]}{index}{_CLOSE}")
        at = mention.end
    parts.append(text[at:end])
    return "".join(parts)


def _territory(after: str) -> str:
    """Where a company's role applies, from the words right after the pattern: "in China", "overseas"."""
    found = re.match(rf"\s*{TERRITORY}", after, re.IGNORECASE)
    if found:
        territory = re.sub(r"\s+", " ", re.sub(r"^the\s+", "", found["territory"], flags=re.IGNORECASE))
        return "North America" if territory.endswith(" and Canada") else territory
    word = re.match(r"\s*(\w+)", after)
    return _ADVERB_TERRITORY.get(word.group(1).lower(), "") if word else ""


_FOUNDED = {"founded": "founder", "co-founded": "co-founder"}


_PLURAL_HEAD = re.compile(
    r"\b((?:co-?)?(?:president|chairman|chairwoman|chair|founder|head|officer|executive|partner))s\b"
)


def _title(raw: str) -> str:
    """The title as a row holds it: one person's ("co-chairs of" → "co-chair"), without articles or a last "of"."""
    title = _PLURAL_HEAD.sub(r"\1", raw.strip())
    while True:
        shorter = _TITLE_STRIP.sub("", title)
        if shorter == title:
            return title
        title = shorter


def extract_facts(text: str, matches: Iterable[Match], *, min_confidence: float = 0.0) -> list[Fact]:
    """The facts ``text`` states between the entities of ``matches`` (the matcher's), strongest first."""
    mentions = _mentions(text, matches)
    facts: dict[tuple[Any, ...], Fact] = {}
    for start, end in sentences(text):
        inside = [m for m in mentions if start <= m.start and m.end <= end]
        if len(inside) < 2:
            continue
        raw = text[start:end]
        first, last = start + len(raw) - len(raw.lstrip()), end - len(raw) + len(raw.rstrip())
        sentence = _Sentence(text[first:last], first, last, _tokenised(text, start, end, inside), inside)
        for rule in RULES:
            for found in rule.pattern.finditer(sentence.tokens):
                before = sentence.tokens[max(0, found.start() - 40) : found.start()]  # bounded: linear in all
                if rule.unless_after is not None and rule.unless_after.search(before):
                    continue
                for fact in _facts_of(rule, found, sentence):
                    known = facts.get(fact.key)
                    if fact.confidence >= min_confidence and (known is None or known.confidence < fact.confidence):
                        facts[fact.key] = fact
    return sorted(facts.values(), key=lambda f: (-f.confidence, f.start))


@dataclass
class _Sentence:
    text: str
    start: int
    end: int
    tokens: str  # the text with its mentions as tokens
    mentions: list[_Mention]

    @functools.cached_property
    def films(self) -> frozenset[EntityRef]:
        return frozenset(m.ref for m in self.mentions if m.ref.entity_type == "film")

    def refs(self, tokens: str | None) -> list[EntityRef]:
        return [self.mentions[int(index)].ref for _, index in _TOKEN.findall(tokens or "")]

    def fact(self, rule: _Rule, subject: EntityRef, target: EntityRef, *, territory: str = "", title: str = "") -> Fact:
        return Fact(
            rule.kind, subject, target, rule.role, territory, title, rule.confidence, self.text, self.start, self.end
        )


def _facts_of(rule: _Rule, found: re.Match[str], sentence: _Sentence) -> Iterable[Fact]:
    groups = found.groupdict()
    if rule.kind == "affiliation":
        people = sentence.refs(groups.get("person")) or sentence.refs(groups.get("people"))
        title = _FOUNDED.get(groups["title"].lower()) or _title(groups["title"])
        for person in people:
            for studio in sentence.refs(groups.get("studio")):
                yield sentence.fact(rule, person, studio, title=title)
        return
    if groups.get("film") or groups.get("films"):
        targets = sentence.refs(groups.get("film") or groups.get("films"))
    elif rule.film_in_sentence and len(sentence.films) == 1:
        targets = list(sentence.films)
    else:
        return
    if rule.kind == "credit":
        subjects = sentence.refs(groups.get("lead")) + sentence.refs(groups.get("people"))
    else:
        subjects = sentence.refs(groups.get("studio"))
    territory = ""
    if rule.kind == "company" and rule.role == "distributor":
        adjective = (groups.get("adjective") or "").strip().lower()
        territory = (
            _TERRITORY_ADJECTIVES.get(adjective, "")
            if adjective
            else _territory(sentence.tokens[found.end() : found.end() + 60])
        )
        if adjective and not territory and adjective not in ("theatrical", "film", "home"):
            return  # rights somewhere the list does not know: the editor reads it
    for subject in subjects:
        for film in targets:
            yield sentence.fact(rule, subject, film, territory=territory)
