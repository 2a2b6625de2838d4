"""Lighthouse's four categories (performance, accessibility, best practices, SEO) for the home, topic, article,
film and search pages of the demo, on mobile and desktop (issue #20 item 4).

    .venv/bin/python bench/lighthouse.py [--lighthouse "npx --yes lighthouse@12.8.2"] [--runs 1]

Serves the demo from a scratch database on a loopback port (the same server `make screenshots` uses: Django's
runserver with DEBUG on, static files through WhiteNoise, HTML gzipped), runs Google's Lighthouse CLI (from the
npm registry) in Debian's Chromium, and prints one row per page and form factor, the median of ``--runs``. Below
100 in accessibility, best practices or SEO, it names the failing audits. Performance depends on the machine:
compare figures taken in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.dev")

import django  # noqa: E402

django.setup()

from articles.management.commands.take_screenshots import CHROMIUM, demo_server  # noqa: E402

PAGES = {
    "home": "/",
    "topic": "/movie-news/",
    "article": "/movie-news/stx-entertainment-and-alibaba-pictures-team-up-on-steel-soldiers/",
    "film": "/films/steel-soldiers/",
    "search": "/search/?q=Alibaba",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def audit(lighthouse: list[str], url: str, form_factor: str) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [
            *lighthouse,
            url,
            "--output=json",
            f"--output-path={out.name}",
            "--quiet",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            f"--only-categories={','.join(CATEGORIES)}",
        ]
        if form_factor == "desktop":
            command.append("--preset=desktop")
        subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})  # noqa: S603
        return json.loads(Path(out.name).read_text())


def failing(report: dict, category: str) -> list[str]:
    refs = report["categories"][category]["auditRefs"]
    audits = report["audits"]
    return [
        ref["id"]
        for ref in refs
        if ref.get("weight", 0) > 0 and audits[ref["id"]].get("score") is not None and audits[ref["id"]]["score"] < 1
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lighthouse", default=os.environ.get("LIGHTHOUSE", "npx --yes lighthouse@12.8.2"))
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    lighthouse = shlex.split(args.lighthouse)
    print(f"{'page':<9} {'form':<8} " + " ".join(f"{name[:14]:>14}" for name in CATEGORIES))
    with demo_server() as (base, _):
        for name, path in PAGES.items():
            for form_factor in ("mobile", "desktop"):
                reports = [audit(lighthouse, base + path, form_factor) for _ in range(args.runs)]
                scores = [
                    round(100 * statistics.median(report["categories"][c]["score"] for report in reports))
                    for c in CATEGORIES
                ]
                print(f"{name:<9} {form_factor:<8} " + " ".join(f"{score:>14}" for score in scores), flush=True)
                for category in CATEGORIES[1:]:
                    if misses := failing(reports[-1], category):
                        print(f"    {category}: {', '.join(misses)}", flush=True)


if __name__ == "__main__":
    main()
