"""A partial index on the search entries whose ``title_norm`` is still the default (see articles.search_backend).

After indexing an object, Wagtail's PostgreSQL backend updates the entries ``WHERE title_norm = 1.0``; without an
index that is a scan of the whole table per indexed object. SQLite has its own FTS5 table and needs nothing.
"""

from django.db import migrations

INDEX = "newsroom_indexentry_default_norm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry (id) WHERE title_norm = 1.0"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_story_listing"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
