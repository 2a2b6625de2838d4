"""Entity suggestion benchmark: precision/recall on the evaluation set, time per article, and the seeds.

Run from the project root:  .venv/bin/python bench/suggest.py [--only set] [--distractors N] [--repeat N]
The evaluation set (tests/fixtures/recognition/) is scored for known names (canonical names only, with aliases,
with aliases and N distractor entities) and for new-entity candidates, dev and held-out test apart. Timing uses
synthetic names plus the database's own entities. The seeds section compares each seed story's known-entity
matches with the tagging of the matching demo article (run ``manage.py load_demo`` first).

``--only panel`` times the editor's suggestions panel on a database of ``--entities`` entities (the set's own plus
made-up ones, added with ``bench-`` slugs to reach the size; it refuses the default development database, so
point DATABASE_URL at a throwaway one and migrate it): a panel call with its database checks, and how long an
entity change (create, rename, delete) takes to reach the panel.
"""

from __future__ import annotations

import argparse
import os
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
from articles.linking import Gazetteer  # noqa: E402
from articles.linking import evaluation as ev  # noqa: E402
from articles.models import KINDS, ArticlePage  # noqa: E402
from articles.models.entities import parse_aliases  # noqa: E402

SIZES = (1_000, 10_000, 100_000)
EVALUATION_SET = ROOT / "tests" / "fixtures" / "recognition" / "stories"


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
        rows = demo + ev.distractors(size - len(demo))
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


def _pct(value: float) -> str:
    return f"{value:.2f}"


