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
("Zemeckis" → Robert Zemeckis, "Alibaba" → Alibaba Pictures). Candidates for new entities come from cue
patterns and from every capitalised name in the copy (``spans``), typed and with their evidence; a caller that
links known names only passes ``candidates=False`` and does not wait for them. The gazetteer is built once per
process; while the change pipeline has purged no entity index tag, a call asks the database nothing, and after a
change only the rows saved since (``updated_at``, indexed) and the deleted ids are compiled beside it. ``facts``
proposes the credits, company roles and affiliations a sentence states between matched entities. ``evaluation``
scores all this against the annotated stories in tests/fixtures/recognition/.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from .candidates import find_candidates
from .facts import EntityRef, Fact, extract_facts
from .matcher import Gazetteer
from .results import Candidate, Evidence, Match, Mention, Suggestions
from .text import COMMON_WORDS, name_key, normalize

__all__ = [
    "COMMON_WORDS",
    "Candidate",
    "EntityRef",
    "Evidence",
    "Fact",
    "Gazetteer",
    "Match",
    "Mention",
    "REBUILD_AFTER",
    "Suggestions",
    "extract_facts",
    "find_candidates",
    "gazetteer_version",
    "get_gazetteer",
    "invalidate",
    "name_key",
    "normalize",
    "suggest",
]

_lock = threading.Lock()
# Changes kept beside the built automaton before the next call rebuilds it whole.
REBUILD_AFTER = 2_000
# Seconds after which the entity tables are checked even though the change pipeline announced nothing: a bound on
# how long a change that bypasses it (``QuerySet.update``, a bulk load, raw SQL) goes unseen.
RECHECK_AFTER = 60.0
# Rows per bucket when looking for deleted entities: the buckets whose row counts moved are read, not the table.
DELETION_BUCKET = 1_024


@dataclass(frozen=True)
class _Cached:
    version: tuple[Any, ...]  # (row count, latest ``updated_at``) of each recognised kind, in registry order
    gazetteer: Gazetteer
    ids: dict[str, frozenset[int]]  # kind → ids of the entities the gazetteer holds
    buckets: dict[str, Counter[int]]  # kind → how many of those ids fall in each bucket (``DELETION_BUCKET``)
    token: dict[str, str] | None = None  # the change pipeline's versions of the entity index tags, read before
    checked: float = 0.0  # when the tables were last checked (``time.monotonic()``)


_cached: _Cached | None = None


def _pipeline_tags() -> dict[str, str]:
    """The tag the change pipeline purges on every save or delete of an entity of each recognised kind (its index:
    ``studios``, ``films`` …), and ``everything`` for bulk changes."""
    from ..models import KINDS

    return {kind.key: kind.index_tag for kind in KINDS.recognised()} | {"*": "everything"}


def _pipeline_token() -> dict[str, str]:
    """The current versions of ``_pipeline_tags()`` by kind: one cache read (a table read without Redis)."""
    from .. import cache

    tags = _pipeline_tags()
    versions = cache.current_versions(tags.values())
    return {key: versions[tag] for key, tag in tags.items()}


def _table_version(model: Any) -> tuple[int, Any]:
    """A table's row count and latest change, as two queries: each one walks an index (together they scan)."""
    latest = model.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    return model.objects.order_by().count(), latest


def gazetteer_version(kinds: Any = None, previous: tuple[Any, ...] | None = None) -> tuple[Any, ...]:
    """A fingerprint of the entity tables: row count and latest change of each (``updated_at`` is indexed). Only
    the ``kinds`` named (keys) are read when ``previous`` gives the others."""
    from ..models import KINDS

    version: list[Any] = []
    for index, kind in enumerate(KINDS.recognised()):
        if previous is not None and kinds is not None and kind.key not in kinds:
            version += previous[2 * index : 2 * index + 2]
        else:
            version += _table_version(kind.model)
    return tuple(version)


def _to_check(cached: _Cached | None, token: dict[str, str]) -> set[str] | None:
    """The kinds whose tables must be read before the cached gazetteer can be trusted (None: every kind): those
    whose tag the change pipeline purged since the last check. Every kind after ``RECHECK_AFTER`` seconds, after a
    bulk purge, and while a transaction is open here (one that wrote entities has purged nothing yet: tests,
    imports)."""
    from django.db import connection

    if cached is None or cached.token is None or connection.in_atomic_block or token["*"] != cached.token["*"]:
        return None
    if time.monotonic() - cached.checked > RECHECK_AFTER:
        return None
    return {key for key, version in token.items() if cached.token.get(key) != version}


