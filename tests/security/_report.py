"""Tallies of what the security and fault tests tried, printed at the end of the run (tests/conftest.py).

Under pytest-xdist each worker keeps its own tally and hands it to the controller at the end (tests/conftest.py),
so the summary is complete with ``-n`` too.
"""

from collections import Counter

TRIED: Counter[str] = Counter()
FAILED: Counter[str] = Counter()


def tally(kind: str, tried: int, failed: int = 0) -> None:
    TRIED[kind] += tried
    FAILED[kind] += failed


LINES: list[str] = []


def report(line: str) -> None:
    """A line for the run's summary, e.g. a fault test's figures."""
    LINES.append(line)
