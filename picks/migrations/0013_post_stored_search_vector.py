"""Posts keep their weighted search vector in a stored generated column, so search ranks by
reading it instead of computing to_tsvector over every matching body. A GIN index on the column
takes the name and place of 0006's expression index (PostgreSQL only).

Other databases get a column that stays NULL (core/search_vectors.py).
"""

import django.contrib.postgres.search
from django.db import migrations, models

import core.search_vectors

FORWARD = [
    "DROP INDEX IF EXISTS post_search_vector_idx",
    "CREATE INDEX IF NOT EXISTS post_search_vector_idx ON picks_post USING gin (search_vector)",
]
# The expression index of 0006 again: the search of that time computes the vector.
BACKWARD = [
    "DROP INDEX IF EXISTS post_search_vector_idx",
    """CREATE INDEX IF NOT EXISTS post_search_vector_idx ON picks_post USING gin ((
        setweight(to_tsvector('english'::regconfig, COALESCE(title, '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, COALESCE(standfirst, '')), 'B') ||
        setweight(to_tsvector('english'::regconfig, COALESCE(body, '')), 'C')))""",
]


def run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("picks", "0012_comment_browser_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=core.search_vectors.StoredSearchVector(
                    ("title", "A"), ("standfirst", "B"), ("body", "C")
                ),
                null=True,
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        # Backwards, the index goes before the column it indexes.
        migrations.RunPython(run_on_postgresql(FORWARD), run_on_postgresql(BACKWARD)),
    ]
