"""Importing films from IMDb's TSV datasets: streamed, filtered, tricky rows, ratings as scores."""

from __future__ import annotations

import gzip
import shutil
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from films.importers import imdb
from films.importers.records import ImportFailed
from films.models import Credit, Film, Person
from reviews.models import Outlet, Score
from tests.factories import make_person

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "import" / "imdb"
FILLER = 300  # rows of each dataset besides the hand-written ones

pytestmark = pytest.mark.django_db


def _filler(name: str, number: int) -> str:
    tconst, nconst = f"tt{8000000 + number:07d}", f"nm{8000000 + number:07d}"
    return {
        "title.basics": f"{tconst}\tmovie\tFiller {number}\tFiller\t0\t1999\t\\N\t90\tDrama",
        "title.principals": f'{tconst}\t1\t{nconst}\tactor\t\\N\t["Part {number}"]',
        "name.basics": f"{nconst}\tFiller Person {number}\t1960\t\\N\tactor,writer\t{tconst}",
        "title.ratings": f"{tconst}\t{number % 10}.{number % 7}\t{number * 3}",
    }[name]


def write_datasets(directory: Path, *, compress: bool) -> Path:
    """The hand-written sample rows with FILLER generated rows before and after them."""
    directory.mkdir(exist_ok=True)
    for name in imdb.COLUMNS:
        header, *rows = (SAMPLES / f"{name}.tsv").read_text().splitlines()
        lines = [header]
        lines += [_filler(name, n) for n in range(FILLER // 2)]
        lines += rows
        lines += [_filler(name, n) for n in range(FILLER // 2, FILLER)]
        text = "\n".join(lines) + "\n"
        if compress:
            with gzip.open(directory / f"{name}.tsv.gz", "wt", encoding="utf-8") as file:
                file.write(text)
        else:
            (directory / f"{name}.tsv").write_text(text)
    return directory


@pytest.fixture(params=[True, False], ids=["gzip", "plain"])
def datasets(request, tmp_path) -> Path:
    return write_datasets(tmp_path / "imdb", compress=request.param)


def run(*args) -> str:
    out = StringIO()
    call_command("import_film", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_reading_a_dataset_keeps_only_the_titles_asked_for(datasets):
    films = imdb.load_titles(datasets, ["tt3783958", "tt9900001"])

    la_la_land, quoted = films
    assert (la_la_land.title, la_la_land.year, la_la_land.fields["runtime_minutes"]) == (
        "La La Land",
        2016,
        128,
    )
    assert la_la_land.genres == ["Comedy", "Drama", "Music"]
    assert [c.person.name for c in la_la_land.credits][:2] == ["Ryan Gosling", "Emma Stone"]
    assert la_la_land.credits[1].character == "Mia Dolan"
    assert la_la_land.credits[1].person.birth_year == 1988
    # \N nulls, a title with quotes, characters as a JSON list, a story credit, odd categories
    assert quoted.title == 'Test Film With "Quotes"'
    assert quoted.year is None and quoted.fields["runtime_minutes"] is None and not quoted.genres
    host = quoted.credits[0]
    assert (host.person.name, host.person.birth_year, host.character) == (
        "Test Host",
        None,
        "Self / Host",
    )
    assert quoted.credits[1].person.name == 'Test "Nick" Actor'
    assert quoted.credits[2].job == Credit.Job.STORY
    assert any("archive_footage" in note for note in quoted.notes)
    assert any("nm9900404 is not in name.basics" in note for note in quoted.notes)
    assert quoted.rating.value == Decimal("6.4") and quoted.rating.votes == 1234


def test_import_creates_the_film_people_and_the_imdb_score(datasets):
    output = run("--imdb-datasets", str(datasets), "--titles", "tt3783958,tt9900001")

    film = Film.objects.get(imdb_id="tt3783958")
    assert film.runtime_minutes == 128 and film.release_date is None
    stone = Person.objects.get(imdb_id="nm1297015")
    assert stone.name == "Emma Stone"
    assert film.credits.get(person=stone).character == "Mia Dolan"
    quoted = Film.objects.get(imdb_id="tt9900001")
    score = Score.objects.get(film=quoted)
    assert score.outlet.name == "IMDb" and score.outlet.scale == Outlet.Scale.TEN
    assert (score.value, score.review_count, score.display) == (Decimal("6.4"), 1234, "6.4/10")
    assert score.as_of is not None
    assert not Score.objects.filter(film=film).exists()  # no ratings row for it in the sample
    assert "Imported:" in output


def test_a_second_imdb_import_changes_nothing(datasets):
    run("--imdb-datasets", str(datasets), "--titles", "tt3783958,tt9900001")

    output = run("--imdb-datasets", str(datasets), "--titles", "tt3783958,tt9900001")

    assert "0 created, 0 updated" in output and "0 skipped" in output


def test_tmdb_then_imdb_fills_ids_and_keeps_one_person_each(datasets):
    run("--tmdb-json", str(SAMPLES.parent / "tmdb_la_la_land.json"))

    run("--imdb-datasets", str(datasets), "--titles", "tt3783958")

    assert Film.objects.count() == 1
    assert Person.objects.filter(name="Emma Stone").count() == 1
    film = Film.objects.get()
    assert Person.objects.get(name="Emma Stone").imdb_id == "nm1297015"
    # No editor touched the genres TMDb wrote, so they follow the newer import.
    assert sorted(film.genres.values_list("name", flat=True)) == ["Comedy", "Drama", "Music"]
    assert film.credits.filter(role=Credit.Role.CAST).count() == 4


def test_a_namesake_with_another_birth_year_is_a_new_person(datasets):
    other = make_person(name="Emma Stone", birth_date="1950-05-05")

    run("--imdb-datasets", str(datasets), "--titles", "tt3783958")

    assert Person.objects.filter(name="Emma Stone").count() == 2
    assert not other.credits.exists()


def test_a_rating_an_editor_typed_is_kept(datasets):
    run("--imdb-datasets", str(datasets), "--titles", "tt9900001")
    score = Score.objects.get()
    score.value = Decimal("9.9")
    score.save()

    output = run("--imdb-datasets", str(datasets), "--titles", "tt9900001")

    score.refresh_from_db()
    assert score.value == Decimal("9.9")
    assert "skipped   value" in output


def test_dry_run_changes_nothing(datasets):
    output = run("--imdb-datasets", str(datasets), "--titles", "tt3783958", "--dry-run")

    assert not Film.objects.exists() and not Person.objects.exists()
    assert "Dry run, nothing saved" in output


def test_an_unknown_title_is_one_clear_error_and_nothing_changes(datasets):
    with pytest.raises(CommandError, match="tt0000001 is not in title.basics"):
        run("--imdb-datasets", str(datasets), "--titles", "tt3783958,tt0000001")
    assert not Film.objects.exists()


def test_a_dataset_missing_columns_is_a_clear_error(tmp_path):
    directory = write_datasets(tmp_path / "imdb", compress=False)
    principals = directory / "title.principals.tsv"
    principals.write_text(principals.read_text().replace("\tcharacters", "\troles", 1))

    with pytest.raises(
        CommandError, match="title.principals.tsv is missing the columns: characters"
    ):
        run("--imdb-datasets", str(directory), "--titles", "tt3783958")
    assert not Film.objects.exists()


def test_a_short_row_names_its_line(tmp_path):
    directory = write_datasets(tmp_path / "imdb", compress=False)
    with (directory / "title.basics.tsv").open("a") as file:
        file.write("tt3783958\tmovie\n")

    with pytest.raises(ImportFailed, match=r"title.basics.tsv line 30\d has too few columns"):
        imdb.load_titles(directory, ["tt3783958"])


def test_a_missing_dataset_or_bad_title_id_is_a_clear_error(tmp_path):
    directory = write_datasets(tmp_path / "imdb", compress=True)
    (directory / "name.basics.tsv.gz").unlink()
    with pytest.raises(CommandError, match="has no name.basics.tsv.gz"):
        run("--imdb-datasets", str(directory), "--titles", "tt3783958")
    with pytest.raises(CommandError, match="Not an IMDb title id: 3783958"):
        run("--imdb-datasets", str(directory), "--titles", "3783958")


def test_a_corrupt_gzip_file_is_a_clear_error(tmp_path):
    directory = write_datasets(tmp_path / "imdb", compress=True)
    ratings = directory / "title.ratings.tsv.gz"
    ratings.write_bytes(ratings.read_bytes()[:40])

    with pytest.raises(CommandError, match="Cannot read title.ratings.tsv.gz"):
        run("--imdb-datasets", str(directory), "--titles", "tt3783958")
    assert not Film.objects.exists()


def test_plain_files_are_read_when_there_is_no_gzip(tmp_path):
    directory = tmp_path / "plain"
    shutil.copytree(SAMPLES, directory)

    films = imdb.load_titles(directory, ["tt3783958"])

    assert films[0].title == "La La Land"


def test_an_imdb_outlet_on_another_scale_stops_the_import(datasets):
    Outlet.objects.create(name="IMDb", slug="imdb", scale=Outlet.Scale.PERCENT)

    with pytest.raises(CommandError, match="IMDb's ratings are out of 10"):
        run("--imdb-datasets", str(datasets), "--titles", "tt9900001")
    assert not Film.objects.exists()
