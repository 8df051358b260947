"""The fact-check's rules: the source posts' own errors (rewritten in our words) are caught and
name what the records say; their true sentences raise nothing; an ambiguous sentence is silent."""

from __future__ import annotations

from datetime import date

import pytest

from films.models import Credit
from picks.factcheck import check_text
from tests.factories import make_credit, make_film, make_la_la_land, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def la_la_land():
    film = make_la_la_land()
    film.box_office_usd = 472_000_000
    film.box_office_source = "https://www.boxofficemojo.com/title/tt3783958/"
    film.box_office_as_of = date(2025, 3, 1)
    film.save()
    return film


@pytest.fixture
def whiplash(la_la_land):
    film = make_film(
        title="Whiplash", slug="whiplash", release_date=date(2014, 10, 10), runtime_minutes=106
    )
    damien = la_la_land.credits.get(job=Credit.Job.DIRECTOR).person
    make_credit(film=film, person=damien, role=Credit.Role.CREW, job=Credit.Job.DIRECTOR)
    teller = make_person(name="Miles Teller", slug="miles-teller")
    make_credit(film=film, person=teller, character="Andrew Neiman", billing_order=1)
    simmons = make_person(
        name="J. K. Simmons", slug="j-k-simmons", alternative_names="JK Simmons\nJ.K. Simmons"
    )
    make_credit(film=film, person=simmons, character="Terence Fletcher", billing_order=2)
    return film


def messages(body: str, *, films=(), standfirst: str = "", severity: str = "") -> list[str]:
    findings = check_text(standfirst=standfirst, body=body, film_ids=[f.pk for f in films])
    return [f.message for f in findings if not severity or f.severity == severity]


def contradictions(body: str, *, films=(), standfirst: str = "") -> list[str]:
    return messages(body, films=films, standfirst=standfirst, severity="contradiction")


# -- who plays whom -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "In the last scene, the actress Mia (Julianne Moore) walks into a club by chance.",
        "Julianne Moore as Mia gives the film its heart.",
        "Mia, played by Julianne Moore, keeps auditioning.",
        "Julianne Moore plays struggling actress Mia with great warmth.",
    ],
)
def test_an_actress_the_records_do_not_know_given_mias_part_is_caught(la_la_land, sentence):
    [message] = contradictions(sentence, films=[la_la_land])
    assert "Mia Dolan" in message and "Emma Stone" in message and "Julianne Moore" in message
    assert "not in our records" in message


def test_a_known_actor_given_the_wrong_part_is_caught_too(la_la_land):
    make_person(name="Julianne Moore", slug="julianne-moore")
    body = "La La Land follows Sebastian (Ryan Gosling) and Mia (Julianne Moore) through a year."
    [message] = contradictions(body)
    assert message == (
        "Our credits for La La Land give Mia Dolan to Emma Stone, not Julianne Moore."
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Sebastian (Ryan Gosling) and Mia (Emma Stone) meet in a traffic jam.",
        "Emma Stone as Mia is the reason to watch.",
        "Mia, played by Emma Stone, finally gets her audition.",
        "Ryan Gosling and Emma Stone play a pianist and an actress who fall in love.",
        "Emma Stone's La La Land is a joy.",
    ],
)
def test_the_true_cast_sentences_raise_nothing(la_la_land, sentence):
    assert messages(sentence, films=[la_la_land]) == []


def test_a_character_name_two_films_share_is_left_alone(la_la_land):
    other = make_film(title="Another Story", slug="another-story")
    make_credit(film=other, person=make_person(name="Someone Else"), character="Mia Farrow-Smith")
    body = "Mia (Julianne Moore) sings in the rain."
    assert contradictions(body, films=[la_la_land, other]) == []


# -- who made it ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "*Whiplash* director Danny DeVito’s next picture found a studio.",
        "*Whiplash* was directed by Danny DeVito.",
        "Danny DeVito directed the film Whiplash on a tiny budget.",
        "The film Whiplash, directed by Danny DeVito, is about a drummer.",
    ],
)
def test_the_wrong_director_of_whiplash_is_caught(whiplash, sentence):
    # A one-word title counts as the film with a clue (italics, "the film"): picks.mentions.
    [message] = contradictions(sentence)
    assert message.startswith("Our credits say Whiplash was directed by Damien Chazelle")
    assert "not Danny DeVito" in message


def test_a_known_person_s_whiplash_is_a_claim_they_directed_it(whiplash):
    make_person(name="Danny DeVito", slug="danny-devito")
    [message] = contradictions("Danny DeVito's *Whiplash* is about a drummer.")
    assert message == "Our credits say Whiplash was directed by Damien Chazelle, not Danny DeVito."
    # A name the records do not know may be no person at all: "The Hollywood Reporter's".
    assert contradictions("Hollywood Reporter's *Whiplash* review was kind.") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Written and directed by Damien Chazelle, La La Land is a 2016 romantic musical.",
        "*Whiplash* director Damien Chazelle went on to make a musical.",
        "Damien Chazelle's *Whiplash* is about a drummer and his teacher.",
        "Whiplash (2014) stars Miles Teller as Andrew and JK Simmons as Fletcher.",
    ],
)
def test_the_true_credits_raise_nothing(whiplash, sentence):
    assert messages(sentence) == []


# -- figures --------------------------------------------------------------------------------


