"""Importing a film from TMDb's movie format: the command, idempotence, editors' work, bad input."""

from __future__ import annotations

import datetime
import json
import urllib.error
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from films.importers import tmdb
from films.importers.records import ImportFailed
from films.models import Availability, Credit, FieldSource, Film, Person
from reviews.management.commands.import_film import ProgressBar
from tests.factories import make_credit, make_film, make_person

DATA = Path(__file__).resolve().parent.parent / "data" / "import"
LA_LA_LAND = DATA / "tmdb_la_la_land.json"

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("import_film", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def la_la_land_data() -> dict:
    return json.loads(LA_LA_LAND.read_text())


def write_json(tmp_path, data) -> str:
    path = tmp_path / "movie.json"
    path.write_text(json.dumps(data))
    return str(path)


def test_import_creates_the_film_with_its_facts_credits_and_provenance():
    output = run("--tmdb-json", str(LA_LA_LAND))

    film = Film.objects.get(tmdb_id=313369)
    assert film.title == "La La Land"
    assert film.imdb_id == "tt3783958"
    assert film.release_date == datetime.date(2016, 12, 9)
    assert film.runtime_minutes == 128
    assert (film.certificate_body, film.certificate) == ("BBFC", "12A")
    assert film.original_language == "English"
    assert film.countries == "United States"
    assert film.trailer_url == "https://www.youtube.com/watch?v=0pdqf4P9MB8"
    assert film.budget_usd is None and film.box_office_usd is None  # TMDb's 0 means unknown
    assert sorted(film.genres.values_list("name", flat=True)) == [
        "Comedy",
        "Drama",
        "Music",
        "Romance",
    ]
    assert not film.is_published  # waits for an editor's look
    cast = {c.person.name: c.character for c in film.credits.filter(role=Credit.Role.CAST)}
    assert cast["Emma Stone"] == "Mia Dolan"
    assert cast["Ryan Gosling"] == "Sebastian Wilder"
    assert cast["John Legend"] == "Keith"
    assert cast["J.K. Simmons"] == "Bill"
    chazelle = Person.objects.get(name="Damien Chazelle")
    assert chazelle.tmdb_id == 136495
    assert set(chazelle.credits.values_list("job", flat=True)) == {"director", "screenplay"}
    assert not Person.objects.filter(name="Mary Zophres").exists()  # costume design: no such job
    assert FieldSource.objects.of(film).get(field="runtime_minutes").source == "tmdb"
    assert "Imported:" in output and "0 skipped" in output
    assert "as 0, which means unknown" in output


def test_a_second_import_changes_nothing():
    run("--tmdb-json", str(LA_LA_LAND))
    counts = (Film.objects.count(), Person.objects.count(), Credit.objects.count())

    output = run("--tmdb-json", str(LA_LA_LAND))

    assert (Film.objects.count(), Person.objects.count(), Credit.objects.count()) == counts
    assert "0 created, 0 updated" in output and "0 skipped" in output


def test_dry_run_shows_each_field_and_saves_nothing():
    output = run("--tmdb-json", str(LA_LA_LAND), "--dry-run")

    assert not Film.objects.exists() and not Person.objects.exists()
    assert not FieldSource.objects.exists()
    assert "Film: La La Land (2016)" in output
    assert "created   runtime (minutes): 128" in output
    assert "Dry run, nothing saved" in output


def test_a_field_an_editor_changed_is_kept_unless_overwrite():
    run("--tmdb-json", str(LA_LA_LAND))
    film = Film.objects.get(tmdb_id=313369)
    film.tagline = "An editor's own line."
    film.save()

    output = run("--tmdb-json", str(LA_LA_LAND))
    film.refresh_from_db()
    assert film.tagline == "An editor's own line."
    assert "skipped   tagline" in output and "an editor changed it after the TMDb import" in output

    run("--tmdb-json", str(LA_LA_LAND), "--overwrite")
    film.refresh_from_db()
    assert film.tagline == "Here's to the fools who dream."


def test_a_value_the_import_wrote_follows_the_source_when_it_changes(tmp_path):
    run("--tmdb-json", str(LA_LA_LAND))
    data = la_la_land_data()
    data["runtime"] = 129

    output = run("--tmdb-json", write_json(tmp_path, data))

    assert Film.objects.get(tmdb_id=313369).runtime_minutes == 129
    assert "updated   runtime (minutes): 128 -> 129" in output


def test_an_existing_hand_made_film_is_matched_by_title_and_year_and_keeps_its_values():
    film = make_film(title="La La Land", release_date=datetime.date(2016, 12, 9), synopsis="Ours.")

    run("--tmdb-json", str(LA_LA_LAND))

    film.refresh_from_db()
    assert Film.objects.count() == 1
    assert film.tmdb_id == 313369  # a blank filled
    assert film.synopsis == "Ours."  # an editor's text kept


def test_people_who_share_a_name_are_never_merged():
    namesake = make_person(name="Emma Stone", birth_date=datetime.date(1950, 1, 1))

    output = run("--tmdb-json", str(LA_LA_LAND))

    stones = Person.objects.filter(name="Emma Stone")
    assert stones.count() == 2
    assert not namesake.credits.exists()
    assert "not merged without a matching id or birth year" in output


def test_a_person_an_editor_already_credited_on_the_film_is_reused():
    film = make_film(title="La La Land", release_date=datetime.date(2016, 12, 9))
    chazelle = make_person(name="Damien Chazelle")
    make_credit(film=film, person=chazelle, role=Credit.Role.CREW, job=Credit.Job.DIRECTOR)

    run("--tmdb-json", str(LA_LA_LAND))

    assert Person.objects.filter(name="Damien Chazelle").count() == 1
    chazelle.refresh_from_db()
    assert chazelle.tmdb_id == 136495


def test_a_credit_an_editor_removed_is_not_brought_back():
    run("--tmdb-json", str(LA_LA_LAND))
    Credit.objects.get(person__name="John Legend").delete()

    output = run("--tmdb-json", str(LA_LA_LAND))

    assert not Credit.objects.filter(person__name="John Legend").exists()
    assert "an editor removed it after an earlier import" in output


def test_where_to_watch_and_certificate_follow_the_chosen_region(tmp_path):
    data = la_la_land_data()
    data["watch/providers"] = {
        "results": {
            "US": {
                "link": "https://www.themoviedb.org/movie/313369/watch?locale=US",
                "flatrate": [{"provider_name": "Example Stream", "provider_id": 1}],
                "rent": [{"provider_name": "Example Shop", "provider_id": 2}],
            },
            "FR": {"buy": [{"provider_name": "Elsewhere", "provider_id": 3}]},
        }
    }

    run("--tmdb-json", write_json(tmp_path, data), "--region", "US")

    film = Film.objects.get(tmdb_id=313369)
    assert (film.certificate_body, film.certificate) == ("MPA", "PG-13")
    offers = set(film.availability.values_list("service", "kind", "region"))
    assert offers == {
        ("Example Stream", Availability.Kind.STREAM, "US"),
        ("Example Shop", Availability.Kind.RENT, "US"),
    }


def test_a_record_with_no_appended_parts_imports_its_basic_facts(tmp_path):
    data = {"id": 1, "title": "Bare Record", "release_date": "", "runtime": 0, "budget": 0}

    output = run("--tmdb-json", write_json(tmp_path, data))

    film = Film.objects.get(tmdb_id=1)
    assert film.release_date is None and film.runtime_minutes is None
    assert not film.credits.exists()
    assert "The record has no credits" in output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", r"is not valid JSON \(line 1\)"),
        ('{"title": "No id"}', "is not a TMDb movie record"),
        ("[1, 2]", "is not a TMDb movie record"),
    ],
)
def test_bad_json_is_one_clear_error_and_nothing_changes(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)

    with pytest.raises(CommandError, match=message):
        run("--tmdb-json", str(path))
    assert not Film.objects.exists()


