"""Films, people, credits, quotes and awards: validation, named constraints, protected deletes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import ProtectedError

from films.models import AwardNomination, Credit, Film, Person, Quote
from tests.asserts import database_refuses, validation_errors
from tests.factories import (
    make_credit,
    make_critic_quote,
    make_film,
    make_genre,
    make_nomination,
    make_person,
    make_post,
    make_quote,
    make_score,
)

pytestmark = pytest.mark.django_db


# Film


@pytest.mark.parametrize("field", ["budget_usd", "box_office_usd"])
def test_negative_money_is_refused_by_validation_on_its_field(field):
    film = make_film()
    setattr(film, field, -1)
    assert validation_errors(film) == {field: ["Money figures cannot be negative."]}


@pytest.mark.parametrize(
    ("field", "constraint"),
    [
        ("budget_usd", "film_budget_not_negative"),
        ("box_office_usd", "film_box_office_not_negative"),
    ],
)
def test_negative_money_is_refused_by_the_database(field, constraint):
    message = database_refuses(lambda: make_film(**{field: -1}))
    assert constraint in message


def test_zero_and_missing_money_are_fine():
    film = make_film(budget_usd=0, box_office_usd=None)
    film.full_clean()
    film.refresh_from_db()
    assert (film.budget_usd, film.box_office_usd) == (0, None)


def test_poster_without_alt_text_is_refused_by_validation_and_database():
    film = make_film()
    film.poster = "posters/la-la-land.png"
    assert validation_errors(film) == {
        "poster_alt": ["Describe the poster for readers who cannot see it."]
    }
    message = database_refuses(lambda: make_film(poster="posters/x.png", poster_alt=""))
    assert "film_poster_has_alt_text" in message


def test_film_imdb_id_is_unique_but_many_films_may_have_none():
    make_film(imdb_id="tt3783958")
    make_film(imdb_id="")
    make_film(imdb_id="")  # blank twice is fine
    duplicate = Film(title="Copy", slug="copy", imdb_id="tt3783958")
    assert validation_errors(duplicate) == {"__all__": ["Another film already has this IMDb id."]}
    database_refuses(lambda: make_film(imdb_id="tt3783958"))


def test_film_slug_is_unique():
    make_film(slug="whiplash")
    assert "slug" in validation_errors(Film(title="Whiplash", slug="whiplash"))
    database_refuses(lambda: make_film(slug="whiplash"))


def test_malformed_imdb_id_and_foreign_trailer_host_say_what_is_expected():
    film = make_film()
    film.imdb_id = "3783958"
    film.trailer_url = "https://example.com/trailer.mp4"
    errors = validation_errors(film)
    assert errors["imdb_id"] == ["An IMDb id looks like tt3783958 (films) or nm1297015."]
    assert "YouTube or Vimeo" in errors["trailer_url"][0]


def test_youtube_trailer_link_is_accepted():
    film = make_film(trailer_url="https://www.youtube.com/watch?v=0pdqf4P9MB8")
    film.full_clean()
    assert film.trailer_embed_url.startswith("https://www.youtube-nocookie.com/embed/0pdqf4P9MB8")


# Person


def test_person_photo_without_alt_text_is_refused_by_validation_and_database():
    person = make_person()
    person.photo = "people/emma-stone.png"
    person.photo_alt = "   "
    assert validation_errors(person) == {
        "photo_alt": ["Describe the photo for readers who cannot see it."]
    }
    message = database_refuses(lambda: make_person(photo="people/x.png"))
    assert "person_photo_has_alt_text" in message


def test_person_and_genre_slugs_are_unique():
    make_person(slug="emma-stone")
    make_genre(slug="musical")
    assert "slug" in database_refuses(lambda: make_person(slug="emma-stone")).lower()
    assert "slug" in database_refuses(lambda: make_genre(slug="musical")).lower()


# Credit


def test_crew_credit_without_a_job_is_refused_by_validation_and_database():
    credit = Credit(film=make_film(), person=make_person(), role=Credit.Role.CREW)
    assert validation_errors(credit) == {
        "job": ["Say what this crew member did (Director, Music...)."]
    }
    message = database_refuses(lambda: Credit.objects.create(**credit_fields(credit)))
    assert "credit_crew_has_job_cast_has_none" in message


def test_cast_credit_with_a_job_is_refused_by_validation_and_database():
    credit = Credit(
        film=make_film(), person=make_person(), role=Credit.Role.CAST, job=Credit.Job.MUSIC
    )
    assert validation_errors(credit) == {
        "job": ["Cast members have a character, not a job. Clear the job."]
    }
    message = database_refuses(lambda: Credit.objects.create(**credit_fields(credit)))
    assert "credit_crew_has_job_cast_has_none" in message


def credit_fields(credit: Credit) -> dict:
    return {
        "film": credit.film,
        "person": credit.person,
        "role": credit.role,
        "job": credit.job,
        "character": credit.character,
    }


def test_same_crew_job_twice_is_refused_by_validation_and_database():
    first = make_credit(role=Credit.Role.CREW, job=Credit.Job.DIRECTOR)
    again = Credit(
        film=first.film, person=first.person, role=Credit.Role.CREW, job=Credit.Job.DIRECTOR
    )
    assert validation_errors(again) == {
        "__all__": ["This person already has this job on this film."]
    }
    database_refuses(lambda: Credit.objects.create(**credit_fields(again)))
    # The same person may do a second job on the same film.
    make_credit(film=first.film, person=first.person, role="crew", job=Credit.Job.SCREENPLAY)


def test_same_character_twice_is_refused_by_validation_and_database():
    first = make_credit(character="Mia")
    again = Credit(film=first.film, person=first.person, role="cast", character="Mia")
    assert validation_errors(again) == {
        "__all__": ["This person is already credited with this character."]
    }
    database_refuses(lambda: Credit.objects.create(**credit_fields(again)))


# Quote


def test_same_quote_twice_for_a_film_is_refused_by_validation_and_database():
    quote = make_quote(text="Here's to the ones who dream.")
    again = Quote(film=quote.film, text=quote.text)
    assert "__all__" in validation_errors(again)
    database_refuses(lambda: Quote.objects.create(film=quote.film, text=quote.text))
    make_quote(text=quote.text)  # another film may share the line


def test_quote_speaker_is_the_character_or_else_the_actor():
    actor = make_person(name="Ryan Gosling")
    assert make_quote(character="Sebastian", person=actor).speaker == "Sebastian"
    assert make_quote(character="", person=actor).speaker == "Ryan Gosling"


# Awards


def test_implausible_ceremony_year_is_refused_by_validation_and_database():
    nomination = AwardNomination(film=make_film(), year=17, category="Best Picture")
    assert validation_errors(nomination) == {
        "year": ["Give the ceremony's year as four digits, between 1900 and 2200."]
    }
    message = database_refuses(lambda: make_nomination(year=17))
    assert "award_year_plausible" in message


def test_same_person_nomination_twice_is_refused_by_validation_and_database():
    first = make_nomination(person=make_person(), category="Best Actress")
    again = AwardNomination(
        film=first.film, person=first.person, year=first.year, category="Best Actress"
    )
    assert validation_errors(again) == {
        "__all__": ["This person already has this nomination for this film."]
    }
    database_refuses(
        lambda: make_nomination(
            film=first.film, person=first.person, year=first.year, category="Best Actress"
        )
    )


def test_same_film_nomination_twice_is_refused_by_validation_and_database():
    first = make_nomination(category="Best Picture")
    again = AwardNomination(film=first.film, year=first.year, category="Best Picture")
    assert validation_errors(again) == {"__all__": ["This film already has this nomination."]}
    database_refuses(
        lambda: make_nomination(film=first.film, year=first.year, category="Best Picture")
    )


# Protected deletes: editorial work is never deleted along with the record it is about.


@pytest.mark.parametrize(
    "make_work",
    [
        pytest.param(lambda film: make_credit(film=film), id="credit"),
        pytest.param(lambda film: make_score(film=film, value=Decimal("90")), id="score"),
        pytest.param(lambda film: make_critic_quote(film=film), id="critic quote"),
        pytest.param(lambda film: make_quote(film=film), id="quote"),
        pytest.param(lambda film: make_nomination(film=film), id="nomination"),
        pytest.param(lambda film: make_post(films=[film]), id="post about it"),
    ],
)
def test_film_with_editorial_work_cannot_be_deleted(make_work):
    film = make_film()
    work = make_work(film)
    with pytest.raises(ProtectedError):
        film.delete()
    assert Film.objects.filter(pk=film.pk).exists()
    work.refresh_from_db()


@pytest.mark.parametrize(
    "make_work",
    [
        pytest.param(lambda person: make_credit(person=person), id="credit"),
        pytest.param(lambda person: make_quote(person=person), id="quote"),
        pytest.param(lambda person: make_nomination(person=person), id="nomination"),
    ],
)
def test_person_with_editorial_work_cannot_be_deleted(make_work):
    person = make_person()
    work = make_work(person)
    with pytest.raises(ProtectedError):
        person.delete()
    assert Person.objects.filter(pk=person.pk).exists()
    work.refresh_from_db()


def test_film_with_nothing_written_about_it_can_be_deleted():
    film = make_film(genres=[make_genre()])
    film.delete()
    assert not Film.objects.filter(pk=film.pk).exists()
