"""Slow clients cannot stall the production server: with a dozen sockets trickling their request heads, readers
still get answers at once (under two seconds on a busy machine) from gunicorn run with newsroom/gunicorn.conf.py
(its asyncio worker). The same attack against the old command line (three sync workers) is the control, so the
test shows it can tell the difference. (Threaded workers stall too once the sockets outnumber their threads, but
which worker accepts which socket varies, so they make no reliable control.)"""

from __future__ import annotations

import os
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from ..security._report import report, tally
from .test_faults import free_port

REPO = Path(__file__).resolve().parents[2]
SLOW_SOCKETS = 12


def serve(*options: str):
    """gunicorn on a free loopback port with the given options; the config file reads GUNICORN_BIND."""
    port = free_port()
    options = tuple(option.replace("{port}", str(port)) for option in options)
    folder = tempfile.mkdtemp(prefix="newsroom-slow-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.test",
        "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3",  # no tables: /healthz answers 503 at once
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "3",
    }
    process = subprocess.Popen(  # noqa: S603
        [str(REPO / ".venv/bin/gunicorn"), *options],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(f"{folder}/gunicorn.log", "wb"),  # noqa: SIM115 - closed with the process
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
            return process, port
        except urllib.error.HTTPError:
            return process, port  # answered (503: no database tables here)
        except OSError:
            time.sleep(0.2)
    process.kill()
    pytest.fail("gunicorn did not start within 30 s: " + Path(f"{folder}/gunicorn.log").read_text()[-2000:])


def trickle(port: int, stop: threading.Event) -> None:
    """A slowloris client: a request head sent one byte every half second, never finished."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        head = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 200
        for byte in head:
            if stop.wait(0.5):
                return
            try:
                sock.send(bytes([byte]))
            except OSError:
                return


def answer_time_under_attack(port: int) -> float | None:
    """Seconds for a reader's request while the slow clients hold their sockets; None if no answer in 5 s."""
    stop = threading.Event()
    attackers = [threading.Thread(target=trickle, args=(port, stop), daemon=True) for _ in range(SLOW_SOCKETS)]
    for thread in attackers:
        thread.start()
    time.sleep(2)  # every slow socket connected and sending
    started = time.monotonic()
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).read()
        return time.monotonic() - started
    except urllib.error.HTTPError:
        return time.monotonic() - started  # the server answered (503 without tables): that is what counts
    except OSError:
        return None
    finally:
        stop.set()
        for thread in attackers:
            thread.join(timeout=2)


def test_slow_clients_do_not_stall_the_production_server_configuration():
    process, port = serve("-c", "newsroom/gunicorn.conf.py")
    try:
        seconds = answer_time_under_attack(port)
    finally:
        process.terminate()
        process.wait(timeout=30)
    tally("slow-client cases", 1, int(seconds is None or seconds > 2))
    report(f"FAULT slow clients: {SLOW_SOCKETS} trickling sockets, reader answered in {seconds}s (gunicorn.conf.py)")
    assert seconds is not None and seconds < 2, seconds  # milliseconds when the machine is idle


def test_the_control_sync_workers_do_stall():
    """The old documented command (three sync workers) under the same attack: each trickling socket holds a worker
    and the reader waits."""
    process, port = serve("--workers=3", "--bind=127.0.0.1:{port}", "newsroom.wsgi")
    try:
        seconds = answer_time_under_attack(port)
    finally:
        process.terminate()
        process.wait(timeout=30)
    report(f"FAULT slow clients: control with 3 sync workers answered in {seconds}s (None: no answer in 5 s)")
    assert seconds is None
