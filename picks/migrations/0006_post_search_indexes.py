"""PostgreSQL-only search indexes for posts (the pg_trgm extension comes from films 0003).

Other databases skip these steps, so `migrate` works on SQLite too.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # The expression matches what picks.search builds, so the planner can use it.
    """CREATE INDEX IF NOT EXISTS post_search_vector_idx ON picks_post USING gin ((
        setweight(to_tsvector('english'::regconfig, COALESCE(title, '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, COALESCE(standfirst, '')), 'B') ||
        setweight(to_tsvector('english'::regconfig, COALESCE(body, '')), 'C')))""",
    "CREATE INDEX IF NOT EXISTS post_title_trgm_idx ON picks_post USING gin (title gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS post_title_trgm_idx",
    "DROP INDEX IF EXISTS post_search_vector_idx",
]


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FORWARD:
        schema_editor.execute(statement)


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in BACKWARD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("picks", "0005_post_is_featured"),
        ("films", "0003_search_indexes"),
    ]

    operations = [migrations.RunPython(create_search_indexes, drop_search_indexes)]
