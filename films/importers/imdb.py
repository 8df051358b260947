"""IMDb's non-commercial TSV datasets -> FilmRecords for the titles asked for.

Each file (title.basics, title.principals, name.basics, title.ratings; gzip or plain) is read
row by row and only the asked-for titles' rows are kept, so a full-size file never has to fit in
memory. `\\N` is IMDb's null. Parsing never touches the database.
"""

from __future__ import annotations

import datetime
import gzip
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path

from films.importers.records import (
    CreditRecord,
    FilmRecord,
    ImportFailed,
    PersonRecord,
    RatingRecord,
)
from films.models import Credit, ImportSource

NULL = "\\N"
TITLE_ID = re.compile(r"^tt\d{7,9}$")
COLUMNS = {
    "title.basics": (
        "tconst",
        "titleType",
        "primaryTitle",
        "startYear",
        "runtimeMinutes",
        "genres",
    ),
    "title.principals": ("tconst", "ordering", "nconst", "category", "job", "characters"),
    "name.basics": ("nconst", "primaryName", "birthYear"),
    "title.ratings": ("tconst", "averageRating", "numVotes"),
}
FILM_TYPES = {"movie", "tvMovie", "short", "video"}
CAST_CATEGORIES = {"actor", "actress", "self"}
CREW_CATEGORIES = {
    "director": Credit.Job.DIRECTOR,
    "writer": Credit.Job.SCREENPLAY,
    "producer": Credit.Job.PRODUCER,
    "composer": Credit.Job.MUSIC,
    "cinematographer": Credit.Job.CINEMATOGRAPHY,
    "editor": Credit.Job.EDITING,
    "production_designer": Credit.Job.PRODUCTION_DESIGN,
}
# Progress is told in bytes read of the file on disk (compressed or not) and its size.
Progress = Callable[[str, int, int], None]


def dataset_path(directory: str | Path, name: str) -> Path:
    """title.basics.tsv.gz, or title.basics.tsv, in `directory`."""
    directory = Path(directory)
    for candidate in (directory / f"{name}.tsv.gz", directory / f"{name}.tsv"):
        if candidate.is_file():
            return candidate
    raise ImportFailed(f"{directory} has no {name}.tsv.gz (or {name}.tsv).")


def read_rows(
    path: Path,
    columns: Iterable[str],
    progress: Progress | None = None,
    *,
    only: set[str] | None = None,
) -> Iterator[list]:
    """The file's rows as lists holding `columns` in that order, streamed; with `only`, just the
    rows whose first column is in it (checked before anything else is copied).

    The header must name every column asked for; a short row is an error with its line number.
    """
    raw = path.open("rb")
    try:
        is_gzip = raw.read(2) == b"\x1f\x8b"
        raw.seek(0)
        binary = gzip.GzipFile(fileobj=raw) if is_gzip else raw

        lines = io.TextIOWrapper(binary, encoding="utf-8", newline="\n")
        header = next(lines, "").rstrip("\r\n").split("\t")
        if header == [""]:
            raise ImportFailed(f"{path.name} is empty.")
        missing = [column for column in columns if column not in header]
        if missing:
            raise ImportFailed(f"{path.name} is missing the columns: {', '.join(missing)}.")
        positions = [header.index(column) for column in columns]
        width = max(positions) + 1
        size = path.stat().st_size or 1
        # IMDb's files are tab-separated with no quoting (a double quote is an ordinary
        # character), so a split reads them, and a title's rows are found by their first field
        # before the rest of the line is touched: most of a full-size file is skipped that way.
        keyed_first = only is not None and positions[0] == 0
        for number, line in enumerate(lines, start=2):
            if progress and number % 50_000 == 0:
                progress(path.name, raw.tell(), size)
            if keyed_first and line[: line.find("\t")] not in only:
                continue
            row = line.rstrip("\r\n").split("\t")
            if len(row) < width:
                raise ImportFailed(f"{path.name} line {number} has too few columns.")
            if only is None or row[positions[0]] in only:
                yield [row[position] for position in positions]
        if progress:
            progress(path.name, size, size)
    except (OSError, EOFError, UnicodeDecodeError) as error:
        raise ImportFailed(f"Cannot read {path.name}: {error}.") from error
    finally:
        raw.close()


