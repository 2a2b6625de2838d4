"""Deployment hardening: Content Security Policy, login throttling, health check, production settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.django_db


def test_public_pages_carry_a_strict_content_security_policy(client, home_page):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self';" in policy + ";"
    assert "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_admin_alone_gets_the_relaxed_policy_it_needs(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" in policy
    assert "frame-ancestors 'self'" in policy


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_repeated_failed_logins_are_throttled_with_429(client):
    get_user_model().objects.create_user("editor1", password="right-password-123")
    url = reverse("wagtailadmin_login")
    statuses = [client.post(url, {"username": "editor1", "password": "wrong"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]  # the form again, then locked at the limit
    locked = client.post(url, {"username": "editor1", "password": "right-password-123"})
    assert locked.status_code == 429
    assert not locked.wsgi_request.user.is_authenticated


@override_settings(AXES_ENABLED=True)
def test_a_correct_login_is_not_throttled(client):
    get_user_model().objects.create_user("editor2", password="right-password-123", is_staff=True)
    client.post(reverse("wagtailadmin_login"), {"username": "editor2", "password": "wrong"})
    response = client.post(reverse("wagtailadmin_login"), {"username": "editor2", "password": "right-password-123"})
    assert response.status_code == 302


def test_health_check_reports_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["cache"] == "ok"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE (and make run's NEWSROOM_BASE_URL) must not leak into a
    # production-settings check.
    skip = ("SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "NEWSROOM_BASE_URL")
    environment = {key: value for key, value in os.environ.items() if key not in skip}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_SETTINGS_MODULE="newsroom.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="newsroom.settings.production",
        SECRET_KEY="a-long-random-looking-secret-key-used-only-by-this-test-0123456789",
        ALLOWED_HOSTS="news.example.com",
    )
    assert result.returncode == 0, result.stderr + result.stdout
