"""Shared fixtures: a site with a home page, and helpers to build the page tree.

Tests that need real commits use ``@pytest.mark.django_db(transaction=True, serialized_rollback=True)``: without
serialized rollback the flush after them removes the root page, site and locale that migrations create.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from articles.permissions import ADMINS, CONTRIBUTORS, EDITORS
from tests.factories import TopicPageFactory, make_home_page


@pytest.fixture
def home_page(db):
    """A HomePage serving as the default site's root (Wagtail's welcome page removed)."""
    return make_home_page()


@pytest.fixture
def topic_page(home_page):
    return TopicPageFactory(parent=home_page, title="Movie News", slug="movie-news")


@pytest.fixture
def people(django_user_model):
    """Users in each role: the editorial groups made by migration 0003, and a user of another group that has admin
    access and nothing else."""

    def member(name: str, group: Group):
        user = django_user_model.objects.create_user(name, f"{name}@example.com", "pw", first_name=name.title())
        user.groups.add(group)
        return user

    sales = Group.objects.create(name="Sales")
    sales.permissions.add(Permission.objects.get(codename="access_admin"))
    return {
        "other": member("sam", sales),
        "contributor": member("casey", Group.objects.get(name=CONTRIBUTORS)),
        "editor": member("eddie", Group.objects.get(name=EDITORS)),
        "admin": member("ada", Group.objects.get(name=ADMINS)),
    }


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (the navigation and page caches live there)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def pytest_collection_modifyitems(config, items):
    """Tests on pytest-django's live server run last, browser tests at the very end: the live server flushes the
    database after them without restoring the rows migrations made (root page, site, groups), which later tests
    rely on (tests/e2e/conftest.py puts them back where it can)."""

    def tier(item) -> int:
        if "/tests/e2e/" in str(item.fspath):
            return 2
        return 1 if "live_server" in getattr(item, "fixturenames", ()) else 0

    items.sort(key=tier)


def pytest_sessionfinish(session, exitstatus):
    """Under pytest-xdist, each worker hands its tallies to the controller (``workeroutput``, xdist's public API)."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        from tests.security._report import FAILED, LINES, TRIED

        workeroutput["security_report"] = {"tried": dict(TRIED), "failed": dict(FAILED), "lines": list(LINES)}


def pytest_testnodedown(node, error):
    """The controller adds up what each xdist worker tried (hook called only where pytest-xdist runs)."""
    from tests.security._report import FAILED, LINES, TRIED

    report = getattr(node, "workeroutput", {}).get("security_report")
    if report:
        TRIED.update(report["tried"])
        FAILED.update(report["failed"])
        LINES.extend(report["lines"])


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """What the security and fault tests tried (tests/security/_report.py)."""
    from tests.security._report import FAILED, LINES, TRIED

    if not TRIED and not LINES:
        return
    terminalreporter.section("security and fault tests tried")
    for kind in sorted(TRIED):
        terminalreporter.write_line(f"SECURITY {kind}: tried={TRIED[kind]} failures={FAILED[kind]}")
    for line in LINES:
        terminalreporter.write_line(line)
