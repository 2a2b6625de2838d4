"""Scoring recognition against the annotated stories in tests/fixtures/recognition/ (issue #17): known names
with and without aliases, with distractor entities, and candidates for new entities."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .matcher import Gazetteer
from .text import COMMON_WORDS, name_key

KINDS = ("studio", "person", "film", "series")
# The annotation's kinds as the gazetteer's entity types (the registry keys of the recognised kinds).
GAZETTEER_TYPE = {"studio": "studio", "person": "person", "film": "film", "series": "series"}
DISTRACTOR_IDS = 10_000_000


@dataclass(frozen=True)
class Entity:
    """An entity of the set, as an editor would have entered it."""

    kind: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Trap:
    """A word that must not be linked to ``entity`` where it stands: ``text[start:end]``."""

    entity: str
    start: int
    end: int


@dataclass
class Story:
    slug: str
    split: str
    style: str
    text: str
    entities: list[tuple[str, str]]  # (kind, canonical name)
    facts: list[list[str]]
    traps: list[Trap]


@dataclass
class EvaluationSet:
    stories: list[Story]
    entities: dict[tuple[str, str], Entity]  # (kind, canonical name) → entity, aliases merged over stories

    def split(self, name: str | None) -> list[Story]:
        return [story for story in self.stories if name in (None, story.split)]

    def rows(self, *, aliases: bool = True, exclude: Iterable[tuple[str, str]] = ()) -> list[tuple]:
        """Gazetteer rows ``(type, id, name, aliases)``; ids are positions in ``entity_list()`` plus one."""
        skip = set(exclude)
        return [
            (GAZETTEER_TYPE[entity.kind], pk, entity.name, list(entity.aliases) if aliases else [])
            for pk, entity in enumerate(self.entity_list(), start=1)
            if (entity.kind, entity.name) not in skip
        ]

    def entity_list(self) -> list[Entity]:
        return list(self.entities.values())


def load(directory: Path) -> EvaluationSet:
    """The stories and their annotations; raises ``ValueError`` on an annotation that does not fit its story."""
    stories: list[Story] = []
    entities: dict[tuple[str, str], Entity] = {}
    for path in sorted(directory.glob("*.json")):
        annotation = json.loads(path.read_text(encoding="utf-8"))
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        named: list[tuple[str, str]] = []
        for kind in KINDS:
            for entry in annotation.get(kind, []):
                name, *aliases = [part.strip() for part in entry.split("|")]
                key = (kind, name)
                known = entities.get(key)
                merged = tuple(dict.fromkeys((*(known.aliases if known else ()), *aliases)))
                entities[key] = Entity(kind, name, merged)
                named.append(key)
        traps = [_trap(path.name, text, entity, context) for entity, context in annotation.get("traps", [])]
        stories.append(
            Story(path.stem, annotation["split"], annotation.get("style", ""), text, named, annotation["facts"], traps)
        )
    names = {name for _, name in entities}
    for story in stories:
        for trap in story.traps:
            if trap.entity not in names:
                raise ValueError(f"{story.slug}: trap names {trap.entity!r}, which no story annotates")
    return EvaluationSet(stories, entities)


def _trap(filename: str, text: str, entity: str, context: str) -> Trap:
    found = re.fullmatch(r"(?P<before>[^\[]*)\[(?P<word>[^\]]+)\](?P<after>.*)", context)
    if not found:
        raise ValueError(f"{filename}: trap context {context!r} must mark its word in [brackets]")
    plain = found["before"] + found["word"] + found["after"]
    at = text.find(plain)
    if at < 0:
        raise ValueError(f"{filename}: trap context {plain!r} is not in the story")
    start = at + len(found["before"])
    return Trap(entity, start, start + len(found["word"]))


# Scores ------------------------------------------------------------------------------------------------------


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class KnownScore:
    """Known-name matching: counts per kind ("all" for the total), trap words linked, and the errors."""

    counts: dict[str, Counts] = field(default_factory=lambda: {kind: Counts() for kind in (*KINDS, "all")})
    traps: int = 0
    traps_sprung: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    def add(self, kind: str, outcome: str) -> None:
        for key in (kind, "all"):
            setattr(self.counts[key], outcome, getattr(self.counts[key], outcome) + 1)


def score_known(
    evaluation: EvaluationSet, stories: Sequence[Story], gazetteer: Gazetteer, *, threshold: float
) -> KnownScore:
    """Compare each story's matches at ``threshold`` with its annotated entities. Entities outside the set
    (distractors, ids from ``DISTRACTOR_IDS``) count as false positives of their gazetteer type."""
    entity_list = evaluation.entity_list()
    ids = {(entity.kind, entity.name): pk for pk, entity in enumerate(entity_list, start=1)}
    score = KnownScore()
    for story in stories:
        expected = {ids[key] for key in story.entities}
        matches = [m for m in gazetteer.suggest(story.text, candidates=False).matches if m.confidence >= threshold]
        found = {m.entity_id: m for m in matches}
        for pk in expected:
            entity = entity_list[pk - 1]
            if pk in found:
                score.add(entity.kind, "tp")
            else:
                score.add(entity.kind, "fn")
                score.missed.append(f"{story.slug}: {entity.kind} {entity.name}")
        for pk, match in found.items():
            if pk in expected:
                continue
            kind = entity_list[pk - 1].kind if pk <= len(entity_list) else match.entity_type
            score.add(kind, "fp")
            surfaces = ", ".join(dict.fromkeys(m.surface for m in match.mentions))
            score.extra.append(f"{story.slug}: {kind} {match.name} ← {surfaces}")
        for trap in story.traps:
            score.traps += 1
            for match in matches:
                linked = match.name == trap.entity or (
                    match.entity_id <= len(entity_list) and entity_list[match.entity_id - 1].name == trap.entity
                )
                if linked and any(m.start < trap.end and trap.start < m.end for m in match.mentions):
                    score.traps_sprung.append(f"{story.slug}: {story.text[trap.start : trap.end]!r} → {match.name}")
    return score


@dataclass
class CandidateScore:
    """New-entity candidates: expected entities found (per kind), candidates that were right, right types."""

    expected: dict[str, int] = field(default_factory=lambda: dict.fromkeys((*KINDS, "all"), 0))
    found: dict[str, int] = field(default_factory=lambda: dict.fromkeys((*KINDS, "all"), 0))
    candidates: int = 0
    correct: int = 0  # candidates naming an expected entity
    right_type: int = 0
    wrong: list[str] = field(default_factory=list)
    mistyped: list[str] = field(default_factory=list)  # right name, wrong type: "series Shōgun ← film"
    missed: list[str] = field(default_factory=list)

    def recall(self, kind: str = "all") -> float:
        return self.found[kind] / self.expected[kind] if self.expected[kind] else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.candidates if self.candidates else 1.0

    @property
    def type_accuracy(self) -> float:
        return self.right_type / self.correct if self.correct else 1.0


def score_candidates(evaluation: EvaluationSet, stories: Sequence[Story]) -> CandidateScore:
    """For each story, a gazetteer of every other entity of the set (with aliases): the story's own entities are
    new to it, and each should come back as a candidate of the right type."""
    score = CandidateScore()
    for story in stories:
        gazetteer = Gazetteer.from_names(evaluation.rows(exclude=story.entities))
        forms: dict[str, Entity] = {}
        for key in story.entities:
            entity = evaluation.entities[key]
            for form in (entity.name, *entity.aliases):
                forms.setdefault(name_key(form), entity)
        hit: set[tuple[str, str]] = set()
        for candidate in gazetteer.suggest(story.text).candidates:
            score.candidates += 1
            entity = forms.get(name_key(candidate.name))
            if entity is None:
                score.wrong.append(f"{story.slug}: {candidate.entity_type} {candidate.name}")
                continue
            score.correct += 1
            if candidate.entity_type == GAZETTEER_TYPE[entity.kind]:
                score.right_type += 1
            else:
                score.mistyped.append(f"{story.slug}: {entity.kind} {entity.name} ← {candidate.entity_type}")
            hit.add((entity.kind, entity.name))
        for key in story.entities:
            for kind in (key[0], "all"):
                score.expected[kind] += 1
                score.found[kind] += key in hit
            if key not in hit:
                score.missed.append(f"{story.slug}: {key[0]} {key[1]}")
    return score


# Distractors -------------------------------------------------------------------------------------------------

_SYLLABLES = (
    "ka",
    "ri",
    "no",
    "ma",
    "zu",
    "te",
    "lo",
    "an",
    "be",
    "chi",
    "da",
    "el",
    "fo",
    "gu",
    "hi",
    "ja",
    "ke",
    "lu",
    "mi",
    "ne",
    "or",
    "pa",
    "qu",
    "ro",
    "sa",
    "ti",
    "ul",
    "va",
    "wi",
    "xo",
    "ya",
    "ze",
)
_STUDIO_ENDINGS = ("Pictures", "Entertainment", "Studios", "Films", "Media", "Partners", "Group")
_WORDS = sorted(w.capitalize() for w in COMMON_WORDS if len(w) > 2)


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()


def distractors(count: int, *, seed: int = 42, first_id: int = DISTRACTOR_IDS) -> list[tuple[str, int, str, list[str]]]:
    """Made-up people, studios and films (about 5:2:3). Film titles are one to three everyday words ("Home",
    "Silver River"), which stress the case and context checks as real titles do."""
    rng = random.Random(seed)  # noqa: S311 (reproducible made-up names, not secrets)
    rows: list[tuple[str, int, str, list[str]]] = []
    for n in range(count):
        pk = first_id + n
        kind = rng.random()
        if kind < 0.5:
            rows.append(("person", pk, f"{_word(rng, 2)} {_word(rng, rng.randint(2, 3))}", []))
        elif kind < 0.7:
            name = f"{_word(rng, rng.randint(2, 3))} {rng.choice(_STUDIO_ENDINGS)}"
            rows.append(("studio", pk, name, [name.split()[0]] if rng.random() < 0.2 else []))
        else:
            rows.append(("film", pk, " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 3))), []))
    return rows


# Facts -------------------------------------------------------------------------------------------------------

FACT_KINDS = ("credit", "company", "affiliation")
# The annotation's roles as the models' choices (FilmCredit.Role, FilmCompany.Role); the rest ("broadcaster",
# "creator", "editor" …) have no row to hold them and are counted apart.
CREDIT_ROLES = {
    "actor": "cast",
    "director": "director",
    "writer": "writer",
    "producer": "producer",
    "executive producer": "executive_producer",
    "composer": "composer",
    "cinematographer": "cinematographer",
}
COMPANY_ROLES = {
    "distributor": "distributor",
    "producer": "producer",
    "co-producer": "co_producer",
    "co-financier": "co_financier",
    "financier": "financier",
    "sales agent": "sales",
}
_TERRITORIES = {
    "us": "us",
    "united states": "us",
    "america": "us",
    "domestic": "us",
    "world": "world",
    "worldwide": "world",
    "global": "world",
    "international": "international",
    "overseas": "international",
    "uk": "uk",
    "united kingdom": "uk",
    "britain": "uk",
}
_TITLE_WORDS = {"ceo": "chief executive", "chief executive officer": "chief executive", "chairwoman": "chair"}


def fold_territory(territory: str) -> str:
    """ "the U.S.", "United States" and "US" alike; "" stays "" (no territory stated)."""
    folded = re.sub(r"^the\s+", "", territory.replace(".", "").strip().lower())
    return _TERRITORIES.get(folded, folded)


def fold_title(title: str) -> str:
    """ "CEO", "Chief Executive Officer" and "chief executive" alike."""
    folded = re.sub(r"\s+", " ", title.strip().lower())
    for short, long in _TITLE_WORDS.items():
        folded = re.sub(rf"\b{short}\b", long, folded)
    return folded


def fact_key(fact: Sequence[str]) -> tuple[str, ...] | None:
    """An annotated fact as the extractor would state it: (kind, subject, target, role, territory, title) with
    model roles and folded territory and title; None when no row could hold it."""
    kind, *fields = fact
    if kind == "credit":
        person, role, title = fields
        role = CREDIT_ROLES.get(role)
        return None if role is None else ("credit", person, title, role, "", "")
    if kind == "company":
        company, role, territory, title = fields
        role = COMPANY_ROLES.get(role)
        return None if role is None else ("company", company, title, role, fold_territory(territory), "")
    person, title, company = fields
    return ("affiliation", person, company, "", "", fold_title(title))


@dataclass
class FactScore:
    """Proposed facts against the annotated ones, per kind ("all" for the total): precision and recall over the
    facts a row can hold; ``unrecordable`` counts the annotated facts no row could hold (a broadcaster, an editor)."""

    counts: dict[str, Counts] = field(default_factory=lambda: {kind: Counts() for kind in (*FACT_KINDS, "all")})
    unrecordable: int = 0
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    def add(self, kind: str, outcome: str) -> None:
        for key in (kind, "all"):
            setattr(self.counts[key], outcome, getattr(self.counts[key], outcome) + 1)


def score_facts(
    evaluation: EvaluationSet, stories: Sequence[Story], gazetteer: Gazetteer, *, threshold: float = 0.4
) -> FactScore:
    """The facts proposed from each story's matches at ``threshold`` (the editor's panel offers matches from 0.4;
    a gazetteer of the set, ids as in ``rows()``) against its annotated facts; entities outside the set make a
    proposal wrong."""
    from .facts import extract_facts

    entity_list = evaluation.entity_list()
    score = FactScore()
    for story in stories:
        expected: set[tuple[str, ...]] = set()
        for fact in story.facts:
            key = fact_key(fact)
            if key is None:
                score.unrecordable += 1
            else:
                expected.add(key)
        matches = [m for m in gazetteer.suggest(story.text, candidates=False).matches if m.confidence >= threshold]
        proposed: dict[tuple[str, ...], str] = {}
        for fact in extract_facts(story.text, matches):
            names = [
                entity_list[ref.entity_id - 1].name if 0 < ref.entity_id <= len(entity_list) else f"#{ref.entity_id}"
                for ref in (fact.subject, fact.target)
            ]
            key = (fact.kind, *names, fact.role, fold_territory(fact.territory), fold_title(fact.title))
            proposed.setdefault(key, fact.evidence)
        for key, evidence in proposed.items():
            if key in expected:
                score.add(key[0], "tp")
            else:
                score.add(key[0], "fp")
                score.wrong.append(f"{story.slug}: {key} ← {evidence}")
        for key in expected - set(proposed):
            score.add(key[0], "fn")
            score.missed.append(f"{story.slug}: {key}")
    return score
