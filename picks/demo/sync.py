"""The demo loader's generic steps: create, update or leave a row; prune; draw a missing image.

Each step counts what it did in the DemoReport, which is how a second load shows it changed nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import models

# Image fields are filled after save() by Sync.image, so full_clean() must not ask for them.
IMAGE_FIELDS = ["poster", "photo", "hero_image"]


class DemoDataError(Exception):
    """The data file names something it does not define, or is shaped wrongly."""


@dataclass
class DemoReport:
    dry_run: bool = False
    counts: dict[str, Counter] = field(default_factory=dict)
    images_drawn: int = 0
    editor_created: bool = False
    editor_password: str | None = None

    def count(self, label: str, outcome: str, amount: int = 1) -> None:
        self.counts.setdefault(label, Counter())[outcome] += amount

    def total(self, outcome: str) -> int:
        return sum(counter[outcome] for counter in self.counts.values())

    @property
    def changed(self) -> bool:
        return bool(
            self.total("created") or self.total("updated") or self.total("deleted")
        ) or bool(self.images_drawn)

    def summary(self) -> str:
        verb = "would be " if self.dry_run else ""
        images = "would be drawn" if self.dry_run else "drawn"
        return (
            f"Demo content: {self.total('created')} {verb}created, "
            f"{self.total('updated')} {verb}updated, {self.total('deleted')} {verb}deleted, "
            f"{self.total('unchanged')} unchanged; {self.images_drawn} images {images}."
        )

    def details(self) -> list[str]:
        lines = []
        for label, counter in sorted(self.counts.items()):
            parts = [
                f"{counter[key]} {key}" for key in ("created", "updated", "deleted") if counter[key]
            ]
            lines.append(
                f"  {label}: {', '.join(parts) or 'unchanged'} ({counter['unchanged']} unchanged)"
            )
        return lines


def lookup(table: dict, key: Any, what: str):
    try:
        return table[key]
    except KeyError:
        raise DemoDataError(
            f"The demo data names {what} {key!r}, which it does not define."
        ) from None


def _differs(obj: models.Model, values: dict[str, Any]) -> bool:
    for name, value in values.items():
        model_field = obj._meta.get_field(name)
        if model_field.many_to_one:
            # Compare ids: reading the relation itself would cost a query per row.
            if getattr(obj, model_field.attname) != (value.pk if value is not None else None):
                return True
        elif getattr(obj, name) != value:
            return True
    return False


class Sync:
    """Brings rows in line with the data file, saving only what differs, and counts it all."""

    def __init__(self, report: DemoReport) -> None:
        self.report = report

    def row(
        self,
        model: type[models.Model],
        index: dict[Any, models.Model],
        key: Any,
        values: dict[str, Any],
        *,
        computed: Iterable[str] = (),
    ) -> models.Model:
        """Create the row under `key`, or update it if any of `values` differs; else leave it.

        `computed` names fields the model fills in save(), which full_clean() cannot check before.
        """
        label = str(model._meta.verbose_name_plural)
        exclude = IMAGE_FIELDS + list(computed)
        obj = index.get(key)
        if obj is None:
            obj = model(**values)
            outcome = "created"
        elif _differs(obj, values):
            for name, value in values.items():
                setattr(obj, name, value)
            outcome = "updated"
        else:
            self.report.count(label, "unchanged")
            return obj
        # The database enforces the named constraints on save; checking each of them in Python
        # first took half the load time, which `make run` and the tests pay on every start.
        obj.full_clean(exclude=exclude, validate_constraints=False)
        obj.save()
        index[key] = obj
        self.report.count(label, outcome)
        return obj

    def prune(self, model: type[models.Model], index: dict[Any, models.Model], keep: set) -> None:
        """Delete the rows the data file no longer lists."""
        stale_keys = [key for key in index if key not in keep]
        stale = [index.pop(key).pk for key in stale_keys]
        if stale:
            model.objects.filter(pk__in=stale).delete()
            self.report.count(str(model._meta.verbose_name_plural), "deleted", len(stale))

    def members(self, label: str, manager, current: set, wanted: set) -> None:
        """Set a many-to-many (or tag) relation only if its members differ."""
        if current == wanted:
            self.report.count(label, "unchanged")
            return
        manager.set(list(wanted))
        self.report.count(label, "updated")

    def image(
        self, obj: models.Model, field_name: str, filename: str, draw: Callable[[], bytes]
    ) -> None:
        """Draw and store the image only when the record has none or its file has gone."""
        file = getattr(obj, field_name)
        if file and file.storage.exists(file.name):
            return
        self.report.images_drawn += 1
        if self.report.dry_run:
            return
        content = draw()
        storage = file.storage
        name = file.field.generate_filename(obj, filename)
        # A previous load may have left the very same picture (after a database reset): reuse it.
        if storage.exists(name):
            with storage.open(name, "rb") as existing:
                if existing.read() == content:
                    setattr(obj, field_name, name)
                    obj.save(update_fields=[field_name])
                    return
        file.save(filename, ContentFile(content), save=False)
        obj.save(update_fields=[field_name])
