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
# The gazetteer knows studios, people and films; series are entered as films until they are a kind of their own.
GAZETTEER_TYPE = {"studio": "studio", "person": "person", "film": "film", "series": "film"}
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
            score.right_type += candidate.entity_type == GAZETTEER_TYPE[entity.kind]
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
