"""'More like this' ranks by shared makers, genres, tags and cast, and says why."""

from decimal import Decimal

import pytest

from films import recommendations
from films.models import Credit
from films.recommendations import (
    candidate_ids,
    recommend_films,
    recommend_films_for_post,
    traits_of,
)
from tests.factories import (
    make_credit,
    make_film,
    make_genre,
    make_outlet,
    make_person,
    make_post,
    make_score,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def chazelle_world():
    musical = make_genre(name="Musical", slug="musical", noun="a musical")
    drama = make_genre(name="Drama", slug="drama", noun="a drama")
    chazelle = make_person(name="Damien Chazelle", slug="damien-chazelle")
    simmons = make_person(name="J. K. Simmons", slug="j-k-simmons")
    la_la_land = make_film(
        title="La La Land", slug="la-la-land", genres=[musical, drama], tags=["jazz", "los-angeles"]
    )
    whiplash = make_film(title="Whiplash", slug="whiplash", genres=[drama], tags=["jazz"])
    chicago = make_film(title="Chicago", slug="chicago", genres=[musical])
    unrelated = make_film(title="Unrelated", slug="unrelated")
    for film in (la_la_land, whiplash):
        make_credit(film=film, person=chazelle, role=Credit.Role.CREW, job=Credit.Job.DIRECTOR)
        make_credit(film=film, person=simmons, character="Someone")
    return {
        "la_la_land": la_la_land,
        "whiplash": whiplash,
        "chicago": chicago,
        "unrelated": unrelated,
    }


def test_shared_director_ranks_first_and_is_explained(chazelle_world):
    recommendations = recommend_films(chazelle_world["la_la_land"])
    titles = [r.film.title for r in recommendations]
    assert titles[0] == "Whiplash"
    assert "Also directed by Damien Chazelle" in recommendations[0].reasons
    assert "Also starring J. K. Simmons" in recommendations[0].reasons


def test_shared_genre_is_explained_with_its_noun(chazelle_world):
    recommendations = {r.film.title: r for r in recommend_films(chazelle_world["la_la_land"])}
    assert recommendations["Chicago"].reasons == ["Also a musical"]


def test_never_recommends_the_film_itself_or_films_sharing_nothing(chazelle_world):
    titles = [r.film.title for r in recommend_films(chazelle_world["la_la_land"])]
    assert "La La Land" not in titles
    assert "Unrelated" not in titles


def test_critic_scores_break_ties():
    genre = make_genre(noun="a western")
    film = make_film(genres=[genre])
    low = make_film(title="Low scorer", genres=[genre])
    high = make_film(title="High scorer", genres=[genre])
    for outlet in (make_outlet(), make_outlet()):  # a combined score needs two outlets
        make_score(film=low, outlet=outlet, value=Decimal("40"))
        make_score(film=high, outlet=outlet, value=Decimal("90"))
    assert [r.film.title for r in recommend_films(film)] == ["High scorer", "Low scorer"]


def test_post_recommendations_leave_out_the_films_the_post_covers(chazelle_world):
    post = make_post(films=[chazelle_world["la_la_land"], chazelle_world["whiplash"]])
    titles = [r.film.title for r in recommend_films_for_post(post)]
    assert titles == ["Chicago"]


def _build_catalogue(size: int):
    genre = make_genre(noun="a thriller")
    director = make_person()
    films = []
    for _ in range(size):
        film = make_film(genres=[genre], tags=["neon"])
        make_credit(film=film, person=director, role=Credit.Role.CREW, job=Credit.Job.DIRECTOR)
        make_credit(film=film)
        films.append(film)
    return films[0]


@pytest.mark.parametrize("size", [12, 200])
def test_query_count_does_not_grow_with_the_catalogue(size, django_assert_max_num_queries):
    film = _build_catalogue(size)
    with django_assert_max_num_queries(7):
        recommendations = recommend_films(film)
    assert len(recommendations) == 6
    assert recommendations[0].reasons[0].startswith("Also directed by")


def test_a_second_look_comes_from_the_cache(chazelle_world, django_assert_num_queries):
    film = chazelle_world["la_la_land"]
    first = recommend_films(film)
    with django_assert_num_queries(0):
        second = [r.film.title for r in recommend_films(film)]
    assert second == [r.film.title for r in first]


@pytest.mark.parametrize(
    "change",
    [
        "new director credit",
        "new genre link",
        "new tag",
        "renamed person",
    ],
)
def test_an_editor_change_shows_in_the_next_recommendations(chazelle_world, change):
    la_la_land, chicago = chazelle_world["la_la_land"], chazelle_world["chicago"]
    before = {r.film.title: r for r in recommend_films(la_la_land)}
    if change == "new director credit":
        chazelle = la_la_land.credits.get(job=Credit.Job.DIRECTOR).person
        make_credit(film=chicago, person=chazelle, role=Credit.Role.CREW, job=Credit.Job.DIRECTOR)
    elif change == "new genre link":
        chicago.genres.add(*la_la_land.genres.all())
    elif change == "new tag":
        chicago.tags.add("jazz")
    else:
        person = la_la_land.credits.get(job=Credit.Job.DIRECTOR).person
        person.name = "D. Chazelle"
        person.save()
    after = {r.film.title: r for r in recommend_films(la_la_land)}
    if change == "renamed person":
        assert "Also directed by D. Chazelle" in after["Whiplash"].reasons
    else:
        assert after["Chicago"].relevance > before["Chicago"].relevance


def test_post_recommendations_start_from_the_post_s_lead_film(chazelle_world):
    whiplash, la_la_land = chazelle_world["whiplash"], chazelle_world["la_la_land"]
    whiplash.tags.add("drums")
    make_film(title="Drumline", slug="drumline", tags=["drums"])
    # The editor put Whiplash first, though "La La Land" sorts first by title.
    post = make_post(films=[whiplash, la_la_land])
    titles = [r.film.title for r in recommend_films_for_post(post)]
    assert titles[0] == "Drumline"


def test_a_crowded_genre_offers_a_limited_number_of_candidates(monkeypatch):
    monkeypatch.setattr(recommendations, "FILMS_PER_GENRE", 5)
    western = make_genre(noun="a western")
    director = make_person(name="Sergio Sands")
    film = make_film(genres=[western])
    make_credit(film=film, person=director, role=Credit.Role.CREW, job=Credit.Job.DIRECTOR)
    for _ in range(12):
        make_film(genres=[western])
    sequel = make_film(title="The Sequel")
    make_credit(film=sequel, person=director, role=Credit.Role.CREW, job=Credit.Job.DIRECTOR)

    candidates = candidate_ids(film, traits_of(film))

    assert len(candidates) <= 5 + 1
    assert sequel.pk in candidates
    assert recommend_films(film)[0].reasons == ["Also directed by Sergio Sands"]


def test_a_prolific_actor_offers_a_limited_number_of_their_films(monkeypatch):
    monkeypatch.setattr(recommendations, "FILMS_PER_ACTOR", 3)
    star = make_person(name="Busy Star")
    film = make_film()
    make_credit(film=film, person=star)
    for _ in range(10):
        make_credit(film=make_film(), person=star)
    assert len(candidate_ids(film, traits_of(film))) == 3
    assert all(r.reasons == ["Also starring Busy Star"] for r in recommend_films(film))
