"""A combined score is a consensus: it needs at least two outlets, and every score says its
scale and where it comes from."""

from __future__ import annotations

from decimal import Decimal

import pytest

from films.models import Film
from reviews.models import Outlet
from tests.asserts import text_of
from tests.factories import make_film, make_outlet, make_post, make_score

pytestmark = pytest.mark.django_db


def test_one_outlets_score_gives_no_combined_figure():
    film = make_film()
    make_score(film=film, value=Decimal("97"))

    annotated = Film.objects.with_combined_score().get(pk=film.pk)

    assert annotated.combined_score is None
    assert annotated.score_outlets == 1


def test_two_outlets_give_the_mean():
    film = make_film()
    make_score(film=film, value=Decimal("90"))
    make_score(film=film, outlet=make_outlet(scale=Outlet.Scale.TEN), value=Decimal("7"))

    annotated = Film.objects.with_combined_score().get(pk=film.pk)

    assert annotated.combined_score == Decimal("80")
    assert annotated.score_outlets == 2


def test_a_film_with_one_outlets_score_does_not_jump_up_top_rated(client):
    lone = make_film(title="One critic loved it")
    make_score(film=lone, value=Decimal("100"))
    consensus = make_film(title="Critics agree")
    for _ in range(3):
        make_score(film=consensus, value=Decimal("85"))

    assert list(Film.objects.top_rated()) == [consensus]
    text = text_of(client.get("/"))
    assert "Critics agree" in text and "One critic loved it" not in text


def test_the_film_page_shows_no_combined_figure_for_one_outlet(client):
    film = make_film()
    make_score(film=film, outlet=make_outlet(name="Metacritic"), value=Decimal("93"))

    text = text_of(client.get(film.get_absolute_url()))

    assert "93/100 Metacritic" in text
    assert "Combined" not in text


def test_film_cards_show_the_scale_and_how_many_outlets_make_the_figure(client):
    film = make_film(title="Critics agree")
    make_score(film=film, value=Decimal("80"))
    make_score(film=film, value=Decimal("90"))

    text = text_of(client.get("/films/"))

    assert "85/100 combined from 2 outlets" in text


def test_the_about_the_film_card_names_each_scores_source_and_scale(client):
    film = make_film()
    make_score(film=film, outlet=make_outlet(name="Metacritic"), value=Decimal("93"))
    rt = make_outlet(name="Rotten Tomatoes", scale=Outlet.Scale.PERCENT)
    make_score(film=film, outlet=rt, value=Decimal("91"))
    post = make_post(films=[film])

    text = text_of(client.get(post.get_absolute_url()))

    assert "93/100 Metacritic" in text
    assert "91% Rotten Tomatoes" in text
    assert "92/100 Combined, 2 outlets" in text
