"""Writes a parsed FilmRecord into the catalogue: match, then field by field, editors' work wins.

Matching is by external id first (TMDb, then IMDb), then exact title + year for films and
name + birth year for people. Two people who share a name are never merged: without a matching
birth year (or a credit on this very film) a new person is created, and the report says so.

A field is written when it is blank, or when it still holds what an import last wrote there
(FieldSource's fingerprint). A value an editor typed wins unless `overwrite` is set. Credits and
where-to-watch rows are only ever added, never removed; one an editor deleted is not brought back.
Callers run this inside a transaction (reviews/importers.py).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import slugify

from films.importers.records import (
    AvailabilityRecord,
    CreditRecord,
    FilmRecord,
    ImportFailed,
    PersonRecord,
)
from films.importers.report import ImportReport, Outcome
from films.models import (
    Availability,
    Credit,
    FieldSource,
    Film,
    Genre,
    Person,
    value_fingerprint,
)


def _is_blank(value) -> bool:
    return value is None or value == "" or value == []


def _shown(value) -> str:
    if _is_blank(value):
        return ""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _unique_slug(model: type[models.Model], *candidates: str) -> str:
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
        if _is_blank(current):
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
        if _is_blank(new):
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


FILM_FIELDS = (
    "title",
    "release_date",
    "runtime_minutes",
    "tagline",
    "synopsis",
    "budget_usd",
    "box_office_usd",
    "box_office_source",
    "box_office_as_of",
    "studio",
    "certificate_body",
    "certificate",
    "original_language",
    "countries",
    "trailer_url",
    "tmdb_id",
    "imdb_id",
)


def _find_film(record: FilmRecord) -> Film | None:
    if record.tmdb_id and (film := Film.objects.filter(tmdb_id=record.tmdb_id).first()):
        return film
    if record.imdb_id and (film := Film.objects.filter(imdb_id=record.imdb_id).first()):
        return film
    if record.year is None:
        return None
    same = list(Film.objects.filter(title=record.title, release_date__year=record.year)[:2])
    if len(same) > 1:
        raise ImportFailed(
            f"Two films are called {record.title} ({record.year}): give the right one its "
            "TMDb or IMDb id in the admin, then import again."
        )
    return same[0] if same else None


def film_apply(record: FilmRecord, *, report: ImportReport, overwrite: bool = False) -> Film:
    """Create or update the film `record` describes, with its genres, credits and where to watch."""
    film = _find_film(record)
    is_new = film is None
    if is_new:
        film = Film(
            title=record.title,
            slug=_unique_slug(Film, record.title, f"{record.title} {record.year or ''}"),
            # An imported film waits for an editor's look before readers see it.
            is_published=False,
        )
    label = f"Film: {record.title}" + (f" ({record.year})" if record.year else "")
    writer = FieldWriter(
        film, label=label, source=record.source, report=report, overwrite=overwrite, is_new=is_new
    )
    values = dict(record.fields, title=record.title, tmdb_id=record.tmdb_id, imdb_id=record.imdb_id)
    for name in FILM_FIELDS:
        new = values.get(name)
        if name in ("tmdb_id", "imdb_id") and not _is_blank(new) and _id_taken(film, name, new):
            report.add(
                label,
                writer.verbose(name),
                Outcome.SKIPPED,
                new=str(new),
                reason="another film already has this id",
            )
            continue
        writer.offer(name, new)
    if "certificate" in writer.written or "certificate_body" in writer.written:
        _keep_certificate_pair(writer)
    writer.full_clean_or_drop()
    if is_new or writer.written:
        film.save()
    writer.save_sources()
    _apply_genres(film, record, writer)
    writer.save_sources()
    for credit in record.credits:
        _apply_credit(film, credit, record, report=report, overwrite=overwrite, label=label)
    for offer in record.availability:
        _apply_availability(film, offer, record, report=report, label=label)
    report.notes.extend(f"{label}: {note}" for note in record.notes)
    report.films.append(film)
    return film


def _id_taken(film: Film, name: str, value) -> bool:
    others = Film.objects.filter(**{name: value})
    return (others.exclude(pk=film.pk) if film.pk else others).exists()


def _keep_certificate_pair(writer: FieldWriter) -> None:
    """A certificate and its body come as a pair: never keep one source's certificate under
    another's body."""
    wrote_body = "certificate_body" in writer.written
    wrote_certificate = "certificate" in writer.written
    if wrote_body != wrote_certificate:
        name = "certificate_body" if wrote_body else "certificate"
        old, _new = writer.written.pop(name)
        setattr(writer.instance, name, old)
        writer._pending.pop(name, None)
        for change in writer.report.changes:
            if change.record == writer.label and change.field == writer.verbose(name):
                change.outcome = Outcome.SKIPPED
                change.reason = "kept with the certificate an editor chose"


