"""Whole-stack throughput under load: gunicorn on PostgreSQL with production settings, driven by wrk on loopback.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench_100000 .venv/bin/python bench/load.py

In one run, with ``--connections`` concurrent clients for ``--seconds`` each, it measures:

- the floor: a bare Django view (bench/floor.py: no apps, no middleware) on the same gunicorn command line;
- ``/bench/floor/``: a minimal view on the site itself, through its whole middleware stack;
- home, topic, article, studio, person, film, tag, search and the pages API (list, detail) served from the
  full-page cache (Redis), then the same URLs through Varnish (docs/deploy.md's VCL) in front of that server;
- the same URLs with the page cache off.

Each row is printed with its ratio to the floor, and the load average (``uptime``) with the table: the machine
may be shared, so compare ratios from one run. Needs ``wrk`` (apt-get install wrk) and, for the Varnish rows,
varnishd with varnish-modules (skipped with a note when missing).
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import varnish  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
# The bare floor (bench/floor.py) is Django's own WSGI handler, built by gunicorn when it loads the app.
FLOOR_APP = "django.core.wsgi:get_wsgi_application()"


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


def floor_environment() -> dict[str, str]:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.floor"}


def start_server(
    env: dict[str, str], port: int, workers: int, threads: int, app: str = "newsroom.wsgi", ready: str = "/healthz"
) -> subprocess.Popen:
    """gunicorn serving ``app``; the site and the bare floor get the same command line but for the app."""
    command = [str(GUNICORN), app, f"--bind=127.0.0.1:{port}", f"--workers={workers}"]
    command += [f"--threads={threads}", "--worker-class=gthread", "--log-level=warning"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 120  # four workers importing Wagtail on a busy machine
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{ready}", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    stop_server(server)
    sys.exit(f"gunicorn ({app}) did not answer {ready} within 120 s")


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
    """Real URLs from the corpus: the newest article, the most-linked studio, person, film and tag."""
    script = (
        "from django.db.models import Count;from taggit.models import Tag;"
        "from articles.models import ArticlePage, Film, Person, Studio, TopicPage, public_url;"
        "a=ArticlePage.objects.live().order_by('-date').first();"
        "top=lambda m:m.objects.annotate(n=Count('articles')).order_by('-n').first();"
        "s,p,f=top(Studio),top(Person),top(Film);"
        "t=Tag.objects.annotate(n=Count('articles_articletag_items')).order_by('-n').first();"
        "print(a.url);print(TopicPage.objects.get(slug='movie-news').url);print(s.get_absolute_url());"
        "print(p.get_absolute_url());print(f.get_absolute_url());print(public_url(t));print(s.name.split()[0]);"
        "print(a.pk)"
    )
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "newsroom.settings.dev"}
    lines = subprocess.run(
        [str(PYTHON), "manage.py", "shell", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    article, topic, studio, person, film, tag, word, article_id = lines[-8:]
    return {
        "home": "/",
        "topic": topic,
        "article": article,
        "studio": studio,
        "person": person,
        "film": film,
        "tag": tag,
        "search": f"/search/?q={word}",
        "API list": "/api/v2/pages/?type=articles.ArticlePage",
        "API detail": f"/api/v2/pages/{article_id}/",
    }


def load_average() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


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
    notes = [f"before: {load_average()}"]

    def measure(label: str, url: str) -> None:
        urllib.request.urlopen(url, timeout=30).read()  # noqa: S310 - warm: renditions, caches
        results.append((label, wrk(url, args.connections, args.seconds)))

    server = start_server(floor_environment(), args.port + 1, args.workers, args.threads, FLOOR_APP, "/")
    try:
        measure("floor (bare Django view)", f"http://127.0.0.1:{args.port + 1}/")
    finally:
        stop_server(server)

    for cached in (True, False):
        env = environment(database_url, args.redis_url, static_root, page_cache=cached)
        if cached:
            subprocess.run(
                [str(PYTHON), "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
            )
        server = start_server(env, args.port, args.workers, args.threads)
        try:
            base = f"http://127.0.0.1:{args.port}"
            # /healthz answers once one worker is up; the others may still be importing the site.
            wrk(base + "/robots.txt", args.connections, 3)
            if cached:
                measure("/bench/floor/ (site middleware)", base + "/bench/floor/")
            for name, path in paths.items():
                measure(f"{name} ({'cached' if cached else 'uncached'})", base + path)
            if cached and varnish.is_installed():
                with varnish.running_varnish(args.port, storage="malloc,256m") as proxy:
                    for name, path in paths.items():
                        measure(f"{name} (Varnish)", proxy + path)
            elif cached:
                notes.append("varnishd is not installed: no Varnish rows")
        finally:
            stop_server(server)
    shutil.rmtree(static_root, ignore_errors=True)
    notes.append(f"after:  {load_average()}")

    floor = results[0][1]["rps"]
    print(f"gunicorn gthread {args.workers}×{args.threads}, wrk {args.connections} connections × {args.seconds} s")
    print(*notes, sep="\n")
    print(f"{'target':<34} {'req/s':>8} {'× floor':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for label, figures in results:
        print(
            f"{label:<34} {figures['rps']:>8.0f} {figures['rps'] / floor:>8.2f} {figures['p50']:>8.1f} "
            f"{figures['p99']:>8.1f} {figures['errors']:>7}"
        )


if __name__ == "__main__":
    main()
