"""Tallies of what the security tests tried, printed at the end of the run (tests/security/conftest.py)."""

from collections import Counter

TRIED: Counter[str] = Counter()
FAILED: Counter[str] = Counter()


def tally(kind: str, tried: int, failed: int = 0) -> None:
    TRIED[kind] += tried
    FAILED[kind] += failed
