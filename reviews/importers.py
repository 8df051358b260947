"""A whole film import, in one transaction: the films layer writes the film, its people, credits
and where to watch (films/importers/applying.py, credits.py); this layer adds IMDb's rating as
a Score.

The dry run takes the very same path and rolls it back, so what it reports is what applying does.
The management command (reviews/management/commands/import_film.py) and the editors' desk
(picks/admin/importing.py) both call `films_import`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from films.importers.applying import film_apply
from films.importers.fields import FieldWriter
from films.importers.records import FilmRecord, ImportFailed, RatingRecord
from films.importers.report import ImportReport
from films.models import Film
from reviews.models import Outlet, Score

IMDB_OUTLET = {
    "name": "IMDb",
    "slug": "imdb",
    "website": "https://www.imdb.com/",
    "kind": Outlet.Kind.AGGREGATOR,
    "scale": Outlet.Scale.TEN,
}


def imdb_outlet() -> Outlet:
    """The IMDb outlet (users' ratings out of 10), created the first time a rating comes in."""
    outlet = (
        Outlet.objects.filter(slug="imdb").first() or Outlet.objects.filter(name="IMDb").first()
    )
    if outlet is None:
        return Outlet.objects.create(**IMDB_OUTLET)
    if outlet.scale != Outlet.Scale.TEN:
        raise ImportFailed(
            f"The outlet {outlet.name} scores on a {outlet.get_scale_display()} scale; IMDb's "
            "ratings are out of 10. Set its scale to 0–10 before importing ratings."
        )
    return outlet


def rating_apply(
    film: Film, rating: RatingRecord, *, source: str, report: ImportReport, overwrite: bool
) -> Score:
    """IMDb's mean rating as the film's IMDb Score, with the vote count and the dataset's date."""
    outlet = imdb_outlet()
    score = Score.objects.filter(film=film, outlet=outlet).first()
    is_new = score is None
    if is_new:
        score = Score(film=film, outlet=outlet)
    writer = FieldWriter(
        score,
        label=f"IMDb score: {film.title}",
        source=source,
        report=report,
        overwrite=overwrite,
        is_new=is_new,
    )
    writer.offer("value", rating.value)
    writer.offer("review_count", rating.votes)
    writer.offer("as_of", rating.as_of)
    writer.full_clean_or_drop()
    if is_new or writer.written:
        score.save()
    writer.save_sources()
    return score


def films_import(
    records: list[FilmRecord],
    *,
    overwrite: bool = False,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import `records` all or nothing. Raises ImportFailed (nothing saved) on bad data."""
    report = ImportReport(dry_run=dry_run)
    with transaction.atomic():
        for done, record in enumerate(records, start=1):
            film = film_apply(record, report=report, overwrite=overwrite)
            if record.rating is not None:
                rating_apply(
                    film, record.rating, source=record.source, report=report, overwrite=overwrite
                )
            if progress:
                progress(done, len(records))
        if dry_run:
            transaction.set_rollback(True)
    return report
