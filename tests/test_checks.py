"""Django's system checks: they pass on whichever database the suite runs on (CI runs SQLite and PostgreSQL), and
production settings refuse a per-process cache."""

import importlib
import sys

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.test import override_settings


def test_system_checks_pass_on_this_database():
    """`manage.py migrate` and `runserver` run these checks first; an error there stops a deployment."""
    call_command("check", databases=["default"])


LOCAL_MEMORY = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DATABASE = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "newsroom_cache"}}


def shared_cache_errors() -> list[str]:
    return [message.id for message in run_checks() if message.id == "newsroom.E001"]


@override_settings(NEWSROOM_REQUIRE_SHARED_CACHE=True, CACHES=LOCAL_MEMORY)
def test_production_with_a_per_process_cache_is_an_error():
    """The worker's scheduled publishing would never reach pages another process cached."""
    assert shared_cache_errors() == ["newsroom.E001"]


@override_settings(NEWSROOM_REQUIRE_SHARED_CACHE=True, CACHES=DATABASE)
def test_production_with_a_shared_cache_passes():
    assert shared_cache_errors() == []


@override_settings(NEWSROOM_REQUIRE_SHARED_CACHE=False, CACHES=LOCAL_MEMORY)
def test_a_single_process_site_or_the_tests_may_keep_a_local_memory_cache():
    assert shared_cache_errors() == []


def test_production_settings_require_a_shared_cache_unless_told_the_site_is_one_process(monkeypatch):
    """NEWSROOM_SINGLE_PROCESS=1 waives the check; the production default without REDIS_URL is the database cache."""
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("NEWSROOM_SINGLE_PROCESS", raising=False)
    production = load_settings("newsroom.settings.production")
    assert production.NEWSROOM_REQUIRE_SHARED_CACHE is True
    assert production.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    monkeypatch.setenv("NEWSROOM_SINGLE_PROCESS", "1")
    assert load_settings("newsroom.settings.production").NEWSROOM_REQUIRE_SHARED_CACHE is False


def base_url_errors() -> list[str]:
    return [message.id for message in run_checks() if message.id == "newsroom.E002"]


@override_settings(NEWSROOM_REQUIRE_HTTPS_BASE_URL=True, NEWSROOM_BASE_URL="https://news.example.com")
def test_production_with_an_https_base_url_passes():
    assert base_url_errors() == []


@pytest.mark.parametrize("base_url", ["", "http://news.example.com", "https://"])
def test_production_without_an_https_base_url_is_an_error(settings, base_url):
    """Emails would link to the wrong host, or over plain HTTP."""
    settings.NEWSROOM_REQUIRE_HTTPS_BASE_URL = True
    settings.NEWSROOM_BASE_URL = base_url
    assert base_url_errors() == ["newsroom.E002"]


def test_production_base_url_defaults_to_https_on_the_first_allowed_host(monkeypatch):
    """CI's `check --deploy` sets only ALLOWED_HOSTS; emails then link to https://news.example.com."""
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "news.example.com,www.news.example.com")
    monkeypatch.delenv("NEWSROOM_BASE_URL", raising=False)
    monkeypatch.delenv("WAGTAILADMIN_BASE_URL", raising=False)
    production = load_settings("newsroom.settings.production")
    assert production.NEWSROOM_BASE_URL == production.WAGTAILADMIN_BASE_URL == "https://news.example.com"
    monkeypatch.setenv("NEWSROOM_BASE_URL", "https://www.news.example.com/")
    production = load_settings("newsroom.settings.production")
    assert production.NEWSROOM_BASE_URL == production.WAGTAILADMIN_BASE_URL == "https://www.news.example.com"


def test_emails_link_to_the_base_url_the_run_address_sets(monkeypatch):
    """`make run PORT=8001` exports NEWSROOM_BASE_URL=http://127.0.0.1:8001; Wagtail's emails follow it."""
    monkeypatch.setenv("NEWSROOM_BASE_URL", "http://127.0.0.1:8001")
    monkeypatch.delenv("WAGTAILADMIN_BASE_URL", raising=False)
    dev = load_settings("newsroom.settings.base")
    assert dev.NEWSROOM_BASE_URL == dev.WAGTAILADMIN_BASE_URL == "http://127.0.0.1:8001"


def load_settings(name: str):
    """A fresh import of a settings module (and of base, which reads the environment), leaving Django's alone."""
    names = (name, "newsroom.settings.base")
    saved = {module: sys.modules.pop(module) for module in names if module in sys.modules}
    try:
        return importlib.import_module(name)
    finally:
        for module in names:
            sys.modules.pop(module, None)
        sys.modules.update(saved)
