"""Recommendations as readers meet them on the demo content, loaded once for the module."""

import re

import pytest
from django.urls import reverse

from films.models import Film
from films.recommendations import MAKER_JOBS, WEIGHTS, compute_recommendations
from picks.models import Post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_magazine")]


def recommendation_titles(client, path):
    html = client.get(path).content.decode()
    section = html[html.index('id="recommendations-title"') :]
    return re.findall(
        r'class="recommendation__title"><a href="[^"]+">([^<]+)</a>', section
    ), section


def test_la_la_land_recommends_chazelle_films_first_and_says_why(client):
    titles, html = recommendation_titles(client, "/films/la-la-land/")
    assert titles[0] in {"Whiplash", "Babylon", "First Man"}
    assert "La La Land" not in titles
    assert "Also written and directed by Damien Chazelle" in html


def test_drive_recommends_other_ryan_gosling_films(client):
    titles, html = recommendation_titles(client, "/films/drive/")
    assert titles[0] == "La La Land"
    assert "Also starring Ryan Gosling" in html
    assert "Drive" not in titles


def test_moonlight_recommends_dramas_and_explains_them(client):
    titles, html = recommendation_titles(client, "/films/moonlight/")
    assert titles and "Moonlight" not in titles
    assert "Also a drama" in html


def test_a_pick_recommends_films_beyond_the_ones_it_covers(client):
    pick = Post.objects.published().get(slug__startswith="la-la-land", section__slug="best-pick")
    html = client.get(pick.get_absolute_url()).content.decode()
    assert "If you liked this pick" in html
    section = html[html.index('id="recommendations-title"') :]
    assert "Also written and directed by Damien Chazelle" in section
    assert reverse("films:film_detail", args=["la-la-land"]) + '">La La Land<' not in section


def exhaustive_ranking(film: Film, limit: int = 6) -> list[tuple[str, float]]:
    """The ranking over every film, worked out in Python: the bounded candidate set must give
    the demo exactly this."""
    makers, cast, genres, tags = shared_traits(film)
    ranked = []
    for other in Film.objects.public().exclude(pk=film.pk).with_combined_score():
        other_makers, other_cast, other_genres, other_tags = shared_traits(other)
        # A shared director or writer counts once per job they did on the other film.
        shared_makers = [job for person, job in other_makers if person in {p for p, _ in makers}]
        relevance = (
            len(shared_makers) * WEIGHTS["makers"]
            + len(genres & other_genres) * WEIGHTS["genres"]
            + len(tags & other_tags) * WEIGHTS["tags"]
            + len(cast & other_cast) * WEIGHTS["cast"]
        )
        if relevance:
            ranked.append((-relevance, -(other.combined_score or 0), other.title))
    return [(title, -relevance) for relevance, _score, title in sorted(ranked)[:limit]]


def shared_traits(film: Film) -> tuple[set, set, set, set]:
    credits = film.credits.of_published_people()
    makers = {(c.person_id, c.job) for c in credits.filter(job__in=MAKER_JOBS)}
    cast = {c.person_id for c in credits.cast()}
    return makers, cast, set(film.genres.all()), set(film.tags.all())


def test_every_demo_film_gets_the_ranking_an_exhaustive_search_gives():
    for film in Film.objects.public():
        bounded = [(r.film.title, r.relevance) for r in compute_recommendations(film)]
        assert bounded == exhaustive_ranking(film), film.slug
