"""The site's search backend: Wagtail's database backend, with PostgreSQL's per-save bookkeeping kept small.

On PostgreSQL, Wagtail (modelsearch) refreshes ``title_norm`` after indexing each object: it averages the title
length over the whole index table and then updates every entry whose norm is still the default 1.0, a scan of
the table for each. At 100,000 articles that was 280 ms per indexed article, which bounded the worker at about
three and a half published or imported stories a second. Here the average is cached for an hour (it barely
moves once an archive is large; ``update_index`` still does the full refresh) and migration 0006 adds a partial
index on the entries still at 1.0, so each refresh touches only the new entries. Other databases get Wagtail's
backend unchanged. The override itself lives in ``articles.upstream`` (it replaces a private method).
"""

from __future__ import annotations

from django.db import connection
from modelsearch.backends.database import SearchBackend as database_search_backend
from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

from .upstream import TitleNormIndex


class NewsroomPostgresSearchBackend(PostgresSearchBackend):
    index_class = TitleNormIndex


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    if connection.vendor == "postgresql":
        return NewsroomPostgresSearchBackend(params)
    return database_search_backend(params)
