"""Dependency audit and upgrade report from the package registry's own data (PyPI's JSON API).

    python .ci/dependencies.py audit      # known vulnerabilities in what the requirements files install
    python .ci/dependencies.py outdated   # what is behind the newest release

Covers every distribution that requirements-dev.txt (which includes requirements.txt) and
requirements-production.txt pull in, found through the installed packages' own metadata, so transitive
dependencies count too. PyPI publishes, for each release, the advisories (OSV/PYSEC/GHSA) that affect it; a
release that is the newest is looked up on the project page, any other on its own release page. Exit status:
0 nothing known, 1 a known vulnerability or a yanked release, 3 the registry could not be reached (or gave no data
for some release): CI reports it and goes on, since that says nothing about our code.
"""

from __future__ import annotations

import json
import re
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ("requirements-dev.txt", "requirements-production.txt")
REGISTRY = "https://pypi.org/pypi"


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned(path: Path, seen: set[Path] | None = None) -> set[str]:
    """Project names named in a requirements file and the files it includes."""
    seen = seen or set()
    if path in seen or not path.exists():
        return set()
    seen.add(path)
    names: set[str] = set()
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r"):
            names |= pinned(path.parent / line[2:].strip(), seen)
        elif line and not line.startswith("-"):
            names.add(canonical(re.split(r"[\[=<>!~; ]", line, maxsplit=1)[0]))
    return names


def closure(names: set[str]) -> dict[str, str]:
    """Installed version of each named distribution and of everything it requires (extras included)."""
    versions: dict[str, str] = {}
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in versions:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        versions[name] = dist.version
        for requirement in dist.requires or []:
            todo.append(canonical(re.split(r"[\[=<>!~;( ]", requirement.strip(), maxsplit=1)[0]))
    return versions


def fetch(url: str) -> dict | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - the registry's HTTPS API
            return json.load(response)
    except (urllib.error.URLError, TimeoutError, json.JSONDecodeError):
        return None


def lookup(item: tuple[str, str]) -> dict:
    """The registry's word on one installed release: newest version, yanked, vulnerabilities (None: no data)."""
    name, version = item
    project = fetch(f"{REGISTRY}/{name}/json")
    if project is None:
        return {"name": name, "version": version, "latest": None, "vulnerabilities": None, "yanked": False}
    latest = project["info"]["version"]
    files = project.get("releases", {}).get(version, [])
    yanked = bool(files) and all(file.get("yanked") for file in files)
    if version == latest:
        vulnerabilities = project.get("vulnerabilities", [])
    else:
        release = fetch(f"{REGISTRY}/{name}/{version}/json")
        vulnerabilities = release.get("vulnerabilities", []) if release else None
    if vulnerabilities is not None:
        vulnerabilities = [vuln for vuln in vulnerabilities if not vuln.get("withdrawn")]
    return {"name": name, "version": version, "latest": latest, "vulnerabilities": vulnerabilities, "yanked": yanked}


def main(command: str) -> int:
    direct = set().union(*(pinned(ROOT / name) for name in REQUIREMENTS))
    installed = closure(direct)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = sorted(pool.map(lookup, installed.items()), key=lambda result: result["name"])
    unreachable = [result for result in results if result["latest"] is None]
    if command == "outdated":
        behind = [result for result in results if result["latest"] and result["latest"] != result["version"]]
        for result in behind:
            kind = "pinned" if result["name"] in direct else "via a pinned package"
            print(f"{result['name']:<28} {result['version']:<14} -> {result['latest']:<14} ({kind})")
        print(f"{len(behind)} of {len(results)} distributions are behind their newest release.")
        return 3 if unreachable else 0

    vulnerable = [result for result in results if result["vulnerabilities"] or result["yanked"]]
    unknown = [result for result in results if result["latest"] and result["vulnerabilities"] is None]
    for result in vulnerable:
        if result["yanked"]:
            print(f"YANKED {result['name']} {result['version']}")
        for vuln in result["vulnerabilities"] or []:
            fixed = ", ".join(vuln.get("fixed_in") or []) or "no fixed release yet"
            print(f"VULNERABLE {result['name']} {result['version']}: {vuln.get('id')} (fixed in {fixed})")
            print(f"    {(vuln.get('summary') or vuln.get('details') or '').strip()[:200]}")
    for result in unknown:
        print(f"NOT AUDITED {result['name']} {result['version']}: the registry gave no data for this release")
    for result in unreachable:
        print(f"NOT AUDITED {result['name']} {result['version']}: the registry could not be reached")
    audited = len(results) - len(unknown) - len(unreachable)
    print(
        f"Audited {audited} of {len(results)} distributions ({len(direct)} pinned, the rest their dependencies) "
        f"against PyPI's advisories: {len(vulnerable)} with a known vulnerability or a yanked release."
    )
    if vulnerable:
        return 1
    return 3 if unknown or unreachable else 0


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in {"audit", "outdated"}:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
