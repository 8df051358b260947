"""What a reader sees on the search page: excerpts as written with the matches marked, whole
words, the exact title first, people with their photo and best-known film, and a suggestion
when nothing matches."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection

from picks.search import FILMS, nearest_title, search
from tests.factories import image_file, make_credit, make_film, make_person, make_post

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="SQLite's fallback; PostgreSQL forgives typos in names with trigrams on purpose",
)


def results_html(client, query: str, **params) -> str:
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def test_an_excerpt_is_the_text_as_written_with_the_match_marked(client):
    make_post(
        title="Night moves",
        body="As *Sebastian* (Ryan Gosling) plays, the club empties; no easy ending. "
        "Past it, jazz.",
    )

    html = results_html(client, "gosling")

    assert (
        "As Sebastian (Ryan <mark>Gosling</mark>) plays, the club empties; no easy ending." in html
    )


@sqlite_only
def test_words_are_matched_whole_so_la_la_finds_no_lawyer(client):
    make_film(title="La La Land", release_date=date(2016, 12, 9))
    make_person(name="Late Lawyer", bio="A lawyer who lands late.")

    html = results_html(client, "la la")
    text = text_of_html(html)

    assert "La La Land" in text
    assert "Late Lawyer" not in text
    assert not re.search(r"<mark>la</mark>(te|wyer|nds)", html, re.IGNORECASE)


def text_of_html(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_record_named_exactly_comes_first(client):
    film = make_film(title="Whiplash", synopsis="A drummer and his teacher.")
    make_film(
        title="Drumline",
        synopsis="Whiplash, whiplash, whiplash: a marching band's whiplash season.",
    )
    make_post(title="Whiplash at ten", body="Whiplash, whiplash and whiplash again.")

    assert list(search(FILMS, "whiplash"))[0] == film
    text = text_of_html(results_html(client, "Whiplash"))
    assert text.index("Films (") < text.index("Posts (")
    assert text.index("Whiplash Film") < text.index("Drumline")


def test_people_results_show_their_photo_and_best_known_film(client, media_root):
    emma = make_person(
        name="Emma Stone", slug="emma-stone", photo=image_file(), photo_alt="Emma Stone, smiling."
    )
    la_la_land = make_film(title="La La Land", release_date=date(2016, 12, 9))
    make_credit(film=la_la_land, person=emma, character="Mia", billing_order=1)
    make_credit(film=make_film(title="A cameo"), person=emma, character="Herself", billing_order=9)

    html = results_html(client, "emma stone")

    hit = html.split('class="search-hit search-hit--people"', 1)[1].split("</li>", 1)[0]
    assert 'alt="Emma Stone, smiling."' in hit and "<img" in hit
    assert "best known for" in text_of_html(hit)
    assert "La La Land" in hit and "(2016)" in hit and "A cameo" not in hit


def test_a_person_result_is_more_than_the_word_person(client):
    person = make_person(name="Damien Chazelle")
    make_credit(film=make_film(title="Whiplash"), person=person, role="crew", job="director")

    text = text_of_html(results_html(client, "chazelle"))

    assert "Person · best known for Whiplash" in text


@sqlite_only
def test_a_search_that_finds_nothing_suggests_the_nearest_title(client):
    make_film(title="Whiplash", slug="whiplash")
    make_person(name="Emma Stone")

    html = results_html(client, "Whiplsh")

    assert "Nothing found" in html
    assert re.search(r'Did you mean\s*<a href="/films/whiplash/">Whiplash</a>', html)


def test_the_nearest_title_is_found_on_either_database():
    film = make_film(title="Whiplash")
    make_film(title="Moonlight")

    assert nearest_title("whiplsh") == (FILMS, film)
    assert nearest_title("zzzzzz") is None
