"""Prints how many payloads × places, roles × actions and junk inputs the security tests tried.

Under pytest-xdist each worker keeps its own tally and the summary shows only the controller's (none); CI runs
the suite in one process, where the figures are complete.
"""

from ._report import FAILED, TRIED


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not TRIED:
        return
    terminalreporter.section("security tests tried")
    for kind in sorted(TRIED):
        terminalreporter.write_line(f"SECURITY {kind}: tried={TRIED[kind]} failures={FAILED[kind]}")
