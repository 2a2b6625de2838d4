"""Screenshots of each public page type at desktop and phone widths, for the README (`make screenshots`)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

PAGES = {
    "home": "/",
    "topic": "/movie-news/",
    "article": "/movie-news/stx-entertainment-and-alibaba-pictures-team-up-on-steel-soldiers/",
    "film": "/films/steel-soldiers/",
    "person": "/people/robert-zemeckis/",
    "studio": "/studios/alibaba-pictures/",
    "tag": "/tags/china/",
    "search": "/search/?q=Alibaba",
}
WIDTHS = {"desktop": 1280, "phone": 390}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def demo_server() -> Iterator[tuple[str, dict]]:
    """The demo newsroom in a scratch SQLite database, served on a free loopback port: ``(base URL, environment)``.

    The environment runs ``manage.py`` against the same scratch database."""
    if not Path(CHROMIUM).exists():
        raise CommandError(f"{CHROMIUM} is missing: apt-get install chromium")
    scratch = Path(tempfile.mkdtemp(prefix="newsroom-shots-"))
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.dev",
        "DATABASE_URL": f"sqlite:///{scratch / 'db.sqlite3'}",
        "MEDIA_ROOT": str(scratch / "media"),
        "NEWSROOM_BASE_URL": f"http://127.0.0.1:{port}",
        "DEBUG": "1",
    }
    subprocess.run([*manage_py(), "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([*manage_py(), "load_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen(
        [*manage_py(), "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)  # noqa: S310 - loopback only
                break
            except OSError:
                time.sleep(0.2)
        yield base, env
    finally:
        server.terminate()
        server.wait(timeout=10)


def manage_py() -> list[str]:
    return [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]


def query_demo(env: dict, code: str) -> dict:
    """Run ``code`` (which prints one JSON object) against the scratch database and return what it printed."""
    output = subprocess.run([*manage_py(), "shell", "-c", code], env=env, check=True, capture_output=True, text=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


class Command(BaseCommand):
    help = "Serve the demo newsroom from a scratch database and save PNG screenshots to docs/screenshots/."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "docs" / "screenshots"))

    def handle(self, *args, **options) -> None:
        from playwright.sync_api import sync_playwright

        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        with demo_server() as (base, _env), sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for size, width in WIDTHS.items():
                context = browser.new_context(viewport={"width": width, "height": 900})
                page = context.new_page()
                for name, path in PAGES.items():
                    page.goto(base + path)
                    target = out / f"{name}-{size}.png"
                    page.screenshot(path=str(target), full_page=size == "phone")
                    self.stdout.write(f"wrote {target}")
                context.close()
            browser.close()
