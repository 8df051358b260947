"""Where an imported field's value came from: the source, when, and a fingerprint of the value.

A later import compares a field's current value with the fingerprint of what it last wrote: when
they differ an editor has changed the field by hand, and the import leaves it alone unless told
to overwrite (films/importers/fields.py).
"""

from __future__ import annotations

import hashlib
import json

from django.db import models
from django.db.models.signals import post_delete


class ImportSource(models.TextChoices):
    TMDB = "tmdb", "TMDb"
    IMDB = "imdb", "IMDb datasets"


def value_fingerprint(value) -> str:
    """A short, stable digest of a field's value (dates, numbers, lists of names alike)."""
    text = json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class FieldSourceQuerySet(models.QuerySet):
    def of(self, record: models.Model) -> FieldSourceQuerySet:
        return self.filter(record_type=record._meta.label_lower, record_id=record.pk)


class FieldSource(models.Model):
    # A model label ("films.film", "reviews.score") rather than a foreign key: one table serves
    # every imported record, and the records' layers stay free of it.
    record_type = models.CharField(max_length=60)
    record_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=60)
    source = models.CharField(max_length=10, choices=ImportSource.choices)
    fingerprint = models.CharField(
        max_length=32, help_text="A digest of the value the import wrote."
    )
    imported_at = models.DateTimeField()

    objects = FieldSourceQuerySet.as_manager()

    class Meta:
        ordering = ["record_type", "record_id", "field"]
        verbose_name = "imported field"
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "record_id", "field"], name="field_source_one_per_field"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_type} {self.record_id}: {self.field} from {self.get_source_display()}"


def forget_sources(sender, instance, **kwargs) -> None:
    FieldSource.objects.of(instance).delete()


# A deleted record's provenance goes with it (FieldSource names records by label, not by key).
for label in ("films.Film", "films.Person"):
    post_delete.connect(forget_sources, sender=label, dispatch_uid=f"forget_sources_{label}")
