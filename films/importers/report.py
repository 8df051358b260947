"""What an import did (or, in a dry run, would do), field by field, for the command and the desk."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models


class Outcome(models.TextChoices):
    CREATED = "created", "Created"
    UPDATED = "updated", "Updated"
    UNCHANGED = "unchanged", "Unchanged"
    SKIPPED = "skipped", "Skipped"


@dataclass
class Change:
    record: str  # "Film: La La Land (2016)"
    field: str  # "runtime (minutes)", "credit", "where to watch"
    outcome: str  # Outcome
    old: str = ""
    new: str = ""
    reason: str = ""

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label


@dataclass
class ImportReport:
    dry_run: bool = False
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    films: list = field(default_factory=list)  # the films written, in the order imported
    people: dict = field(default_factory=dict)  # each credited person, once per film

    def add(self, record: str, field_name: str, outcome: str, **details: str) -> None:
        self.changes.append(Change(record, field_name, outcome, **details))

    def counts(self) -> dict[str, int]:
        tally = {outcome.value: 0 for outcome in Outcome}
        for change in self.changes:
            tally[change.outcome] += 1
        return tally

    def by_record(self) -> list[tuple[str, list[Change]]]:
        grouped: dict[str, list[Change]] = {}
        for change in self.changes:
            grouped.setdefault(change.record, []).append(change)
        return list(grouped.items())

    @property
    def summary(self) -> str:
        """'Would change: 12 created, 0 updated, 3 unchanged, 1 skipped.'"""
        counts = self.counts()
        figures = ", ".join(f"{counts[outcome.value]} {outcome.value}" for outcome in Outcome)
        return f"{'Dry run, nothing saved' if self.dry_run else 'Imported'}: {figures}."

    @property
    def skipped(self) -> list[Change]:
        return [change for change in self.changes if change.outcome == Outcome.SKIPPED]
