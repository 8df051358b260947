"""PostgreSQL-only search support: the pg_trgm extension, full-text and trigram GIN indexes.

Other databases skip these steps, so `migrate` works on SQLite too.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # The expressions match what picks.search builds, so the planner can use them.
    """CREATE INDEX IF NOT EXISTS film_search_vector_idx ON films_film USING gin ((
        setweight(to_tsvector('english'::regconfig, COALESCE(title, '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, COALESCE(tagline, '')), 'B') ||
        setweight(to_tsvector('english'::regconfig, COALESCE(synopsis, '')), 'C')))""",
    "CREATE INDEX IF NOT EXISTS film_title_trgm_idx ON films_film USING gin (title gin_trgm_ops)",
    """CREATE INDEX IF NOT EXISTS person_search_vector_idx ON films_person USING gin ((
        setweight(to_tsvector('english'::regconfig, COALESCE(name, '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, COALESCE(alternative_names, '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, COALESCE(bio, '')), 'C')))""",
    "CREATE INDEX IF NOT EXISTS person_name_trgm_idx ON films_person USING gin (name gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS person_name_trgm_idx",
    "DROP INDEX IF EXISTS person_search_vector_idx",
    "DROP INDEX IF EXISTS film_title_trgm_idx",
    "DROP INDEX IF EXISTS film_search_vector_idx",
]


def create_search_support(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FORWARD:
        schema_editor.execute(statement)


def drop_search_support(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in BACKWARD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("films", "0002_constraint_messages")]

    operations = [migrations.RunPython(create_search_support, drop_search_support)]
