"""What entity recognition returns: matches of known entities and candidates for new ones."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Mention:
    """Where a name was seen: ``text[start:end] == surface``."""

    start: int
    end: int
    surface: str
    how: str  # "name", "alias", "short name" (a studio's name without corporate words), "short form", "repeat"


@dataclass
class Match:
    """A known entity mentioned in the text."""

    entity_type: str
    entity_id: int
    name: str
    confidence: float
    mentions: list[Mention] = field(default_factory=list)

    @property
    def offsets(self) -> list[tuple[int, int]]:
        return [(m.start, m.end) for m in self.mentions]

    def as_dict(self) -> dict[str, Any]:
        return {
            "type": self.entity_type,
            "id": self.entity_id,
            "name": self.name,
            "confidence": round(self.confidence, 2),
            "offsets": [list(pair) for pair in self.offsets],
            "mentions": [m.surface for m in self.mentions],
        }


@dataclass(frozen=True)
class Evidence:
    """Why a candidate was proposed: the rule and the stretch of text that triggered it."""

    rule: str
    start: int
    end: int
    text: str


@dataclass
class Candidate:
    """A name not in the gazetteer that looks like a studio, person or film worth creating."""

    entity_type: str
    name: str
    confidence: float
    evidence: list[Evidence] = field(default_factory=list)
    offsets: list[tuple[int, int]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "type": self.entity_type,
            "id": None,
            "name": self.name,
            "confidence": round(self.confidence, 2),
            "offsets": [list(pair) for pair in self.offsets],
            "evidence": [{"rule": e.rule, "start": e.start, "end": e.end, "text": e.text} for e in self.evidence],
        }


@dataclass
class Suggestions:
    """Known entities found in a text, and candidates for new ones; each list strongest first."""

    matches: list[Match] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)

    def ids(self, entity_type: str, *, min_confidence: float = 0.0) -> list[int]:
        """Ids of matched entities of one type."""
        return [m.entity_id for m in self.matches if m.entity_type == entity_type and m.confidence >= min_confidence]

    def as_dict(self) -> dict[str, Any]:
        return {
            "matches": [m.as_dict() for m in self.matches],
            "candidates": [c.as_dict() for c in self.candidates],
        }
