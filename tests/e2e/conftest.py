"""Browser tests: Debian's Chromium driven by Playwright against a live server with the demo newsroom."""

import os
import shutil
from io import StringIO

import pytest
from django.core.management import call_command

from articles.management.commands.take_screenshots import CHROMIUM, CHROMIUM_ARGS  # one launch recipe

# Playwright's sync API runs an event loop; Django's ORM refuses to run inside one unless told it is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        if os.environ.get("NEWSROOM_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing; CI must install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def restore_migration_rows() -> None:
    """Put back the rows migrations made (content types, root page, site, groups) if an earlier transactional
    test flushed them: pytest-django's live server does not apply serialized rollback itself."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from wagtail.models import Page

    serialized = getattr(connection, "_test_serialized_contents", None)
    if serialized and Page.get_first_root_node() is None:
        # The flush's post_migrate recreated content types and permissions under new ids; the serialized
        # rows bring back the originals, which the restored groups and pages point at.
        from django.contrib.auth.models import Permission

        Permission.objects.all().delete()
        ContentType.objects.all().delete()
        connection.creation.deserialize_db_from_string(serialized)
    ContentType.objects.clear_cache()


@pytest.fixture
def demo_site(live_server, settings):
    """The demo newsroom served by a live server (page cache on, as in production).

    Tests using it are marked ``django_db(transaction=True)``.
    """
    settings.NEWSROOM_PAGE_CACHE = True
    restore_migration_rows()
    call_command("load_demo", stdout=StringIO())
    return live_server


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
