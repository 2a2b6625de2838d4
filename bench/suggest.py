"""Entity suggestion benchmark: time per article with 1k/10k/100k entities, and precision/recall on the seeds.

Run from the project root:  .venv/bin/python bench/suggest.py [--seeds DIR] [--repeat N]
Timing uses synthetic names plus the database's own entities. Precision and recall compare each seed story's
known-entity matches with the tagging of the matching demo article (run ``manage.py load_demo`` first).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import DatabaseError  # noqa: E402
from django.utils.text import slugify  # noqa: E402

from articles.importing import ATTACH_THRESHOLD, parse_text  # noqa: E402
from articles.linking import COMMON_WORDS, Gazetteer  # noqa: E402
from articles.models import KINDS, ArticlePage  # noqa: E402
from articles.models.entities import parse_aliases  # noqa: E402

SIZES = (1_000, 10_000, 100_000)
SYLLABLES = [
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
]
STUDIO_ENDINGS = ("Pictures", "Entertainment", "Studios", "Films", "Media", "Partners", "Group")
WORDS = sorted(w.capitalize() for w in COMMON_WORDS if len(w) > 2)


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


def synthetic_names(count: int, *, seed: int = 42) -> list[tuple[str, int, str, list[str]]]:
    """Made-up people, studios and films (about 5:2:3), ids from 10 million up so they never clash."""
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        pk = 10_000_000 + n
        kind = rng.random()
        if kind < 0.5:
            rows.append(("person", pk, f"{_word(rng, 2)} {_word(rng, rng.randint(2, 3))}", []))
        elif kind < 0.7:
            name = f"{_word(rng, rng.randint(2, 3))} {rng.choice(STUDIO_ENDINGS)}"
            rows.append(("studio", pk, name, [name.split()[0]] if rng.random() < 0.2 else []))
        else:
            # Titles made of everyday words stress the case and context checks, as real titles do.
            words = rng.randint(1, 3)
            rows.append(("film", pk, " ".join(rng.choice(WORDS) for _ in range(words)), []))
    return rows


def database_names() -> list[tuple[str, int, str, list[str]]]:
    rows = []
    try:
        for entity_type, model in KINDS.entity_models().items():
            for pk, name, aliases in model.objects.values_list("pk", "name", "aliases"):
                rows.append((entity_type, pk, name, parse_aliases(aliases)))
    except DatabaseError as error:
        print(f"(no database entities: {error})")
    return rows


def seed_texts(directory: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(directory.glob("*.txt"))}


def time_suggestions(texts: dict[str, str], demo: list, repeat: int) -> None:
    print("## Suggestion time per article")
    print(f"{len(texts)} seed articles, each suggested {repeat} times after one warm-up call.\n")
    print("| entities | build (s) | median (ms) | p95 (ms) | max (ms) |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for size in SIZES:
        rows = demo + synthetic_names(size - len(demo))
        started = time.perf_counter()
        gazetteer = Gazetteer.from_names(rows)
        build = time.perf_counter() - started
        timings = []
        for text in texts.values():
            gazetteer.suggest(text)
            for _ in range(repeat):
                started = time.perf_counter()
                gazetteer.suggest(text)
                timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        print(f"| {size:,} | {build:.2f} | {statistics.median(timings):.2f} | {p95:.2f} | {timings[-1]:.2f} |")
    print()


def _demo_article(pages: list[ArticlePage], headline: str) -> ArticlePage | None:
    words = set(slugify(headline).split("-"))
    scored = [(len(words & set(page.slug.split("-"))), page) for page in pages]
    best = max(scored, key=lambda pair: pair[0], default=(0, None))
    return best[1] if best[0] >= 3 else None


def precision_recall(texts: dict[str, str], demo: list) -> None:
    print("## Known-entity matches against the demo's tagging")
    pages = list(ArticlePage.objects.filter(import_key="").prefetch_related("studios", "people", "films"))
    if not pages:
        print("No demo articles in the database: run `manage.py load_demo` first.\n")
        return
    gazetteer = Gazetteer.from_names(demo)
    print("| seed | demo article | tagged | found | precision | recall | missed | extra |")
    print("| --- | --- | ---: | ---: | ---: | ---: | --- | --- |")
    total_tp = total_found = total_tagged = 0
    for name, text in texts.items():
        page = _demo_article(pages, parse_text(text).headline)
        if page is None:
            print(f"| {name} | (none found) | | | | | | |")
            continue
        tagged = {
            (e.entity_type, e.pk, e.name)
            for field in ("studios", "people", "films")
            for e in getattr(page, field).all()
        }
        found = {
            (m.entity_type, m.entity_id, m.name)
            for m in gazetteer.suggest(text).matches
            if m.confidence >= ATTACH_THRESHOLD
        }
        tp = len(tagged & found)
        total_tp, total_found, total_tagged = total_tp + tp, total_found + len(found), total_tagged + len(tagged)
        precision = tp / len(found) if found else 1.0
        recall = tp / len(tagged) if tagged else 1.0
        missed = ", ".join(sorted(n for _, _, n in tagged - found)) or "—"
        extra = ", ".join(sorted(n for _, _, n in found - tagged)) or "—"
        row = [name, page.slug, len(tagged), len(found), f"{precision:.2f}", f"{recall:.2f}", missed, extra]
        print("| " + " | ".join(map(str, row)) + " |")
    if total_found or total_tagged:
        print(
            f"\nOverall: precision {total_tp / max(total_found, 1):.2f}, recall {total_tp / max(total_tagged, 1):.2f} "
            f"({total_tp} of {total_tagged} tagged entities found; {total_found} suggested)."
        )
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    texts = seed_texts(args.seeds)
    if not texts:
        parser.error(f"no .txt seed stories in {args.seeds}")
    demo = database_names()
    print(f"Database entities: {len(demo)}.\n")
    time_suggestions(texts, demo, args.repeat)
    precision_recall(texts, demo)


if __name__ == "__main__":
    main()