def _value(text: str) -> str:
    return "" if text == NULL else text


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _characters(text: str) -> str:
    """'["Mia Dolan"]' -> 'Mia Dolan'; several characters join with ' / '."""
    text = _value(text)
    if not text:
        return ""
    try:
        names = json.loads(text)
    except json.JSONDecodeError:
        return text.strip('[]"')[:200]
    if isinstance(names, str):
        names = [names]
    return " / ".join(str(name).strip() for name in names if str(name).strip())[:200]


def parse_title_ids(text: str) -> list[str]:
    ids = [part.strip() for part in re.split(r"[,\s]+", text) if part.strip()]
    if not ids:
        raise ImportFailed("Give at least one IMDb title id, e.g. --titles tt3783958.")
    if bad := [title_id for title_id in ids if not TITLE_ID.match(title_id)]:
        raise ImportFailed(f"Not an IMDb title id: {bad[0]} (they look like tt3783958).")
    return list(dict.fromkeys(ids))


def load_titles(
    directory: str | Path, title_ids: list[str], *, progress: Progress | None = None
) -> list[FilmRecord]:
    """The asked-for titles with their principal credits and ratings, in the order asked.

    Four passes, one per file; memory holds only the asked-for titles' rows.
    """
    wanted = set(title_ids)
    paths = {name: dataset_path(directory, name) for name in COLUMNS}
    films: dict[str, FilmRecord] = {}
    for tconst, kind, title, year, runtime, genres in read_rows(
        paths["title.basics"], COLUMNS["title.basics"], progress, only=wanted
    ):
        if tconst in wanted:
            record = FilmRecord(
                source=ImportSource.IMDB, title=title, imdb_id=tconst, year=_number(year)
            )
            record.fields["runtime_minutes"] = _number(runtime)
            record.genres = [genre for genre in _value(genres).split(",") if genre]
            if kind not in FILM_TYPES:
                record.notes.append(f"IMDb lists {tconst} as a {kind}, not a film.")
            films[tconst] = record
    if missing := [title_id for title_id in title_ids if title_id not in films]:
        raise ImportFailed(f"{missing[0]} is not in {paths['title.basics'].name}.")

    principals: list[tuple[str, int, str, str, str, str]] = []
    for tconst, ordering, nconst, category, job, characters in read_rows(
        paths["title.principals"], COLUMNS["title.principals"], progress, only=wanted
    ):
        if tconst in wanted:
            principals.append((tconst, _number(ordering) or 100, nconst, category, job, characters))
    people_ids = {row[2] for row in principals}
    people: dict[str, PersonRecord] = {}
    for nconst, name, birth_year in read_rows(
        paths["name.basics"], COLUMNS["name.basics"], progress, only=people_ids
    ):
        if nconst in people_ids:
            people[nconst] = PersonRecord(name=name, imdb_id=nconst, birth_year=_number(birth_year))

    for tconst, ordering, nconst, category, job, characters in sorted(principals):
        film = films[tconst]
        person = people.get(nconst)
        if person is None:
            film.notes.append(f"{nconst} is not in name.basics: credit left out.")
        elif category in CAST_CATEGORIES:
            film.credits.append(
                CreditRecord(
                    person=person,
                    role=Credit.Role.CAST,
                    character=_characters(characters),
                    order=ordering,
                )
            )
        elif category in CREW_CATEGORIES:
            crew_job = CREW_CATEGORIES[category]
            if category == "writer" and "story" in _value(job).lower():
                crew_job = Credit.Job.STORY
            film.credits.append(
                CreditRecord(person=person, role=Credit.Role.CREW, job=crew_job, order=ordering)
            )
        else:
            film.notes.append(f"{person.name}: IMDb's category {category!r} is not a Marquee job.")

    ratings_path = paths["title.ratings"]
    as_of = datetime.date.fromtimestamp(ratings_path.stat().st_mtime)
    for tconst, average, votes in read_rows(
        ratings_path, COLUMNS["title.ratings"], progress, only=wanted
    ):
        if tconst in wanted:
            try:
                value = Decimal(average).quantize(Decimal("0.1"))
            except InvalidOperation:
                raise ImportFailed(
                    f"{ratings_path.name}: {tconst}'s rating {average!r} is not a number."
                ) from None
            films[tconst].rating = RatingRecord(value=value, votes=_number(votes) or 0, as_of=as_of)
    return [films[title_id] for title_id in title_ids]
