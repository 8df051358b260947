"""The weighted full-text vector a record keeps for site search, as a generated column.

PostgreSQL computes and stores it on every write, whoever writes (a form, a bulk insert, an
UPDATE), so search reads it from a GIN index instead of computing it per row. Other databases
store NULL there; their search reads the text fields (picks/search.py).
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models

CONFIG = "english"


class StoredSearchVector(models.Func):
    """setweight(to_tsvector('english', coalesce(field, '')), weight) || … for each
    (field name, weight) pair, "A" the highest weight, on PostgreSQL; NULL elsewhere."""

    template = "%(expressions)s"
    output_field = SearchVectorField()

    def __init__(self, *weighted_fields: tuple[str, str], config: str = CONFIG) -> None:
        self.weights = dict(weighted_fields)
        vector = None
        for name, weight in self.weights.items():
            part = SearchVector(name, weight=weight, config=config)
            vector = part if vector is None else vector + part
        super().__init__(vector)

    def as_sql(self, compiler, connection, **extra_context):
        return "NULL", []

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, **extra_context)


def stored_search_vector(*weighted_fields: tuple[str, str]) -> models.GeneratedField:
    """The model field: a stored generated column, empty (NULL) outside PostgreSQL."""
    return models.GeneratedField(
        expression=StoredSearchVector(*weighted_fields),
        output_field=SearchVectorField(),
        db_persist=True,
        null=True,
    )
