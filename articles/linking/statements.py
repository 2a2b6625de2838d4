"""Business statements a story makes about the titles it names — "opens in China on March 3", "grossed $137
million in China", "won the Palme d'Or", "starts production in May" — proposed in the editor's suggestions panel,
each recorded in one click (issue #18 item 8).

Each kind of statement is a ``Finder`` registered here by the module that knows its rows (releases, box office,
awards, the production slate). The panel asks every finder, shows what they found with the sentence as evidence,
and posts a chosen statement's ``payload`` back to its finder's ``add``; the panel itself knows no kind.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .results import Match


@dataclass(frozen=True)
class Statement:
    """One thing the text states that the database does not hold yet.

    ``label`` is what the panel shows ("Real — theatrical release in China on 3 March 2027"); ``payload`` is the
    JSON-safe dict the panel posts back to the finder's ``add`` to record it; ``evidence`` the sentence,
    ``text[start:end]``."""

    kind: str
    label: str
    payload: dict[str, Any]
    confidence: float
    evidence: str
    start: int
    end: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "label": self.label,
            "payload": self.payload,
            "confidence": round(self.confidence, 2),
            "evidence": {"text": self.evidence, "start": self.start, "end": self.end},
        }


@dataclass(frozen=True)
class Finder:
    """A kind of statement: how to find it and how to record it.

    - ``find(text, matches)`` returns the statements the text makes between the known entities the matcher found
      (``matches``), leaving out what the database already records (one query per call at most).
    - ``add(payload, user)`` records one statement in a transaction and returns a short confirmation; on a payload
      that is malformed or no longer valid it raises ``django.core.exceptions.ValidationError`` with a message for
      the editor and writes nothing. Adding a statement that is already recorded is not an error.
    - ``permission`` is the Django permission ("articles.add_release") a user needs to add it.
    """

    kind: str
    label: str
    find: Callable[[str, Sequence[Match]], Iterable[Statement]]
    add: Callable[[dict[str, Any], Any], str]
    permission: str
    order: int = field(default=100, compare=False)


FINDERS: dict[str, Finder] = {}

# The modules that register finders, imported on first use so that the linker's import stays light.
FINDER_MODULES: list[str] = [
    "articles.linking.release_statements",  # release dates (issue #18 item 2)
    "articles.linking.award_statements",  # nominations and wins (item 4)
    "articles.linking.status_statements",  # production status changes (item 5)
    "articles.linking.gross_statements",  # box office: "grossed $137 million in China"
]


def register(finder: Finder) -> Finder:
    if finder.kind in FINDERS and FINDERS[finder.kind] != finder:
        raise ValueError(f"A finder for {finder.kind!r} statements is already registered.")
    FINDERS[finder.kind] = finder
    return finder


def finders() -> list[Finder]:
    """Every registered finder, in panel order."""
    for module in FINDER_MODULES:
        importlib.import_module(module)
    return sorted(FINDERS.values(), key=lambda finder: (finder.order, finder.kind))


def find_statements(text: str, matches: Sequence[Match]) -> list[Statement]:
    """What every finder found in ``text``, strongest first within each kind."""
    found: list[Statement] = []
    for finder in finders():
        found.extend(sorted(finder.find(text, matches), key=lambda statement: -statement.confidence))
    return found
