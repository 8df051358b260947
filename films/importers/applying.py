"""Writes a parsed FilmRecord into the catalogue: match, then field by field, editors' work wins.

A film is matched by external id first (TMDb, then IMDb), then by exact title + year. Its fields
go through FieldWriter (fields.py); its people, credits and where to watch through credits.py.
Callers run this inside a transaction (reviews/importers.py).
"""

from __future__ import annotations

from films.importers.credits import apply_availability, apply_credit
from films.importers.fields import FieldWriter, is_blank, unique_slug
from films.importers.records import FilmRecord, ImportFailed
from films.importers.report import ImportReport, Outcome
from films.models import Film, Genre

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
            slug=unique_slug(Film, record.title, f"{record.title} {record.year or ''}"),
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
        if name in ("tmdb_id", "imdb_id") and not is_blank(new) and _id_taken(film, name, new):
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
        apply_credit(film, credit, record, report=report, overwrite=overwrite, label=label)
    for offer in record.availability:
        apply_availability(film, offer, record, report=report, label=label)
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
                genre = Genre.objects.create(name=name, slug=unique_slug(Genre, name))
            genres.append(genre)
        film.genres.set(genres)

    writer.offer("genres", sorted(record.genres), current=current, apply=apply)
