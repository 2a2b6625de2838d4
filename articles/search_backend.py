"""The site's search backend: Wagtail's database backend, with PostgreSQL's per-save bookkeeping kept small.

On PostgreSQL, Wagtail (modelsearch) refreshes ``title_norm`` after indexing each object: it averages the title
length over the whole index table and then updates every entry whose norm is still the default 1.0, a scan of
the table for each. At 100,000 articles that was 280 ms per indexed article, which bounded the worker at about
three and a half published or imported stories a second. Here the average is cached for an hour (it barely
moves once an archive is large; ``update_index`` still does the full refresh) and migration 0006 adds a partial
index on the entries still at 1.0, so each refresh touches only the new entries. Other databases get Wagtail's
backend unchanged.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.db.models import Avg, F
from django.db.models.functions import Length
from modelsearch.backends.database import SearchBackend as database_search_backend
from modelsearch.backends.database.postgres.postgres import PostgresIndex, PostgresSearchBackend

AVERAGE_TITLE_KEY = "search:average-title-length"
AVERAGE_TITLE_SECONDS = 3600


class NewsroomPostgresIndex(PostgresIndex):
    def _refresh_title_norms(self, full: bool = False) -> None:
        if full:
            cache.delete(AVERAGE_TITLE_KEY)
            super()._refresh_title_norms(full=True)
            return
        average = cache.get(AVERAGE_TITLE_KEY)
        if average is None:
            titled = self.entries.annotate(title_length=Length("title")).filter(title_length__gt=0)
            average = titled.aggregate(Avg("title_length"))["title_length__avg"]
            if average is None:
                return  # nothing with a title is indexed yet
            cache.set(AVERAGE_TITLE_KEY, average, AVERAGE_TITLE_SECONDS)
        self.entries.filter(title_norm=1.0).annotate(title_length=Length("title")).filter(title_length__gt=0).update(
            title_norm=average / F("title_length")
        )


class NewsroomPostgresSearchBackend(PostgresSearchBackend):
    index_class = NewsroomPostgresIndex


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    if connection.vendor == "postgresql":
        return NewsroomPostgresSearchBackend(params)
    return database_search_backend(params)
