"""Near-duplicate stories: a story that repeats one already in the archive, found through indexes only.

Three signs, each an indexed lookup for a whole batch of stories:

- the same source URL (``ArticlePage.source_url``, indexed);
- near-identical text: simhashes within ``NEAR_BITS`` bits (``TextFingerprint``'s four indexed bands);
- the same entities and a similar headline: at least ``MIN_SHARED`` shared studios, people or films (the indexed
  link tables) and headlines at least ``HEADLINE_SCORE`` alike (rapidfuzz), published within ``WINDOW`` of the
  story's date. A story without a date (a plain-text item without a dateline, a draft in the editor) is compared
  with the ``UNDATED_LIMIT`` stories sharing most entities with it, whenever they ran.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from rapidfuzz import fuzz, utils

from ..models import KINDS, ArticlePage, TextFingerprint
from ..models.fingerprints import NEAR_BITS, bands, distance, page_text, simhash

WINDOW = dt.timedelta(days=3)
MIN_SHARED = 2
# rapidfuzz's token set ratio of the normalised headlines: the seeds and our retellings score 73-93 against the demo
# stories they repeat, 36-64 against the demo's other stories about the same companies and film.
HEADLINE_SCORE = 70
UNDATED_LIMIT = 200  # stories per kind sharing most entities with an undated story


@dataclass
class Probe:
    """What is compared of a story: headline, text fingerprint, source URL, date and linked entity ids by field."""

    headline: str
    simhash: int = 0
    source_url: str = ""
    date: dt.datetime | None = None
    entities: dict[str, set[int]] = field(default_factory=dict)
    exclude: int | None = None  # the story's own page

    @classmethod
    def for_page(cls, page: ArticlePage, *, dated: bool = False) -> Probe:
        """A page as the editor holds it (a draft's latest revision): its links are read from memory."""
        return cls(
            headline=page.title,
            simhash=simhash(page_text(page)),
            source_url=page.source_url,
            date=page.date if dated else None,
            entities={
                kind.article_field: {obj.pk for obj in getattr(page, kind.article_field).all()}
                for kind in KINDS.recognised()
            },
            exclude=page.pk,
        )


@dataclass
class Duplicate:
    """An existing story a new one is close to, and why."""

    page_id: int
    title: str
    live: bool
    reasons: list[str]

    @property
    def edit_url(self) -> str:
        return reverse("wagtailadmin_pages:edit", args=[self.page_id])

    def describe(self) -> str:
        state = "live" if self.live else "draft"
        return f"possible duplicate of “{self.title}” (page {self.page_id}, {state}): {'; '.join(self.reasons)}"


def _headline_score(a: str, b: str) -> float:
    return fuzz.token_set_ratio(a, b, processor=utils.default_process)


def _by_url(probes: Sequence[Probe]) -> dict[str, set[int]]:
    urls = {probe.source_url for probe in probes if probe.source_url}
    found: dict[str, set[int]] = {}
    if urls:
        for pk, url in ArticlePage.objects.filter(source_url__in=urls).order_by().values_list("pk", "source_url"):
            found.setdefault(url, set()).add(pk)
    return found


def _fingerprints(probes: Sequence[Probe]) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """Stored fingerprints sharing a band with any probe's, by (band number, band value): (article id, simhash)."""
    values = [probe.simhash for probe in probes if probe.simhash]
    rows = TextFingerprint.objects.sharing_a_band(values).values_list("article_id", "simhash_signed")
    by_band: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for pk, signed in rows:
        value = signed + (1 << 64) if signed < 0 else signed
        for number, band in enumerate(bands(value)):
            by_band.setdefault((number, band), []).append((pk, value))
    return by_band


def _windows(dates: list[dt.datetime]) -> Q:
    """Publication dates within WINDOW of any of these, overlapping windows merged."""
    query, start, end = Q(pk__in=[]), None, None
    for date in sorted(dates):
        if end is not None and date - WINDOW <= end:
            end = date + WINDOW
            continue
        if start is not None:
            query |= Q(date__range=(start, end))
        start, end = date - WINDOW, date + WINDOW
    if start is not None:
        query |= Q(date__range=(start, end))
    return query


def _shared_dated(probes: Sequence[Probe]) -> dict[int, set[tuple[str, int]]]:
    """For dated probes: article → entities it shares, by field, with articles in the probes' date windows."""
    dated = [probe for probe in probes if probe.date is not None and any(probe.entities.values())]
    links: dict[int, set[tuple[str, int]]] = {}
    if not dated:
        return links
    # Ids first: given a subquery, PostgreSQL scanned the whole link table instead of each window article's rows.
    in_window = list(
        ArticlePage.objects.filter(_windows([probe.date for probe in dated])).order_by().values_list("pk", flat=True)
    )
    if not in_window:
        return links
    for kind in KINDS.recognised():
        wanted = set().union(*(probe.entities.get(kind.article_field, set()) for probe in dated))
        if not wanted:
            continue
        table = kind.links
        rows = table.model.objects.filter(
            **{f"{table.column}__in": wanted, f"{table.owner_column}__in": in_window}
        ).values_list(table.owner_column, table.column)
        for article_id, entity_id in rows:
            links.setdefault(article_id, set()).add((kind.article_field, entity_id))
    return links


def _shared_undated(probe: Probe) -> Counter[int]:
    """For an undated probe: how many of its entities the articles sharing most of them share, whenever they ran."""
    shared: Counter[int] = Counter()
    for kind in KINDS.recognised():
        wanted = probe.entities.get(kind.article_field)
        if not wanted:
            continue
        table = kind.links
        top = (
            table.model.objects.filter(**{f"{table.column}__in": wanted})
            .values(table.owner_column)
            .annotate(shared=Count("pk"))
            .order_by("-shared", f"-{table.owner_column}")
            .values_list(table.owner_column, "shared")[:UNDATED_LIMIT]
        )
        shared.update(dict(top))
    return shared


def find_duplicates(probes: Sequence[Probe]) -> list[list[Duplicate]]:
    """For each probe, the existing stories it is close to, the closest first. A few queries for the batch."""
    by_url = _by_url(probes)
    fingerprints = _fingerprints(probes)
    dated_links = _shared_dated(probes)
    found: list[dict[int, list[str]]] = []
    scores: list[Counter[int]] = []
    pending: list[dict[int, int]] = []  # probe → candidate → shared entities, awaiting the headline check
    for probe in probes:
        reasons: dict[int, list[str]] = {}
        score: Counter[int] = Counter()
        for pk in by_url.get(probe.source_url, ()) if probe.source_url else ():
            reasons.setdefault(pk, []).append("same source URL")
            score[pk] += 300
        if probe.simhash:
            near = {
                pk
                for number, band in enumerate(bands(probe.simhash))
                for pk, value in fingerprints.get((number, band), ())
                if distance(probe.simhash, value) <= NEAR_BITS
            }
            for pk in sorted(near):
                reasons.setdefault(pk, []).append("near-identical text")
                score[pk] += 200
        if probe.date is not None:
            mine = {(field_name, pk) for field_name, pks in probe.entities.items() for pk in pks}
            counts = {pk: len(mine & theirs) for pk, theirs in dated_links.items()}
        else:
            counts = _shared_undated(probe)
        shared = {pk: count for pk, count in counts.items() if count >= MIN_SHARED}
        found.append(reasons)
        scores.append(score)
        pending.append(shared)

    wanted = set().union(*(reasons for reasons in found), *(shared for shared in pending))
    stories = {
        row[0]: row
        for row in ArticlePage.objects.filter(pk__in=wanted).order_by().values_list("pk", "draft_title", "live", "date")
    }
    results = []
    for probe, reasons, score, shared in zip(probes, found, scores, pending, strict=True):
        for pk, count in shared.items():
            story = stories.get(pk)
            if story is None or (probe.date is not None and abs(story[3] - probe.date) > WINDOW):
                continue
            headline = _headline_score(probe.headline, story[1])
            if headline >= HEADLINE_SCORE:
                reasons.setdefault(pk, []).append(f"{count} shared entities and a similar headline ({headline:.0f}%)")
                score[pk] += count + headline
        duplicates = [
            Duplicate(pk, stories[pk][1], stories[pk][2], reasons[pk])
            for pk in sorted(reasons, key=lambda pk: (-score[pk], pk))
            if pk in stories and pk != probe.exclude
        ]
        results.append(duplicates)
    return results