def _apply_genres(film: Film, record: FilmRecord, writer: FieldWriter) -> None:
    if not record.genres:
        return
    current = sorted(film.genres.values_list("name", flat=True)) if not writer.is_new else []

    def apply(names: list[str]) -> None:
        genres = []
        for name in names:
            genre = Genre.objects.filter(name__iexact=name).first()
            if genre is None:
                genre = Genre.objects.create(name=name, slug=_unique_slug(Genre, name))
            genres.append(genre)
        film.genres.set(genres)

    writer.offer("genres", sorted(record.genres), current=current, apply=apply)


def _find_person(record: PersonRecord, film: Film) -> tuple[Person | None, str]:
    """(the person, why not an existing one) for a credit on `film`."""
    if record.tmdb_id and (person := Person.objects.filter(tmdb_id=record.tmdb_id).first()):
        return person, ""
    if record.imdb_id and (person := Person.objects.filter(imdb_id=record.imdb_id).first()):
        return person, ""
    namesakes = list(Person.objects.filter(name=record.name))
    if not namesakes:
        return None, ""
    for person in namesakes:
        if record.birth_year and person.birth_date and person.birth_date.year == record.birth_year:
            return person, ""
    if film.pk:
        credited = [person for person in namesakes if person.credits.filter(film=film).exists()]
        if len(credited) == 1:
            return credited[0], ""
    return None, (
        f"{len(namesakes)} other {'person' if len(namesakes) == 1 else 'people'} named "
        f"{record.name} already on file; not merged without a matching id or birth year"
    )


def person_apply(
    record: PersonRecord, film: Film, *, source: str, report: ImportReport, overwrite: bool
) -> Person:
    # A person with two credits (directs and writes) is matched and reported once.
    identity = (film.pk, record.tmdb_id, record.imdb_id, record.name)
    if identity in report.people:
        return report.people[identity]
    person, why_new = _find_person(record, film)
    is_new = person is None
    if is_new:
        person = Person(name=record.name, slug=_unique_slug(Person, record.name))
    label = f"Person: {record.name}"
    writer = FieldWriter(
        person, label=label, source=source, report=report, overwrite=overwrite, is_new=is_new
    )
    writer.offer("name", record.name)
    if why_new:
        report.changes[-1].reason = why_new
    for name in ("tmdb_id", "imdb_id"):
        new = getattr(record, name)
        taken = Person.objects.filter(**{name: new}).exclude(pk=person.pk) if new else None
        if taken is not None and taken.exists():
            report.add(
                label,
                writer.verbose(name),
                Outcome.SKIPPED,
                new=str(new),
                reason="another person already has this id",
            )
        else:
            writer.offer(name, new)
    writer.full_clean_or_drop()
    if is_new or writer.written:
        person.save()
    writer.save_sources()
    report.people[identity] = person
    return person


