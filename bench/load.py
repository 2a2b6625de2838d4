"""Whole-stack throughput under load: gunicorn on PostgreSQL with production settings, driven by wrk on loopback.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench_100000 .venv/bin/python bench/load.py

In one run it measures, with ``--connections`` concurrent clients for ``--seconds`` each:
the floor (a minimal Django view on the same gunicorn, settings and middleware: ``/bench/floor/``), then the home,
topic, article, studio, tag and search pages served from the full-page cache (Redis), then the same pages with
the page cache off. Each figure is printed with its ratio to the floor. Needs ``wrk`` (apt-get install wrk).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"


def environment(database_url: str, redis_url: str, static_root: str, page_cache: bool) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.production",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",  # TLS ends at the proxy in production; wrk talks plain HTTP
        "STATIC_ROOT": static_root,
        "NEWSROOM_PAGE_CACHE": "True" if page_cache else "False",
        "NEWSROOM_BENCH_FLOOR": "True",
    }


def start_server(env: dict[str, str], port: int, workers: int, threads: int) -> subprocess.Popen:
    command = [str(GUNICORN), "newsroom.wsgi", f"--bind=127.0.0.1:{port}", f"--workers={workers}"]
    command += [f"--threads={threads}", "--worker-class=gthread", "--log-level=warning"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    stop_server(server)
    sys.exit("gunicorn did not answer /healthz within 30 s")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def wrk(url: str, connections: int, seconds: int) -> dict[str, float]:
    output = subprocess.run(
        ["wrk", f"-c{connections}", "-t2", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def millis(label: str) -> float:
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)", output, re.MULTILINE)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "p50": millis("50"),
        "p99": millis("99"),
        "errors": (int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(int(n) for n in socket_errors.groups()) if socket_errors else 0),
    }


def page_paths(database_url: str) -> dict[str, str]:
    """Real URLs from the corpus: the newest article, the most-linked studio and tag."""
    script = (
        "from django.db.models import Count;from taggit.models import Tag;"
        "from articles.models import ArticlePage, Studio, TopicPage, public_url;"
        "a=ArticlePage.objects.live().order_by('-date').first();"
        "s=Studio.objects.annotate(n=Count('articles')).order_by('-n').first();"
        "t=Tag.objects.annotate(n=Count('articles_articletag_items')).order_by('-n').first();"
        "print(a.url);print(TopicPage.objects.get(slug='movie-news').url);print(s.get_absolute_url());"
        "print(public_url(t));print(s.name.split()[0])"
    )
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "newsroom.settings.dev"}
    lines = subprocess.run(
        [str(PYTHON), "manage.py", "shell", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    article, topic, studio, tag, word = lines[-5:]
    return {
        "home": "/",
        "topic": topic,
        "article": article,
        "studio": studio,
        "tag": tag,
        "search": f"/search/?q={word}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database holding a corpus (bench/make_corpus.py).")
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")

    static_root = tempfile.mkdtemp(prefix="newsroom-bench-static-")
    paths = page_paths(database_url)
    results: list[tuple[str, dict[str, float]]] = []
    for cached in (True, False):
        env = environment(database_url, args.redis_url, static_root, page_cache=cached)
        if cached:
            subprocess.run(
                [str(PYTHON), "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
            )
        server = start_server(env, args.port, args.workers, args.threads)
        try:
            base = f"http://127.0.0.1:{args.port}"
            if cached:
                results.append(
                    ("floor (minimal Django view)", wrk(base + "/bench/floor/", args.connections, args.seconds))
                )
            for name, path in paths.items():
                urllib.request.urlopen(base + path, timeout=30).read()  # noqa: S310 - warm: renditions, cache
                label = f"{name} ({'cached' if cached else 'uncached'})"
                results.append((label, wrk(base + path, args.connections, args.seconds)))
        finally:
            stop_server(server)
    shutil.rmtree(static_root, ignore_errors=True)

    floor = results[0][1]["rps"]
    print(f"gunicorn gthread {args.workers}×{args.threads}, wrk {args.connections} connections × {args.seconds} s")
    print(f"{'target':<30} {'req/s':>8} {'× floor':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for label, figures in results:
        print(
            f"{label:<30} {figures['rps']:>8.0f} {figures['rps'] / floor:>8.2f} {figures['p50']:>8.1f} "
            f"{figures['p99']:>8.1f} {figures['errors']:>7}"
        )


if __name__ == "__main__":
    main()
