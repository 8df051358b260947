"""Recognising the films and people a text names, against the records."""

from datetime import date

import pytest

from films.models import Credit
from picks.mentions import Found, recognise
from tests.factories import make_credit, make_film, make_person

pytestmark = pytest.mark.django_db


def names(text: str) -> list[str]:
    return [found.surface for found in recognise(text)]


def test_a_persons_possessive_names_the_person_not_the_s():
    emma = make_person(name="Emma Stone")
    found = recognise("Emma Stone's Mia runs the café; Seb's club comes later.")
    assert found == [Found("person", emma.pk, 0, 10, "Emma Stone")]


def test_initials_written_together_or_apart_name_the_same_person():
    simmons = make_person(name="J. K. Simmons")
    for text in ("JK Simmons shouts.", "J.K. Simmons shouts.", "J. K. Simmons shouts."):
        (found,) = recognise(text)
        assert (found.pk, found.surface) == (simmons.pk, text.removesuffix(" shouts."))


def test_alternative_names_are_recognised():
    simmons = make_person(name="Jonathan Kimble Simmons", alternative_names="JK Simmons\n")
    assert [f.pk for f in recognise("As Fletcher, J.K. Simmons is terrifying.")] == [simmons.pk]


def test_accents_and_case_are_set_aside():
    cruz = make_person(name="Penélope Cruz")
    assert [f.pk for f in recognise("Penelope Cruz and PENÉLOPE CRUZ")] == [cruz.pk, cruz.pk]


def test_whole_words_only():
    make_person(name="Ryan Gosling")
    make_film(title="Whiplash Returns")
    assert names("Ryan Goslings and Whiplash Returnsville") == []


def test_longest_name_wins():
    make_film(title="La La Land")
    make_film(title="Land")
    make_person(name="Emma")
    emma_stone = make_person(name="Emma Stone")
    found = recognise("La La Land made Emma Stone a star.")
    assert [f.surface for f in found] == ["La La Land", "Emma Stone"]
    assert found[1].pk == emma_stone.pk


def test_a_title_must_be_written_as_a_title():
    make_film(title="The Artist")
    assert names("The artist at work; the artist's model.") == []
    assert names("Then came The Artist, silent and black-and-white.") == ["The Artist"]


def test_a_name_does_not_run_across_a_sentence_or_paragraph():
    make_person(name="Emma Stone")
    assert names("I watched it with Emma. Stone walls surround the lot.") == []
    assert names("With Emma\n\nStone walls") == []


@pytest.mark.parametrize("title", ["Drive", "Chicago", "Crazy"])
def test_a_common_word_title_is_not_linked_blindly(title):
    make_film(title=title, release_date=date(2002, 12, 27))
    assert names(f"{title} to the coast, then {title.lower()} back.") == []
    assert names(f"I {title.lower()} there every day.") == []


@pytest.mark.parametrize(
    "text",
    [
        "We saw *Drive* last night.",
        'We saw "Drive" last night.',
        "We saw \u201cDrive\u201d last night.",
        "For us, Drive is the best film of its year.",
        "Drive is the best film of 2011.",
        "The 2011 thriller Drive has aged well.",
        "Refn made Drive with Ryan Gosling.",
        "Nicolas Winding Refn made Drive with Ryan Gosling.",
        "*Drive\u2019s* score is synth-pop.",
    ],
)
def test_a_common_word_title_is_recognised_when_the_context_says_film(text):
    drive = make_film(title="Drive", release_date=date(2011, 9, 16))
    make_credit(
        film=drive,
        person=make_person(name="Nicolas Winding Refn"),
        role=Credit.Role.CREW,
        job=Credit.Job.DIRECTOR,
    )
    assert [(f.kind, f.pk, f.surface) for f in recognise(text) if f.kind == "film"] == [
        ("film", drive.pk, "Drive")
    ]


@pytest.mark.parametrize(
    "text",
    ["It is the best film of the year.", "Her new film opens today.", "Up next: a film."],
)
def test_a_capital_that_only_starts_a_sentence_is_no_clue(text):
    for title in ("It", "Her", "Up"):
        make_film(title=title, release_date=date(2013, 1, 1))
    assert names(text) == []


def test_a_lowercase_common_word_is_never_the_film_even_near_film():
    make_film(title="Crazy")
    assert names("This film is crazy, and that movie is crazy too.") == []


def test_two_records_by_one_name_are_told_apart_by_year_or_neither_is_named():
    old = make_film(title="Chicago", release_date=date(1927, 12, 23))
    new = make_film(title="Chicago", release_date=date(2002, 12, 27))
    assert [f.pk for f in recognise("The 2002 musical *Chicago* won Best Picture.")] == [new.pk]
    assert [f.pk for f in recognise("The silent *Chicago* of 1927.")] == [old.pk]
    assert names("I loved *Chicago*.") == []


def test_unpublished_records_are_not_recognised():
    make_person(name="Greta Lee Draft", is_published=False)
    assert names("Greta Lee Draft is new.") == []


def test_a_record_saved_after_the_index_was_built_is_recognised():
    assert names("Damien Chazelle wrote it.") == []
    make_person(name="Damien Chazelle")
    assert names("Damien Chazelle wrote it.") == ["Damien Chazelle"]
