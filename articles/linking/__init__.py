"""Entity recognition over article text: known names and aliases → entities, and new-name candidates.

Matching runs one Aho-Corasick automaton over a folded copy of the text (lower case, accents and other scripts
in ASCII letters, full stops dropped, spaced initials joined, quotes made straight, hyphens/colons/runs of white
space made one space; names are looked up without a leading "the"), then checks each hit against the original
text: it must sit on word boundaries and look like a name (lower-case text never matches a capitalised name, and
a capital the known name has must be there). Single-word film titles and names that are common English words
("Real", "Universal") additionally need exact spelling plus quotes or context from their own sentence (a cue
such as "the film", an owner's possessive, "directed", a list with an accepted title, "for" and a known studio)
or an earlier well-evidenced mention. A studio also answers to its name without corporate words ("Warner
Bros."). After the full names, short forms are resolved against what the text named in full earlier
("Zemeckis" → Robert Zemeckis, "Alibaba" → Alibaba Pictures). Candidates for new entities come from a few
patterns with their evidence. The gazetteer is built once per process and rebuilt only when the entity tables
change. ``evaluation`` scores all this against the annotated stories in tests/fixtures/recognition/.
"""

from __future__ import annotations

import threading
from typing import Any

from .candidates import find_candidates
from .matcher import Gazetteer
from .results import Candidate, Evidence, Match, Mention, Suggestions
from .text import COMMON_WORDS, name_key, normalize

__all__ = [
    "COMMON_WORDS",
    "Candidate",
    "Evidence",
    "Gazetteer",
    "Match",
    "Mention",
    "Suggestions",
    "find_candidates",
    "gazetteer_version",
    "get_gazetteer",
    "invalidate",
    "name_key",
    "normalize",
    "suggest",
]

_lock = threading.Lock()
_cached: tuple[tuple[Any, ...], Gazetteer] | None = None


def gazetteer_version() -> tuple[Any, ...]:
    """A cheap fingerprint of the entity tables: row counts and latest change of each."""
    from django.db.models import Count, Max

    from ..models import KINDS

    version: list[Any] = []
    for model in (kind.model for kind in KINDS.recognised()):
        row = model.objects.aggregate(count=Count("pk"), latest=Max("updated_at"))
        version += [row["count"], row["latest"]]
    return tuple(version)


def get_gazetteer() -> Gazetteer:
    """The gazetteer of the current entities, rebuilt only when an entity was added, changed or deleted."""
    global _cached
    version = gazetteer_version()
    cached = _cached
    if cached is not None and cached[0] == version:
        return cached[1]
    with _lock:
        if _cached is not None and _cached[0] == version:
            return _cached[1]
        gazetteer = Gazetteer.from_database()
        _cached = (version, gazetteer)
        return gazetteer


def invalidate() -> None:
    """Forget the cached gazetteer (after changes that bypass ``updated_at``, such as ``QuerySet.update``)."""
    global _cached
    _cached = None


def suggest(text: str, *, gazetteer: Gazetteer | None = None) -> Suggestions:
    """Known entities mentioned in ``text`` and candidates for new ones."""
    return (gazetteer or get_gazetteer()).suggest(text)
