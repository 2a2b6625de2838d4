"""Varnish in front of a local backend with the VCL that docs/deploy.md ships (Debian's varnish and varnish-modules
for xkey). Shared by bench/load.py and tests/integration/test_varnish.py."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DEPLOY_GUIDE = Path(__file__).resolve().parents[1] / "docs" / "deploy.md"


def shipped_vcl(backend_port: int) -> str:
    """The VCL block of docs/deploy.md, pointed at a backend on this port."""
    vcl = re.search(r"```vcl\n(.*?)```", DEPLOY_GUIDE.read_text(), re.S).group(1)
    return vcl.replace('.port = "8000";', f'.port = "{backend_port}";')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_varnish(backend_port: int, storage: str = "malloc,64m") -> Iterator[str]:
    """varnishd on a free loopback port in front of ``backend_port``; yields its base URL, stops it afterwards.
    Raises RuntimeError when varnishd does not answer within 20 s."""
    folder = Path(tempfile.mkdtemp(prefix="newsroom-varnish-"))
    folder.chmod(0o755)  # varnishd's compiler and child run as their own users
    (folder / "newsroom.vcl").write_text(shipped_vcl(backend_port))
    port = free_port()
    process = subprocess.Popen(
        ["varnishd", "-F", "-a", f"127.0.0.1:{port}", "-f", str(folder / "newsroom.vcl"), "-n", str(folder / "work")]
        + ["-s", storage, "-p", "default_grace=0"],
        stdout=subprocess.DEVNULL,
        stderr=(folder / "varnishd.log").open("wb"),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1).read()  # noqa: S310 - loopback
                break
            except urllib.error.HTTPError:
                break  # an answer through Varnish, whatever its status
            except (urllib.error.URLError, OSError) as error:
                if time.monotonic() > deadline or process.poll() is not None:
                    log = (folder / "varnishd.log").read_text()[-2000:]
                    raise RuntimeError(f"varnishd did not answer within 20 s: {log}") from error
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        shutil.rmtree(folder, ignore_errors=True)


def is_installed() -> bool:
    return shutil.which("varnishd") is not None