def test_fourteen_oscars_reads_as_wins_and_the_record_says_six_of_fourteen(la_la_land):
    [message] = contradictions("La La Land took home 14 Oscars.")
    assert message == (
        "Our record: La La Land won 6 of its 14 Academy Award nominations; the text says 14 wins."
    )


def test_a_win_count_after_won_is_read_too(la_la_land):
    body = "At the Oscars it received 14 nominations and won seven, Best Director among them."
    [message] = contradictions(body, films=[la_la_land])
    assert message.endswith("the text says 7 wins.")
    assert messages(body.replace("seven", "six"), films=[la_la_land]) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "La La Land won 6 Oscars from 14 nominations.",
        "La La Land secured 6 out of 14 Oscar nominations.",
        "La La Land has been nominated for a total of 14 Oscars.",
        "La La Land is a 2016 American musical film.",
        "La La Land runs 128 minutes.",
        "La La Land grossed about $470 million worldwide against a $30 million budget.",
        "La La Land has 93 on Metacritic.",
        "The film cost about $30 million and grossed more than $440 million worldwide.",
        "La La Land grossed $472 million worldwide on a $30 million budget.",
    ],
)
def test_true_figures_raise_nothing(la_la_land, sentence):
    assert messages(sentence, films=[la_la_land]) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Metacritic: 95", "Our record of Metacritic's score for La La Land is 93/100, not 95."),
        ("Rotten Tomatoes: 85%", "Our record of Rotten Tomatoes's score for La La Land is 91%"),
        ("IMDb: 8.5", "8.0/10, not 8.5"),
        ("La La Land is a 2015 musical film.", "dates La La Land to 2016"),
        ("La La Land runs 107 minutes.", "runs 128 minutes (2 h 8 min), not 107"),
        (
            "The movie made a worldwide total of $446.1 million at the box office.",
            "worldwide box office is $472.0 million (source: boxofficemojo.com, as of 1 March "
            "2025), not $446.1 million.",
        ),
    ],
)
def test_figures_that_disagree_with_the_record_name_the_records_figure(
    la_la_land, sentence, expected
):
    [message] = contradictions(f"La La Land is a musical.\n\n{sentence}", films=[la_la_land])
    assert expected in message


def test_whiplash_runs_106_minutes(whiplash):
    [message] = contradictions("*Whiplash* (2014) runs a tight 107 minutes.")
    assert "runs 106 minutes" in message


def test_the_score_lines_of_a_best_pick_are_read_against_its_film(la_la_land):
    lines = "Metacritic: 93\n\nRotten Tomatoes: 91%\n\nIMDb: 8.0"
    assert messages(lines, films=[la_la_land]) == []


# -- never guess ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "La La Land and *Whiplash* run 107 minutes.",
        "La La Land and Whiplash both run 107 minutes.",
        "Between them, La La Land and *Whiplash* won 14 Oscars.",
        "*Whiplash* and La La Land scored 95 on Metacritic.",
        "He has earned $1.9 billion at the box office across his career.",
        "It took 107 minutes to find a parking space.",
        "Its soundtrack album made $5 million in a month.",
        "The sound of the 1952 film still shapes its own musical numbers.",
    ],
)
def test_an_ambiguous_sentence_says_nothing(whiplash, la_la_land, sentence):
    assert contradictions(sentence, films=[la_la_land]) == []


# -- names the records do not know ----------------------------------------------------------


def test_an_unknown_producer_and_film_are_suggestions_not_errors(la_la_land):
    body = (
        "Fred Berger, the film's producer, told a trade paper about the ending. "
        "It owes a lot to *The Umbrellas of Cherbourg* (1964)."
    )
    findings = check_text(standfirst="", body=body, film_ids=[la_la_land.pk])
    assert {f.severity for f in findings} == {"suggestion"}
    text = " ".join(f.message for f in findings)
    assert "Fred Berger is not in our records" in text
    assert "“The Umbrellas of Cherbourg” is not in our films" in text


def test_each_finding_carries_its_sentence_and_field(la_la_land):
    [finding] = check_text(
        standfirst="A musical in which Mia (Julianne Moore) dreams.",
        body="Nothing to see.",
        film_ids=[la_la_land.pk],
    )
    assert finding.field == "standfirst"
    assert finding.sentence == "A musical in which Mia (Julianne Moore) dreams."


def test_a_misspelt_outlet_on_a_score_line_is_a_suggestion(la_la_land):
    [finding] = check_text(standfirst="", body="Rotten Romatoes: 91", film_ids=[la_la_land.pk])
    assert finding.severity == "suggestion"
    assert (
        finding.message
        == "“Rotten Romatoes” is not an outlet we know: did you mean Rotten Tomatoes?"
    )


def test_a_possessive_character_and_a_character_named_in_passing_raise_nothing(la_la_land):
    body = (
        "The actress Mia Dolan keeps auditioning. Seb's club opens at last. "
        "Emma Stone's Mia is the heart of La La Land."
    )
    assert messages(body, films=[la_la_land]) == []


def test_a_year_far_from_the_records_is_another_film_of_that_title_not_an_error(la_la_land):
    [finding] = check_text(standfirst="", body="La La Land (1960) was a forgotten revue.")
    assert finding.severity == "suggestion"
    assert finding.message.startswith("La La Land (1960) is not the La La Land in our records")