def evaluation_set(directory: Path, distractor_count: int, *, verbose: bool) -> None:
    data = ev.load(directory)
    splits = {"dev": data.split("dev"), "test": data.split("test")}
    print("## Evaluation set: known names")
    print(
        f"{len(data.stories)} stories ({len(splits['dev'])} dev, {len(splits['test'])} held-out test), "
        f"{len(data.entities)} entities. Matches with confidence ≥ {ATTACH_THRESHOLD} (what the importer attaches) "
        "against each story's annotated entities; P/R per kind, then overall P, R, F1; traps: common words linked "
        "to an entity.\n"
    )
    started = time.perf_counter()
    noise = ev.distractors(distractor_count)
    gazetteers = {
        "canonical names only": Gazetteer.from_names(data.rows(aliases=False)),
        "with aliases": Gazetteer.from_names(data.rows()),
        f"with aliases + {distractor_count:,} distractors": Gazetteer.from_names(data.rows() + noise),
    }
    print(f"(gazetteers built in {time.perf_counter() - started:.1f} s)\n")
    print("| split | gazetteer | studio P/R | person P/R | film P/R | series P/R | P | R | F1 | traps |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    details = []
    for split, stories in splits.items():
        for label, gazetteer in gazetteers.items():
            score = ev.score_known(data, stories, gazetteer, threshold=ATTACH_THRESHOLD)
            kinds = [f"{_pct(score.counts[k].precision)}/{_pct(score.counts[k].recall)}" for k in ev.KINDS]
            total = score.counts["all"]
            sprung = f"{len(score.traps_sprung)}/{score.traps}"
            row = [split, label, *kinds, _pct(total.precision), _pct(total.recall), _pct(total.f1), sprung]
            print("| " + " | ".join(row) + " |")
            details.append((split, label, score))
    print()
    if verbose:
        for split, label, score in details:
            if split == "dev":
                print(f"### dev, {label}: missed\n" + "\n".join(f"- {m}" for m in score.missed) + "\n")
                print(f"### dev, {label}: extra\n" + "\n".join(f"- {m}" for m in score.extra) + "\n")
                print(f"### dev, {label}: traps\n" + "\n".join(f"- {m}" for m in score.traps_sprung) + "\n")

    print("## Evaluation set: new-entity candidates")
    print(
        "Each story against a gazetteer of every other entity of the set: its own entities are new. Recall per "
        "kind and overall; precision: candidates naming an annotated entity; type: of those, the right type "
        "(a series must be proposed as a series, not a film).\n"
    )
    print("| split | studio R | person R | film R | series R | recall | precision | type | candidates |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for split, stories in splits.items():
        score = ev.score_candidates(data, stories)
        recalls = [_pct(score.recall(k)) for k in ev.KINDS]
        row = [split, *recalls, _pct(score.recall()), _pct(score.precision), _pct(score.type_accuracy)]
        print("| " + " | ".join(row) + f" | {score.candidates} |")
        if verbose and split == "dev":
            print("\n### dev: wrong candidates\n" + "\n".join(f"- {m}" for m in score.wrong) + "\n")
            print("### dev: wrong types\n" + "\n".join(f"- {m}" for m in score.mistyped) + "\n")
    print()
    evaluation_facts(data, splits, verbose=verbose)


def evaluation_facts(data: ev.EvaluationSet, splits: dict[str, list[ev.Story]], *, verbose: bool) -> None:
    print("## Evaluation set: facts")
    print(
        f"{sum(len(s.facts) for s in data.stories)} facts annotated. Credits, company roles (with territory) and "
        "affiliations (with title) proposed from each story's matches (gazetteer with aliases) against the facts a "
        "row can hold; unrecordable: annotated roles no row holds (broadcaster, creator, editor …).\n"
    )
    print("| split | credit P/R | company P/R | affiliation P/R | P | R | proposed | unrecordable |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    gazetteer = Gazetteer.from_names(data.rows())
    for split, stories in splits.items():
        score = ev.score_facts(data, stories, gazetteer)
        kinds = [f"{_pct(score.counts[k].precision)}/{_pct(score.counts[k].recall)}" for k in ev.FACT_KINDS]
        total = score.counts["all"]
        row = [split, *kinds, _pct(total.precision), _pct(total.recall), str(total.tp + total.fp)]
        print("| " + " | ".join(row) + f" | {score.unrecordable} |")
        if verbose and split == "dev":
            print("\n### dev: wrong facts\n" + "\n".join(f"- {m}" for m in score.wrong) + "\n")
    print()


def _percentiles(timings: list[float]) -> tuple[float, float, float]:
    timings = sorted(timings)
    return statistics.median(timings), timings[min(len(timings) - 1, int(len(timings) * 0.95))], timings[-1]


def fill_entities(data: ev.EvaluationSet, size: int) -> int:
    """The set's entities (with aliases), then made-up ones up to ``size`` entities in all; bulk inserts, so the
    change pipeline is not involved. Returns the number added."""
    from django.db import transaction

    models = {kind.key: kind.model for kind in KINDS.recognised()}
    present = sum(model.objects.count() for model in models.values())
    if present >= size:
        return 0
    rows = data.rows() + ev.distractors(size)
    existing = {(key, slug) for key, model in models.items() for slug in model.objects.values_list("slug", flat=True)}
    added = 0
    with transaction.atomic():
        batches: dict[str, list] = {key: [] for key in models}
        for entity_type, pk, name, aliases in rows:
            if present + added >= size:
                break
            slug = f"bench-{pk}"
            if (entity_type, slug) in existing:
                continue
            batches[entity_type].append(models[entity_type](name=name, slug=slug, aliases="\n".join(aliases)))
            added += 1
        for key, objects in batches.items():
            models[key].objects.bulk_create(objects, batch_size=2_000)
    return added


def time_panel(data: ev.EvaluationSet, size: int, repeat: int) -> None:
    """A suggestions-panel call with its database checks at ``size`` entities, and the time from an entity change
    to the panel seeing it."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from articles import linking
    from articles.admin.suggestions import FIELDS, suggestions_payload

    database = settings.DATABASES["default"]
    if "DATABASE_URL" not in os.environ:
        sys.exit("--only panel fills the database with made-up entities: set DATABASE_URL to a throwaway one.")
    print("## Suggestions panel at scale")
    started = time.perf_counter()
    added = fill_entities(data, size)
    count = sum(kind.model.objects.count() for kind in KINDS.recognised())
    print(
        f"Database: {database['ENGINE'].rsplit('.', 1)[-1]}, cache: {settings.CACHES['default']['BACKEND']}; "
        f"{count:,} entities ({added:,} added in {time.perf_counter() - started:.1f} s).\n"
    )
    user = get_user_model().objects.filter(is_superuser=True).first()
    if user is None:
        user = get_user_model().objects.create_superuser("bench-panel", "bench@example.com", "bench-panel")
    linking.invalidate()
    started = time.perf_counter()
    linking.get_gazetteer()
    print(f"First call builds the gazetteer: {time.perf_counter() - started:.2f} s (once per process).\n")
    texts = [story.text for story in data.stories]
    selected = {field: set() for field in FIELDS.values()}
    client = Client()
    client.force_login(user)
    url = reverse("newsroom_suggest_entities")
    for text in texts:  # warm-up: the typer, the word lists
        suggestions_payload(text, selected, user=user)
    timings: dict[str, tuple[list[float], list[float]]] = {
        "freshness check alone (`get_gazetteer()`, nothing changed)": ([], []),
        "panel payload: check, matches, candidates, facts and their database checks": ([], []),
        "whole POST through Django (session, permissions, JSON)": ([], []),
    }
    calls = (
        linking.get_gazetteer,
        lambda text: suggestions_payload(text, selected, user=user),
        lambda text: client.post(url, {"title": "", "standfirst": "", "body": text}),
    )
    for _ in range(repeat):
        for text in texts:
            for call, (wall, cpu) in zip(calls, timings.values(), strict=True):
                at, cpu_at = time.perf_counter(), time.process_time()
                result = call() if call is linking.get_gazetteer else call(text)
                wall.append((time.perf_counter() - at) * 1000)
                cpu.append((time.process_time() - cpu_at) * 1000)
                assert getattr(result, "status_code", 200) == 200, result.content[:200]
    print(
        f"{len(texts)} stories of the evaluation set, {repeat} rounds. Wall clock and CPU time of this process (the "
        "machine is shared; with SQLite the database work is in-process, so CPU time includes it).\n"
    )
    print("| what | median (ms) | p95 (ms) | max (ms) | CPU median (ms) | CPU p95 (ms) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, (wall, cpu) in timings.items():
        median, p95, most = _percentiles(wall)
        cpu_median, cpu_p95, _ = _percentiles(cpu)
        print(f"| {label} | {median:.2f} | {p95:.2f} | {most:.2f} | {cpu_median:.2f} | {cpu_p95:.2f} |")
    print()
    time_changes(user, selected, max(5, repeat // 2))


def time_changes(user, selected: dict[str, set], rounds: int) -> None:
    """Create, rename and delete a studio; each time, the save (with the change pipeline) and then the first panel
    call, which must already show the change."""
    from articles.admin.suggestions import suggestions_payload
    from articles.models import Studio

    print("### From an entity change to the panel")
    print(
        "Each change saved through the ORM (signals, change pipeline, search index; autocommit), then one panel "
        f"call that must already show it; {rounds} rounds.\n"
    )
    print("| change | save (ms, median / max) | next panel call (ms, median / max) | its CPU (ms, median / max) |")
    print("| --- | ---: | ---: | ---: |")
    steady = []
    results: dict[str, tuple[list[float], list[float]]] = {"create": ([], []), "rename": ([], []), "delete": ([], [])}

    cpu: dict[str, list[float]] = {"create": [], "rename": [], "delete": []}

    def panel(text: str, change: str = "") -> tuple[float, list[str]]:
        at, cpu_at = time.perf_counter(), time.process_time()
        found = suggestions_payload(text, selected, user=user)
        if change:
            cpu[change].append((time.process_time() - cpu_at) * 1000)
        return (time.perf_counter() - at) * 1000, [m["name"] for m in found["matches"]["studios"]]

    for n in range(rounds):
        name, renamed = f"Quillfeather Bench {n} Pictures", f"Marrowlight Bench {n} Pictures"
        text = f"{name} and {renamed} both bid for the rights."
        steady.append(panel(text)[0])
        at = time.perf_counter()
        studio = Studio.objects.create(name=name, slug=f"bench-change-{n}")
        saved = (time.perf_counter() - at) * 1000
        took, names = panel(text, "create")
        assert names == [name], names
        results["create"][0].append(saved)
        results["create"][1].append(took)
        at = time.perf_counter()
        studio.name = renamed
        studio.save()
        saved = (time.perf_counter() - at) * 1000
        took, names = panel(text, "rename")
        assert names == [renamed], names
        results["rename"][0].append(saved)
        results["rename"][1].append(took)
        at = time.perf_counter()
        studio.delete()
        saved = (time.perf_counter() - at) * 1000
        took, names = panel(text, "delete")
        assert names == [], names
        results["delete"][0].append(saved)
        results["delete"][1].append(took)
    for change, (saves, calls) in results.items():
        save_median, _, save_max = _percentiles(saves)
        call_median, _, call_max = _percentiles(calls)
        cpu_median, _, cpu_max = _percentiles(cpu[change])
        print(
            f"| {change} | {save_median:.1f} / {save_max:.1f} | {call_median:.1f} / {call_max:.1f} | "
            f"{cpu_median:.1f} / {cpu_max:.1f} |"
        )
    print(f"\nThe same panel call with nothing changed: {statistics.median(steady):.1f} ms (median).\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("set", "timing", "seeds", "panel"), help="run one section")
    parser.add_argument("--entities", type=int, default=100_000, help="entities in the database for --only panel")
    parser.add_argument("--set", type=Path, default=EVALUATION_SET, help="evaluation stories")
    parser.add_argument("--distractors", type=int, default=100_000, help="made-up entities added to the set's")
    parser.add_argument("--verbose", action="store_true", help="list the dev set's misses, extras and traps")
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    if args.only == "panel":
        time_panel(ev.load(args.set), args.entities, args.repeat)
        return
    if args.only in (None, "set"):
        evaluation_set(args.set, args.distractors, verbose=args.verbose)
    if args.only == "set":
        return
    texts = seed_texts(args.seeds)
    if not texts:
        parser.error(f"no .txt seed stories in {args.seeds}")
    demo = database_names()
    print(f"Database entities: {len(demo)}.\n")
    if args.only in (None, "timing"):
        time_suggestions(texts, demo, args.repeat)
    if args.only in (None, "seeds"):
        precision_recall(texts, demo)


if __name__ == "__main__":
    main()
