"""Search finds posts, films and people, ranks the obvious match first, and survives odd input."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from picks import search as search_module
from picks.models import Post
from picks.search import (
    FILMS,
    PEOPLE,
    POSTS,
    clean_query,
    find,
    index_scans_preferred,
    search,
    snippet,
)
from tests.factories import make_film, make_person, make_post

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram matching needs PostgreSQL (CI runs it)"
)


@pytest.fixture
def catalogue():
    la_la_land = make_film(
        title="La La Land",
        slug="la-la-land",
        tagline="Here's to the fools who dream.",
        synopsis="A jazz pianist and an actress fall in love in Los Angeles.",
    )
    make_film(title="Whiplash", synopsis="A young drummer and a ruthless teacher.")
    make_film(title="Moonlight", synopsis="Three chapters of a life in Miami.")
    pick = make_post(
        title="La La Land: a love letter to the dreamers",
        standfirst="Why Chazelle's musical is our Best Pick.",
        body="Sebastian and Mia chase their dreams through Los Angeles.",
        films=[la_la_land],
    )
    make_post(title="Drumming lessons", body="Whiplash owes something to La La Land's jazz.")
    make_post(
        title="La La Land draft",
        status=Post.Status.DRAFT,
        body="Not for readers yet.",
    )
    make_person(name="Ryan Gosling", slug="ryan-gosling", bio="Canadian actor and musician.")
    make_person(name="Emma Stone", slug="emma-stone", bio="American actress.")
    return {"film": la_la_land, "pick": pick}


def test_la_la_land_ranks_its_pick_and_its_film_first(catalogue):
    assert list(search(POSTS, "la la land"))[0] == catalogue["pick"]
    assert list(search(FILMS, "la la land"))[0] == catalogue["film"]


def test_title_matches_outrank_body_matches(catalogue):
    titles = [post.title for post in search(POSTS, "la la land")]
    assert titles.index("La La Land: a love letter to the dreamers") < titles.index(
        "Drumming lessons"
    )


def test_drafts_are_never_found(catalogue):
    assert "La La Land draft" not in [post.title for post in search(POSTS, "draft")]


def test_people_are_found_by_name(catalogue):
    assert [person.name for person in search(PEOPLE, "emma stone")] == ["Emma Stone"]


@postgres_only
@pytest.mark.parametrize(
    ("kind", "typo", "expected"),
    [
        (FILMS, "la la lnd", "La La Land"),
        (PEOPLE, "gossling", "Ryan Gosling"),
        (FILMS, "whiplsh", "Whiplash"),
    ],
)
def test_a_typo_still_finds_its_match_on_postgres(catalogue, kind, typo, expected):
    results = list(search(kind, typo))
    assert results, f"nothing found for {typo!r}"
    assert str(getattr(results[0], "title", getattr(results[0], "name", ""))) == expected


@pytest.mark.parametrize(
    "odd",
    [
        '"unmatched quote',
        "!!! ??? ***",
        "the of and",
        "a" * 5000,
        "la\x00la",
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "(((",
        "-",
        "tom & jerry | !x",
    ],
)
def test_odd_queries_return_results_or_nothing_but_never_fail(catalogue, odd):
    for kind in (POSTS, FILMS, PEOPLE):
        list(search(kind, clean_query(odd)[:200]))
    assert "\x00" not in clean_query(odd)


def test_snippet_escapes_text_and_marks_matching_words():
    html = snippet("Mia <b>dreams</b> of the stage; Sebastian dreams of jazz.", ["dreams"])
    assert "<b>" not in html and "&lt;b" in html
    assert html.count("<mark>dreams</mark>") == 2


def test_snippet_centres_on_the_first_match_in_long_text():
    text = ("filler words " * 60) + "the ending explained" + (" more filler" * 60)
    html = snippet(text, ["ending"])
    assert "<mark>ending</mark>" in html
    assert html.startswith("… ")


@postgres_only
@pytest.mark.parametrize(
    ("kind", "query", "index"),
    [
        (FILMS, "la la land", "film_search_vector_idx"),
        (PEOPLE, "emma stone", "person_search_vector_idx"),
        (FILMS, "la la lnd", "film_title_trgm_idx"),
        (PEOPLE, "gossling", "person_name_trgm_idx"),
    ],
)
def test_postgres_search_finds_and_counts_through_its_gin_indexes(catalogue, kind, query, index):
    with index_scans_preferred():
        found = find(kind, query)
        assert index in found.matching.explain()
        # Typo matches are ranked straight from the trigram index; full-text matches by the
        # primary keys of the newest.
        if "trgm" in index:
            assert index in found.ranked.explain()


@postgres_only
def test_the_stored_vector_follows_every_write_even_a_bulk_update(catalogue):
    post = catalogue["pick"]
    Post.objects.filter(pk=post.pk).update(standfirst="A tale of saxophones.")
    assert list(search(POSTS, "saxophone")) == [post]
    post.refresh_from_db()
    assert "saxophon" in post.search_vector


@postgres_only
def test_a_common_word_ranks_only_its_newest_matches_but_counts_them_all(catalogue, monkeypatch):
    monkeypatch.setattr(search_module, "RANKED_TEXT_MATCHES", 2)
    for hours in range(4):
        make_post(title=f"Jazz night {hours}", publish_at=timezone.now() - timedelta(hours=hours))
    found = find(POSTS, "jazz")
    assert found.count == 5  # the four, and the catalogue's post with jazz in its body
    assert [post.title for post in found.ranked] == ["Jazz night 0", "Jazz night 1"]


@postgres_only
def test_the_posts_page_says_how_many_match_and_how_many_are_listed(catalogue, monkeypatch, client):
    monkeypatch.setattr(search_module, "RANKED_TEXT_MATCHES", 2)
    for hours in range(4):
        make_post(title=f"Jazz night {hours}", publish_at=timezone.now() - timedelta(hours=hours))
    text = " ".join(client.get("/search/", {"q": "jazz", "type": "posts"}).content.decode().split())
    assert "5 posts match; the best 2 are listed." in text


def test_a_common_word_is_counted_up_to_a_bound(catalogue, monkeypatch, client):
    monkeypatch.setattr(search_module, "COUNTED_MATCHES", 5)
    for hours in range(7):
        make_post(title=f"Jazz night {hours}", publish_at=timezone.now() - timedelta(hours=hours))
    assert find(POSTS, "jazz").count_label == "5+"
    overview = " ".join(client.get("/search/", {"q": "jazz"}).content.decode().split())
    assert 'Posts <span class="search-group__count">(5+)</span>' in overview
    assert "All 5+ posts" in overview
    posts_page = client.get("/search/", {"q": "jazz", "type": "posts"}).content.decode()
    assert "5+ posts match" in " ".join(posts_page.split())


@postgres_only
def test_a_word_found_as_typed_is_not_drowned_by_names_a_typo_away(catalogue):
    make_person(name="Jack Jasper", slug="jack-jasper")
    make_person(name="Jazz Bassist", slug="jazz-bassist", bio="Plays jazz.")
    assert [person.name for person in search(PEOPLE, "jazz")] == ["Jazz Bassist"]


@postgres_only
def test_migrations_create_every_search_index_on_postgres():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%_idx'")
        names = {row[0] for row in cursor.fetchall()}
    for table in ("film", "person", "post"):
        assert f"{table}_search_vector_idx" in names
    for index in ("film_title_trgm_idx", "person_name_trgm_idx", "post_title_trgm_idx"):
        assert index in names
