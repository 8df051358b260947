"""Site settings, social links and slug redirects move to the shared base app `core`.

The rows are moved into core's tables (ids kept), then picks' tables are dropped; the reverse
step moves them back.
"""

from django.core.management.color import no_style
from django.db import migrations

MOVED = ["SiteSettings", "SocialLink", "SlugRedirect"]  # parents before children


def _copy(apps, schema_editor, source_app: str, target_app: str) -> None:
    connection = schema_editor.connection
    targets = []
    for name in MOVED:
        source = apps.get_model(source_app, name)
        target = apps.get_model(target_app, name)
        targets.append(target)
        columns = [field.attname for field in source._meta.concrete_fields]
        target.objects.bulk_create(
            [target(**row) for row in source.objects.values(*columns).iterator()]
        )
    # Ids were copied as they were: move each sequence past them (PostgreSQL).
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), targets):
            cursor.execute(statement)


def move_to_core(apps, schema_editor) -> None:
    _copy(apps, schema_editor, "picks", "core")  # picks' tables are dropped next


def move_back_to_picks(apps, schema_editor) -> None:
    _copy(apps, schema_editor, "core", "picks")
    # core's tables stay (core.0001 is not unapplied): leave them empty for the next forward.
    for name in reversed(MOVED):
        apps.get_model("core", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("picks", "0006_post_search_indexes"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(move_to_core, move_back_to_picks),
        migrations.DeleteModel(name="SocialLink"),
        migrations.DeleteModel(name="SiteSettings"),
        migrations.DeleteModel(name="SlugRedirect"),
    ]