def test_a_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="Cannot read"):
        run("--tmdb-json", "/nonexistent/movie.json")


def test_an_invalid_value_is_skipped_with_the_reason_not_a_crash(tmp_path):
    data = la_la_land_data()
    data["videos"]["results"][0]["site"] = "Vimeo"
    data["videos"]["results"][0]["key"] = "not-a-number"

    output = run("--tmdb-json", write_json(tmp_path, data))

    assert Film.objects.get(tmdb_id=313369).trailer_url == ""
    assert "skipped   trailer" in output


class FakeResponse:
    def __init__(self, body: bytes):
        self.body = body

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def read(self):
        return self.body


def test_fetch_retries_a_dropped_connection_then_reads_the_movie():
    calls = []

    def opener(url, timeout):
        calls.append(url)
        if len(calls) == 1:
            raise urllib.error.URLError("connection reset")
        return FakeResponse(LA_LA_LAND.read_bytes())

    data = tmdb.fetch_movie(313369, api_key="k", opener=opener, sleep=lambda seconds: None)

    assert data["title"] == "La La Land"
    assert len(calls) == 2 and "append_to_response=credits" in calls[0]


@pytest.mark.parametrize(
    ("code", "message"), [(401, "refused the API key"), (404, "no film with id 313369")]
)
def test_fetch_fails_at_once_on_a_bad_key_or_unknown_id(code, message):
    def opener(url, timeout):
        raise urllib.error.HTTPError(url, code, "no", {}, None)

    with pytest.raises(ImportFailed, match=message):
        tmdb.fetch_movie(313369, api_key="k", opener=opener, sleep=lambda seconds: None)


