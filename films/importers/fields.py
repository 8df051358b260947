"""One record's imported fields: whether each may be written (editors' work wins), and a note of
where each written value came from (FieldSource).

A field is written when it is blank, or when it still holds what an import last wrote there
(FieldSource's fingerprint). A value an editor typed wins unless `overwrite` is set.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import slugify

from films.importers.records import ImportFailed
from films.importers.report import ImportReport, Outcome
from films.models import FieldSource, value_fingerprint


def is_blank(value) -> bool:
    return value is None or value == "" or value == []


def _shown(value) -> str:
    if is_blank(value):
        return ""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def unique_slug(model: type[models.Model], *candidates: str) -> str:
    bases = [slugify(candidate)[:190] for candidate in candidates if slugify(candidate)]
    base = bases[0] if bases else "untitled"
    for slug in bases:
        if not model.objects.filter(slug=slug).exists():
            return slug
    number = 2
    while model.objects.filter(slug=f"{base}-{number}").exists():
        number += 1
    return f"{base}-{number}"


class FieldWriter:
    """Decides, records and reports each imported field of one record (any model, any layer)."""

    def __init__(
        self,
        instance: models.Model,
        *,
        label: str,
        source: str,
        report: ImportReport,
        overwrite: bool,
        is_new: bool,
    ):
        self.instance = instance
        self.label = label
        self.source = source
        self.report = report
        self.overwrite = overwrite
        self.is_new = is_new
        self.now = timezone.now()
        self.written: dict[str, tuple[object, object]] = {}  # field -> (old value, new value)
        self._pending: dict[str, object] = {}  # field -> value to fingerprint once saved
        self._sources = (
            {row.field: row for row in FieldSource.objects.of(instance)} if instance.pk else {}
        )

    def verbose(self, name: str) -> str:
        try:
            return str(self.instance._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            return name

    def decide(self, name: str, current, new) -> tuple[str, str]:
        """(outcome, reason) for writing `new` over `current`."""
        if self.is_new:
            return Outcome.CREATED, ""
        if current == new:
            return Outcome.UNCHANGED, ""
        if is_blank(current):
            return Outcome.UPDATED, "was blank"
        last = self._sources.get(name)
        if last is not None and last.fingerprint == value_fingerprint(current):
            return Outcome.UPDATED, f"no editor changed the {last.get_source_display()} value"
        if self.overwrite:
            return Outcome.UPDATED, "overwrote an editor's value (--overwrite)"
        if last is not None:
            when = timezone.localtime(last.imported_at).date().isoformat()
            return (
                Outcome.SKIPPED,
                f"an editor changed it after the {last.get_source_display()} import of {when}",
            )
        return Outcome.SKIPPED, "an editor set it; no import wrote it"

    def offer(self, name: str, new, *, current=None, apply=None) -> str:
        """Offer `new` for field `name`; write it (with `apply`, or setattr) when the rules allow.
        Unknown values (blank) are never offered. Returns the outcome."""
        if is_blank(new):
            return ""
        if current is None and apply is None:
            current = getattr(self.instance, name)
        outcome, reason = self.decide(name, current, new)
        if outcome in (Outcome.CREATED, Outcome.UPDATED):
            if apply is None:
                setattr(self.instance, name, new)
                self.written[name] = (current, new)
            else:
                apply(new)
            self.remember(name, new)
        elif outcome == Outcome.UNCHANGED and name not in self._sources:
            self.remember(name, new)
        self.report.add(
            self.label,
            self.verbose(name),
            outcome,
            old=_shown(current) if outcome != Outcome.CREATED else "",
            new=_shown(new),
            reason=reason,
        )
        return outcome

    def remember(self, name: str, value) -> None:
        self._pending[name] = value

    def _full_clean(self) -> None:
        # Fields the model computes on save (a score's scale, timestamps) are not ours to check.
        computed = [field.name for field in self.instance._meta.fields if not field.editable]
        self.instance.full_clean(
            exclude=computed, validate_unique=False, validate_constraints=False
        )

    def full_clean_or_drop(self) -> None:
        """Validate the instance; a field that fails goes back to its old value, reported."""
        try:
            self._full_clean()
            return
        except ValidationError as error:
            problems = error.error_dict if hasattr(error, "error_dict") else {"__all__": [error]}
        for name, errors in problems.items():
            if name not in self.written:
                raise ImportFailed(f"{self.label}: {'; '.join(e.messages[0] for e in errors)}")
            old, new = self.written.pop(name)
            setattr(self.instance, name, old)
            self._pending.pop(name, None)
            for change in self.report.changes:
                if change.record == self.label and change.field == self.verbose(name):
                    change.outcome = Outcome.SKIPPED
                    change.reason = " ".join(message for e in errors for message in e.messages)
        try:
            self._full_clean()
        except ValidationError as error:
            raise ImportFailed(f"{self.label}: {' '.join(error.messages)}") from error

    def save_sources(self) -> None:
        """Record where each written field came from (after the instance has its primary key)."""
        for name, value in self._pending.items():
            FieldSource.objects.update_or_create(
                record_type=self.instance._meta.label_lower,
                record_id=self.instance.pk,
                field=name,
                defaults={
                    "source": self.source,
                    "fingerprint": value_fingerprint(value),
                    "imported_at": self.now,
                },
            )
        self._pending = {}
