"""A film's people, credits and where-to-watch rows from an import.

People are matched by TMDb or IMDb id, then by name + birth year, or by a credit on this very
film. Two people who share a name are never merged: otherwise a new person is created, and the
report says so. Credits and where-to-watch rows are only ever added, never removed; one an editor
deleted is not brought back (FieldSource remembers the rows an import added).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from films.importers.fields import FieldWriter, unique_slug
from films.importers.records import AvailabilityRecord, CreditRecord, FilmRecord, PersonRecord
from films.importers.report import ImportReport, Outcome
from films.models import Availability, Credit, FieldSource, Film, Person, value_fingerprint


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
        person = Person(name=record.name, slug=unique_slug(Person, record.name))
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


def apply_credit(
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


def apply_availability(
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
