"""A full-page cache hit on each cache backend: local memory (per process), the database cache (the default without
REDIS_URL) and, with ``--redis URL``, Redis. On the database DATABASE_URL names, after ``migrate`` and ``load_demo``.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom .venv/bin/python bench/cache_hits.py --redis redis://127.0.0.1:6379/0
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
os.environ["DEBUG"] = "False"

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

BACKENDS = {
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "database": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "newsroom_cache"},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--redis", help="a Redis URL to measure too")
    parser.add_argument("paths", nargs="*", default=["/", "/movie-news/"])
    args = parser.parse_args()
    backends = dict(BACKENDS)
    if args.redis:
        backends["redis"] = {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": args.redis}
    for name, backend in backends.items():
        with override_settings(CACHES={"default": {**backend, "KEY_PREFIX": "bench"}}, NEWSROOM_PAGE_CACHE=True):
            call_command("createcachetable", verbosity=0)
            cache.clear()
            client = Client()
            for path in args.paths:
                assert client.get(path)["X-Page-Cache"] == "miss"
                samples = []
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    response = client.get(path)
                    samples.append((time.perf_counter() - start) * 1000)
                    assert response["X-Page-Cache"] == "hit"
                samples.sort()
                p95 = samples[int(len(samples) * 0.95)]
                print(f"{name:9} {path:14} hit median {statistics.median(samples):.2f} ms  p95 {p95:.2f} ms")  # noqa: T201
            cache.clear()


if __name__ == "__main__":
    main()