def test_fetch_gives_up_after_its_retries_when_tmdb_is_unreachable():
    def opener(url, timeout):
        raise TimeoutError("timed out")

    with pytest.raises(ImportFailed, match="Cannot reach TMDb after 3 tries"):
        tmdb.fetch_movie(313369, api_key="k", opener=opener, sleep=lambda seconds: None)


def test_import_by_id_without_a_key_says_what_to_set(monkeypatch):
    monkeypatch.delenv("TMDB_API_KEY", raising=False)
    with pytest.raises(CommandError, match="Set TMDB_API_KEY"):
        run("--tmdb-id", "313369")


def test_import_by_id_uses_the_fetched_record(monkeypatch):
    monkeypatch.setenv("TMDB_API_KEY", "k")
    monkeypatch.setattr(
        tmdb, "fetch_movie", lambda tmdb_id, api_key: json.loads(LA_LA_LAND.read_text())
    )

    run("--tmdb-id", "313369")

    assert Film.objects.filter(tmdb_id=313369).exists()


def test_an_actor_in_two_parts_gets_both_credits_and_a_second_import_keeps_them(tmp_path):
    data = la_la_land_data()
    twin = dict(data["credits"]["cast"][1], character="Mia's Double", order=9)
    data["credits"]["cast"].append(twin)
    path = write_json(tmp_path, data)

    run("--tmdb-json", path)
    output = run("--tmdb-json", path)

    characters = Credit.objects.filter(person__name="Emma Stone").values_list(
        "character", flat=True
    )
    assert sorted(characters) == ["Mia Dolan", "Mia's Double"]
    assert "0 created, 0 updated" in output and "0 skipped" in output


def test_an_editors_name_for_a_part_is_kept():
    run("--tmdb-json", str(LA_LA_LAND))
    Credit.objects.filter(character="Keith").update(character="Keith (bandleader)")

    output = run("--tmdb-json", str(LA_LA_LAND))

    assert Credit.objects.filter(person__name="John Legend").count() == 1
    assert "already credited as Keith (bandleader)" in output


def test_verbosity_zero_is_quiet():
    out = StringIO()
    call_command("import_film", "--tmdb-json", str(LA_LA_LAND), verbosity=0, stdout=out)

    assert out.getvalue() == ""
    assert Film.objects.filter(tmdb_id=313369).exists()


def test_a_title_too_long_to_keep_is_one_clear_error(tmp_path):
    data = dict(la_la_land_data(), title="L" * 300)

    with pytest.raises(CommandError, match="at most 200 characters"):
        run("--tmdb-json", write_json(tmp_path, data))
    assert not Film.objects.exists() and not Person.objects.exists()


def test_the_progress_bar_draws_only_on_a_terminal():
    class Terminal(StringIO):
        def isatty(self):
            return True

    terminal, pipe = Terminal(), StringIO()
    ProgressBar(terminal)("title.principals.tsv", 50, 100)
    ProgressBar(pipe)("title.principals.tsv", 50, 100)

    assert "[###############...............]  50%" in terminal.getvalue()
    assert pipe.getvalue() == ""


@pytest.mark.parametrize(
    "damage",
    [
        {"credits": {"cast": ["Emma Stone"]}},
        {"genres": [{"id": 18}]},
        {"release_dates": {"results": [None]}},
        {"production_countries": [{"iso_3166_1": "US"}]},
    ],
)
def test_a_record_in_another_shape_is_one_clear_error(tmp_path, damage):
    data = dict(la_la_land_data(), **damage)

    with pytest.raises(CommandError, match="is not in TMDb's movie format"):
        run("--tmdb-json", write_json(tmp_path, data))
    assert not Film.objects.exists()


def test_a_poster_is_not_downloaded_and_the_summary_says_so(tmp_path):
    data = dict(la_la_land_data(), poster_path="/poster.jpg")

    output = run("--tmdb-json", write_json(tmp_path, data))

    assert not Film.objects.get(tmdb_id=313369).poster
    assert "upload it on the film's form, with its alt text" in output
