"""What the parsers hand the applier: plain records, free of any source's format or the database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from films.models import Credit, ImportSource


class ImportFailed(Exception):
    """Bad input: a malformed file, a dataset missing columns, an id that does not exist. The
    message is the one line the editor sees."""


@dataclass
class PersonRecord:
    name: str
    tmdb_id: int | None = None
    imdb_id: str = ""
    birth_year: int | None = None


@dataclass
class CreditRecord:
    person: PersonRecord
    role: str  # Credit.Role
    character: str = ""
    job: str = ""  # Credit.Job, for crew
    order: int = 100

    @property
    def label(self) -> str:
        if self.role == Credit.Role.CAST:
            return f"{self.person.name} as {self.character or 'themself'}"
        return f"{self.person.name}, {Credit.Job(self.job).label.lower()}"


@dataclass
class AvailabilityRecord:
    service: str
    kind: str  # Availability.Kind
    region: str


@dataclass
class RatingRecord:
    value: Decimal  # out of 10
    votes: int
    as_of: datetime.date


@dataclass
class FilmRecord:
    """One film as a source describes it. A field left at its empty value is unknown to the
    source and never written; `fields` holds only what the source said."""

    source: str  # ImportSource
    title: str
    tmdb_id: int | None = None
    imdb_id: str = ""
    year: int | None = None
    fields: dict[str, object] = field(default_factory=dict)
    genres: list[str] = field(default_factory=list)
    credits: list[CreditRecord] = field(default_factory=list)
    availability: list[AvailabilityRecord] = field(default_factory=list)
    rating: RatingRecord | None = None
    # What the parser left out and why ("12 crew jobs Marquee does not list"), for the summary.
    notes: list[str] = field(default_factory=list)

    @property
    def source_label(self) -> str:
        return ImportSource(self.source).label
