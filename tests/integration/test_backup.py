"""`make backup` and `make restore` round-trip a PostgreSQL database and its media."""

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from tests.factories import ArticlePageFactory, FilmFactory, StudioFactory, TopicPageFactory

REPO = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed"),
]


def database_url(name: str) -> str:
    db = settings.DATABASES["default"]
    user = db.get("USER") or "postgres"
    return f"postgres://{user}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"


def table_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        return {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}  # noqa: S608


def pages(url: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT path, title, slug, live FROM wagtailcore_page ORDER BY path").fetchall()


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("backups are PostgreSQL dumps; this run is on SQLite")


def test_restore_into_a_fresh_database_gives_identical_rows_and_pages(postgres_only, home_page, tmp_path):
    studio = StudioFactory(name="STX Entertainment")
    topic = TopicPageFactory(parent=home_page, title="Movie News", slug="movie-news")
    ArticlePageFactory(parent=topic, title="Steel Soldiers is coming", links={"studios": [studio], "tags": ["Sci-Fi"]})
    FilmFactory(name="Steel Soldiers")
    media = tmp_path / "media"
    (media / "original_images").mkdir(parents=True)
    (media / "original_images" / "hero.txt").write_text("pretend image")

    source_url = database_url(settings.DATABASES["default"]["NAME"])
    env = {**os.environ, "DATABASE_URL": source_url, "MEDIA_ROOT": str(media), "BACKUP_DIR": str(tmp_path / "b")}
    subprocess.run(["make", "--no-print-directory", "backup"], cwd=REPO, env=env, check=True, capture_output=True)
    (backup,) = (tmp_path / "b").iterdir()

    target = f"newsroom_restore_{uuid.uuid4().hex[:8]}"
    admin_url = database_url("postgres")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{target}"')
    try:
        restored_media = tmp_path / "restored-media"
        env = {**env, "DATABASE_URL": database_url(target), "MEDIA_ROOT": str(restored_media), "BACKUP": str(backup)}
        result = subprocess.run(
            ["make", "--no-print-directory", "restore", f"BACKUP={backup}"],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        assert table_counts(database_url(target)) == table_counts(source_url)
        assert pages(database_url(target)) == pages(source_url)
        assert (restored_media / "original_images" / "hero.txt").read_text() == "pretend image"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')


def test_backup_refuses_to_run_without_a_database_url():
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    result = subprocess.run(
        ["make", "--no-print-directory", "backup"], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stdout + result.stderr
