"""Contributors keep "add" on the root but lose "change": they edit only the pages they own."""

from django.db import migrations


def sync_editorial_groups(apps, schema_editor):
    from articles.permissions import ensure_editorial_groups

    ensure_editorial_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_search_title_norm_index"),
    ]

    operations = [
        # Reversing leaves the narrower grant in place: widening access is a decision, not an undo.
        migrations.RunPython(sync_editorial_groups, migrations.RunPython.noop),
    ]