def _row_key(kind: str, *parts) -> str:
    """A FieldSource name for a row the import added (a credit, a where-to-watch line): lets a
    later import see that an editor deleted it."""
    return f"{kind}:{value_fingerprint([str(part) for part in parts])[:20]}"


def _remembered(film: Film, key: str) -> bool:
    return FieldSource.objects.of(film).filter(field=key).exists()


def _remember_row(film: Film, key: str, source: str) -> None:
    FieldSource.objects.update_or_create(
        record_type=film._meta.label_lower,
        record_id=film.pk,
        field=key,
        defaults={
            "source": source,
            "fingerprint": value_fingerprint(key),
            "imported_at": timezone.now(),
        },
    )


def _apply_credit(
    film: Film,
    credit: CreditRecord,
    record: FilmRecord,
    *,
    report: ImportReport,
    overwrite: bool,
    label: str,
) -> None:
    identity = credit.person.tmdb_id or credit.person.imdb_id or credit.person.name
    key = _row_key("credit", identity, credit.role, credit.job or credit.character)
    if _remembered(film, key) and not overwrite:
        # Imported before: it stays as the editors left it, and if they removed it, removed.
        person, _why_new = _find_person(credit.person, film)
        if person is None or not _existing_credit(film, person, credit):
            report.add(
                label,
                "credit",
                Outcome.SKIPPED,
                new=credit.label,
                reason="an editor removed it after an earlier import",
            )
            return
    person = person_apply(
        credit.person, film, source=record.source, report=report, overwrite=overwrite
    )
    if found := _existing_credit(film, person, credit):
        same = credit.role == Credit.Role.CREW or found.character == credit.character
        if not same and found.character in _characters_of(record, credit.person):
            found = None  # one actor, two parts: the source lists this one too
    if found:
        reason = "" if same else f"already credited as {found.character or 'themself'}"
        report.add(
            label,
            "credit",
            Outcome.UNCHANGED if same else Outcome.SKIPPED,
            new=credit.label,
            reason=reason,
        )
        return
    Credit.objects.create(
        film=film,
        person=person,
        role=credit.role,
        character=credit.character if credit.role == Credit.Role.CAST else "",
        job=credit.job if credit.role == Credit.Role.CREW else "",
        billing_order=min(credit.order, 32767),
    )
    _remember_row(film, key, record.source)
    report.add(label, "credit", Outcome.CREATED, new=credit.label)


def _existing_credit(film: Film, person: Person, credit: CreditRecord) -> Credit | None:
    """The person's credit of this kind on the film: for cast, the same character if there is
    one, else any (an editor may have named the part differently)."""
    existing = film.credits.filter(person=person, role=credit.role)
    if credit.role == Credit.Role.CREW:
        return existing.filter(job=credit.job).first()
    return existing.filter(character=credit.character).first() or existing.first()


def _characters_of(record: FilmRecord, person: PersonRecord) -> set[str]:
    return {
        credit.character
        for credit in record.credits
        if credit.role == Credit.Role.CAST and credit.person == person
    }


def _apply_availability(
    film: Film, offer: AvailabilityRecord, record: FilmRecord, *, report: ImportReport, label: str
) -> None:
    shown = f"{Availability.Kind(offer.kind).label} on {offer.service} ({offer.region})"
    if film.availability.filter(
        service=offer.service, kind=offer.kind, region=offer.region
    ).exists():
        report.add(label, "where to watch", Outcome.UNCHANGED, new=shown)
        return
    key = _row_key("watch", offer.service, offer.kind, offer.region)
    if _remembered(film, key):
        report.add(
            label,
            "where to watch",
            Outcome.SKIPPED,
            new=shown,
            reason="an editor removed it after an earlier import",
        )
        return
    Availability.objects.create(
        film=film,
        service=offer.service,
        kind=offer.kind,
        region=offer.region,
        checked_on=datetime.date.today(),
    )
    _remember_row(film, key, record.source)
    report.add(label, "where to watch", Outcome.CREATED, new=shown)
