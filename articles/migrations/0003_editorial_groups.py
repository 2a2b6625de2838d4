"""Create the Contributors, Editors and Admins groups and the "Editorial review" workflow."""

from django.db import migrations


def create_editorial_groups(apps, schema_editor):
    from articles.permissions import ensure_editorial_groups

    ensure_editorial_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_curation_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        # Reversing leaves the groups and workflow in place: people may have been added to them since.
        migrations.RunPython(create_editorial_groups, migrations.RunPython.noop),
    ]
