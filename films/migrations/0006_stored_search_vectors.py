"""Films and people keep their weighted search vector in a stored generated column, so search
ranks by reading it instead of computing to_tsvector for every matching row. A GIN index on
each column takes the name and place of 0003's expression index (PostgreSQL only).

Other databases get a column that stays NULL (core/search_vectors.py).
"""

import django.contrib.postgres.search
from django.db import migrations, models

import core.search_vectors

FORWARD = [
    "DROP INDEX IF EXISTS film_search_vector_idx",
    "DROP INDEX IF EXISTS person_search_vector_idx",
    "CREATE INDEX IF NOT EXISTS film_search_vector_idx ON films_film USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS person_search_vector_idx ON films_person USING gin (search_vector)",
]
# The expression indexes of 0003 again: the search of that time computes the vector.
BACKWARD = [
    "DROP INDEX IF EXISTS person_search_vector_idx",
    "DROP INDEX IF EXISTS film_search_vector_idx",
    """CREATE INDEX IF NOT EXISTS film_search_vector_idx ON films_film USING gin ((
        setweight(to_tsvector('english'::regconfig, COALESCE(title, '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, COALESCE(tagline, '')), 'B') ||
        setweight(to_tsvector('english'::regconfig, COALESCE(synopsis, '')), 'C')))""",
    """CREATE INDEX IF NOT EXISTS person_search_vector_idx ON films_person USING gin ((
        setweight(to_tsvector('english'::regconfig, COALESCE(name, '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, COALESCE(alternative_names, '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, COALESCE(bio, '')), 'C')))""",
]


def run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("films", "0005_clean_image_uploads"),
    ]

    operations = [
        migrations.AddField(
            model_name="film",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=core.search_vectors.StoredSearchVector(
                    ("title", "A"), ("tagline", "B"), ("synopsis", "C")
                ),
                null=True,
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=core.search_vectors.StoredSearchVector(
                    ("name", "A"), ("alternative_names", "A"), ("bio", "C")
                ),
                null=True,
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        # Backwards, the indexes go before the columns they index.
        migrations.RunPython(run_on_postgresql(FORWARD), run_on_postgresql(BACKWARD)),
    ]