def get_gazetteer() -> Gazetteer:
    """The gazetteer of the current entities. Built once; after an entity is added, changed or deleted, only the
    changes are read and compiled beside it, until ``REBUILD_AFTER`` of them call for a whole new build. While the
    change pipeline has purged no entity tag since the last check, no query runs at all; after it purged one kind's,
    only that kind's table is checked."""
    global _cached
    # Read before the tables: a change committing meanwhile leaves the token already stale, never wrongly current.
    token = _pipeline_token()
    cached = _cached
    kinds = _to_check(cached, token)
    if cached is not None and kinds is not None and not kinds:
        return cached.gazetteer
    with _lock:
        cached = _cached
        version = gazetteer_version(kinds, cached.version if cached is not None else None)
        if cached is None or cached.gazetteer.changes >= REBUILD_AFTER:
            cached = _build(version)
        elif cached.version != version:
            cached = _apply_changes(cached, version)
        _cached = replace(cached, token=token, checked=time.monotonic())
        return _cached.gazetteer


def _buckets(ids: Any) -> Counter[int]:
    return Counter(pk // DELETION_BUCKET for pk in ids)


def _build(version: tuple[Any, ...]) -> _Cached:
    from ..models import KINDS
    from ..models.entities import parse_aliases

    ids: dict[str, set[int]] = {}

    def rows():
        for kind in KINDS.recognised():
            known = ids.setdefault(kind.key, set())
            for pk, name, aliases in kind.model.objects.values_list("pk", "name", "aliases").iterator():
                known.add(pk)
                yield kind.key, pk, name, parse_aliases(aliases)

    gazetteer = Gazetteer(rows())
    return _Cached(
        version,
        gazetteer,
        {key: frozenset(pks) for key, pks in ids.items()},
        {key: _buckets(pks) for key, pks in ids.items()},
    )


def _apply_changes(cached: _Cached, version: tuple[Any, ...]) -> _Cached:
    """Entities saved since the cached version (``updated_at`` at or after its latest: saving twice in one
    instant is read again, harmlessly), and deletions, found when a table holds fewer rows than known."""
    from ..models import KINDS
    from ..models.entities import parse_aliases

    changed: list[tuple[str, int, str, list[str]]] = []
    deleted: list[tuple[str, int]] = []
    ids, buckets = dict(cached.ids), dict(cached.buckets)
    for index, kind in enumerate(KINDS.recognised()):
        count, latest = version[2 * index], version[2 * index + 1]
        old_count, old_latest = cached.version[2 * index], cached.version[2 * index + 1]
        if (count, latest) == (old_count, old_latest):
            continue
        rows = kind.model.objects.all()
        if old_latest is not None:
            rows = rows.filter(updated_at__gte=old_latest)
        known = ids.get(kind.key, frozenset())
        counts = Counter(buckets.get(kind.key, ()))
        new: set[int] = set()
        for pk, name, aliases in rows.values_list("pk", "name", "aliases"):
            changed.append((kind.key, pk, name, parse_aliases(aliases)))
            if pk not in known:
                new.add(pk)
                counts[pk // DELETION_BUCKET] += 1
        gone: set[int] = set()
        if len(known) + len(new) != count:
            gone = _deleted_ids(kind.model, known | new, counts)
            deleted += [(kind.key, pk) for pk in gone]
            counts.subtract(pk // DELETION_BUCKET for pk in gone)
        ids[kind.key] = (known | new) - gone
        buckets[kind.key] = +counts
    return _Cached(version, cached.gazetteer.updated(changed, deleted), ids, buckets)


def _deleted_ids(model: Any, known: Any, expected: Counter[int] | None = None) -> set[int]:
    """The ``known`` ids no longer in the table: rows are counted per bucket of ids in one query (``expected``
    says how many ``known`` has in each), and only the buckets whose counts fell are read."""
    from django.db.models import Count, F, IntegerField, Q
    from django.db.models.functions import Cast

    if expected is None:
        expected = _buckets(known)
    bucket = Cast(F("pk") / DELETION_BUCKET, IntegerField())
    rows = model.objects.order_by().annotate(bucket=bucket).values("bucket").annotate(n=Count("pk"))
    counted = dict(rows.values_list("bucket", "n"))
    moved = sorted(b for b, n in expected.items() if n and counted.get(b, 0) != n)
    if not moved:
        return set()
    present: set[int] = set()
    for at in range(0, len(moved), 100):  # a bounded condition per query
        condition = Q()
        for b in moved[at : at + 100]:
            condition |= Q(pk__gte=b * DELETION_BUCKET, pk__lt=(b + 1) * DELETION_BUCKET)
        present.update(model.objects.filter(condition).values_list("pk", flat=True))
    buckets = set(moved)
    return {pk for pk in known if pk // DELETION_BUCKET in buckets and pk not in present}


def invalidate() -> None:
    """Forget the cached gazetteer (after changes that bypass ``updated_at``, such as ``QuerySet.update``)."""
    global _cached
    _cached = None


def suggest(text: str, *, gazetteer: Gazetteer | None = None, candidates: bool = True) -> Suggestions:
    """Known entities mentioned in ``text`` and, unless ``candidates`` is false, candidates for new ones."""
    return (gazetteer or get_gazetteer()).suggest(text, candidates=candidates)
