"""PostgreSQL restarted under load: gunicorn recovers within seconds and every acknowledged write is kept.

The test builds its own throwaway PostgreSQL cluster (initdb in a temporary folder, its own port) so the shared
server is never touched, migrates it, serves Newsroom from gunicorn against it, and drives readers and a writer
(the admin's "create entity" endpoint, as a logged-in editor's browser calls it) over loopback while it restarts
the cluster. It needs root (to run initdb as the postgres user) and PostgreSQL's server binaries; it runs in the
PostgreSQL pass of CI and takes about a minute.
"""

from __future__ import annotations

import http.cookiejar
import os
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from ..security._report import report, tally
from .test_faults import free_port

REPO = Path(__file__).resolve().parents[2]
BIN = Path("/usr/lib/postgresql/15/bin")
PYTHON = REPO / ".venv" / "bin" / "python"

pytestmark = pytest.mark.postgres


def as_postgres(*command: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True, capture_output=True, **kwargs)


@pytest.fixture
def cluster():
    if connection.vendor != "postgresql":
        pytest.skip("the restart test runs in the PostgreSQL pass")
    if os.geteuid() != 0 or not (BIN / "initdb").exists() or shutil.which("runuser") is None:
        pytest.skip("needs root and PostgreSQL 15's server binaries to build a throwaway cluster")
    folder = Path(tempfile.mkdtemp(prefix="newsroom-pg-"))
    shutil.chown(folder, "postgres", "postgres")
    data, port = folder / "data", free_port()
    as_postgres(str(BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync")
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"

    def pg_ctl(*args: str) -> None:
        as_postgres(str(BIN / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l", str(folder / "log"), *args)

    pg_ctl("start")
    as_postgres(str(BIN / "createdb"), "-h", "127.0.0.1", "-p", str(port), "newsroom")
    try:
        yield f"postgres://postgres@127.0.0.1:{port}/newsroom", pg_ctl
    finally:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", str(BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


def test_requests_recover_after_a_restart_and_no_acknowledged_write_is_lost(cluster):
    database_url, pg_ctl = cluster
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.dev",
        "DEBUG": "False",
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "60",  # persistent connections: the health checks must notice the dead ones
        "REDIS_URL": "",
        "TASK_BACKEND": "immediate",
    }
    manage = [str(PYTHON), "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=REPO, env=env, check=True)
    subprocess.run([*manage, "load_demo"], cwd=REPO, env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [str(REPO / ".venv/bin/gunicorn"), "newsroom.wsgi", f"--bind=127.0.0.1:{port}", "--workers=2", "--threads=4"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.3)

        # An editor's browser session: the login form, then the entity endpoint with its CSRF token.
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        opener.open(base + "/admin/login/", timeout=10).read()
        token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
        login = urllib.parse.urlencode(
            {"username": "admin", "password": "newsroom-admin", "csrfmiddlewaretoken": token}
        )
        opener.open(urllib.request.Request(base + "/admin/login/", login.encode(), {"Referer": base}), timeout=10)
        token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")  # rotated by the login

        stop = threading.Event()
        lock = threading.Lock()
        results = {"served": 0, "errors": 0, "acknowledged": [], "failed_at": [], "ok_at": []}

        def reader():
            while not stop.is_set():
                for path in ("/", "/movie-news/", "/studios/", "/search/?q=alibaba"):
                    try:
                        urllib.request.urlopen(base + path, timeout=5).read()
                        ok = True
                    except (urllib.error.URLError, OSError):
                        ok = False
                    with lock:
                        results["served"] += 1
                        results["errors"] += not ok
                        results["ok_at" if ok else "failed_at"].append(time.monotonic())

        def writer():
            number = 0
            while not stop.is_set():
                number += 1
                name = f"Restart Studio {number}"
                body = urllib.parse.urlencode({"name": name}).encode()
                request = urllib.request.Request(
                    base + "/admin/newsroom/entities/studio/create/",
                    body,
                    {"X-CSRFToken": token, "Referer": base},
                )
                try:
                    opener.open(request, timeout=5).read()
                    with lock:
                        results["acknowledged"].append(name)
                except (urllib.error.URLError, OSError):
                    pass
                time.sleep(0.05)

        threads = [threading.Thread(target=reader) for _ in range(3)] + [threading.Thread(target=writer)]
        for thread in threads:
            thread.start()
        time.sleep(3)
        restarted_at = time.monotonic()
        pg_ctl("restart", "-m", "fast")
        time.sleep(6)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)

        after = [moment for moment in results["ok_at"] if moment > restarted_at]
        recovery = (min(after) - restarted_at) if after else float("inf")
        still_failing = [moment for moment in results["failed_at"] if moment > restarted_at + 5]
        names = set(results["acknowledged"])
        check = (
            "from articles.models import Studio; import sys; "
            "names = set(sys.stdin.read().split('\\n')); "
            "print(len(names - set(Studio.objects.filter(name__in=names).values_list('name', flat=True))))"
        )
        lost = subprocess.run(
            [*manage, "shell", "-v0", "-c", check],
            cwd=REPO,
            env=env,
            input="\n".join(names),
            capture_output=True,
            text=True,
        ).stdout.strip()
        line = (
            f"FAULT postgres-restart: served={results['served']} errors={results['errors']} "
            f"recovery={recovery:.1f}s writes_acknowledged={len(names)} writes_lost={lost}"
        )
        report(line)
        tally("fault: postgres restarted (requests)", results["served"], len(still_failing))
        assert recovery < 5, line
        assert not still_failing, line
        assert names and lost == "0", line
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
