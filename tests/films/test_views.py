"""Film and person pages: what readers see, bounded queries, bad query strings, renamed slugs."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import SlugRedirect
from films.models import Credit, Film, Person
from tests.asserts import text_of
from tests.factories import (
    make_credit,
    make_film,
    make_genre,
    make_la_la_land,
    make_outlet,
    make_person,
    make_post,
    make_score,
)

pytestmark = pytest.mark.django_db

# Two of these are where to watch (one prefetch) and the stills gallery (one query); the film is
# read twice: alone (all a page with its article kept needs), then with everything the article
# shows (FilmDetailView.film_in_full).
FILM_PAGE_MAX_QUERIES = 19


# The film page


def test_film_page_shows_cast_scores_money_and_awards(client):
    film = make_la_la_land()
    response = client.get("/films/la-la-land/")
    assert response.status_code == 200
    text = text_of(response)
    assert "Emma Stone" in text and "as Mia Dolan" in text
    assert "Ryan Gosling" in text and "as Sebastian Wilder" in text
    assert "93/100 Metacritic" in text
    assert "91% Rotten Tomatoes" in text
    assert "8.0/10 IMDb" in text
    assert "88/100 Combined, 3 outlets" in text  # (93 + 91 + 80) / 3
    assert "$446.1 million" in text and "$30 million" in text
    assert "6 wins from 14 Academy Award nominations" in text
    assert "2 h 8 min" in text and "Musical" in text
    assert "Both delightful confection and life-affirming food for the soul." in text
    assert "— USA Today" in text
    assert "They worship everything and they value nothing." in text
    assert "Director Damien Chazelle" in text and "Screenplay Damien Chazelle" in text
    assert f"<title>{film} · cast, scores and trailer" in response.content.decode()


def test_cast_is_listed_in_billing_order_with_links_to_bios(client):
    film = make_film(slug="ensemble")
    third = make_person(name="Zed Third")
    first = make_person(name="Yara First")
    make_credit(film=film, person=third, character="C", billing_order=3)
    make_credit(film=film, person=first, character="A", billing_order=1)
    html = client.get("/films/ensemble/").content.decode()
    assert html.index("Yara First") < html.index("Zed Third")
    assert f'href="{first.get_absolute_url()}"' in html


def test_trailer_loads_nothing_from_video_hosts_before_the_click(client):
    make_la_la_land()
    html = client.get("/films/la-la-land/").content.decode()
    assert "<iframe" not in html
    assert 'href="https://www.youtube.com/watch?v=0pdqf4P9MB8"' in html
    assert 'data-embed-url="https://www.youtube-nocookie.com/embed/0pdqf4P9MB8?autoplay=1' in html
    assert "Play trailer" in html
    # No image, script or stylesheet from any other host: only links point off-site.
    assert not re.search(
        r'<(img|script|link|iframe)\b[^>]*(src|href)="(https?:)?//(?!testserver/)', html
    )
    assert "<script>" not in html and ' style="' not in html


def test_vimeo_trailer_uses_the_vimeo_player(client):
    make_film(slug="vim", trailer_url="https://vimeo.com/123456789")
    html = client.get("/films/vim/").content.decode()
    assert 'data-embed-url="https://player.vimeo.com/video/123456789?autoplay=1&amp;dnt=1"' in html


def test_film_page_lists_published_posts_about_the_film_only(client):
    film = make_film(slug="covered")
    make_post(title="A published essay", films=[film])
    make_post(title="A secret draft", films=[film], status="draft")
    text = text_of(client.get("/films/covered/"))
    assert "A published essay" in text
    assert "A secret draft" not in text


@pytest.mark.parametrize("cast_size", [5, 60])
def test_film_page_queries_do_not_grow_with_cast_scores_or_posts(
    client, django_assert_max_num_queries, cast_size
):
    film = make_la_la_land(cast_size=cast_size, extra_scores=cast_size // 5)
    for _ in range(cast_size // 5):
        make_post(films=[film])
    client.get("/films/la-la-land/")  # the site settings row is created on the first page
    with django_assert_max_num_queries(FILM_PAGE_MAX_QUERIES):
        response = client.get("/films/la-la-land/")
    assert response.content.decode().count('class="card person-card"') == cast_size


def test_film_page_query_count_is_identical_for_small_and_large_casts(client):
    counts = []
    for size, slug in ((5, "small"), (60, "large")):
        film = make_film(slug=slug)
        for order in range(size):
            make_credit(film=film, billing_order=order)
            make_score(film=film)
        client.get(f"/films/{slug}/")
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/films/{slug}/")
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_unknown_film_is_a_404_in_the_site_design(client):
    response = client.get("/films/no-such-film/")
    assert response.status_code == 404
    assert "We couldn" in response.content.decode()


def test_renamed_film_slug_redirects_permanently_to_the_new_address(client):
    film = make_film(slug="la-la-land-2016")
    SlugRedirect.objects.create(
        content_type=ContentType.objects.get_for_model(Film), object_id=film.pk, old_slug="lll"
    )
    response = client.get("/films/lll/")
    assert response.status_code == 301
    assert response["Location"] == "/films/la-la-land-2016/"


def test_old_slug_of_another_model_does_not_redirect_films(client):
    person = make_person(slug="someone-new")
    SlugRedirect.objects.create(
        content_type=ContentType.objects.get_for_model(Person),
        object_id=person.pk,
        old_slug="old-name",
    )
    assert client.get("/films/old-name/").status_code == 404
    assert client.get("/people/old-name/")["Location"] == "/people/someone-new/"


# The person page


def test_person_page_shows_bio_birth_and_filmography(client):
    person = make_person(
        name="Emma Stone",
        slug="emma-stone",
        bio="An American actress.\n\nShe won for La La Land.",
        birth_date=date(1988, 11, 6),
        birth_place="Scottsdale, Arizona",
    )
    lll = make_film(title="La La Land", release_date=date(2016, 12, 9))
    make_credit(film=lll, person=person, character="Mia Dolan")
    other = make_film(title="Poor Things", release_date=date(2023, 9, 1))
    make_credit(film=other, person=person, role=Credit.Role.CREW, job=Credit.Job.PRODUCER)
    make_post(title="Why Mia matters", films=[lll])
    response = client.get("/people/emma-stone/")
    assert response.status_code == 200
    text = text_of(response)
    assert "Born 6 November 1988 in Scottsdale, Arizona" in text
    assert "She won for La La Land." in text
    assert "2016 La La Land Mia Dolan" in text
    assert "2023 Poor Things Producer" in text
    assert text.index("Poor Things") < text.index("La La Land Mia Dolan")  # newest first
    assert "Why Mia matters" in text


def test_person_page_queries_do_not_grow_with_the_filmography(client):
    counts = []
    for size in (3, 30):
        person = make_person()
        for _ in range(size):
            make_credit(person=person)
            make_post(films=[person.credits.last().film])
        client.get(person.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            client.get(person.get_absolute_url())
        counts.append(len(queries))
    assert counts[0] == counts[1]


# Browsing films


@pytest.fixture
def catalogue():
    musical = make_genre(name="Musical", slug="musical")
    drama = make_genre(name="Drama", slug="drama")
    films = {
        "Singin": make_film(title="Singin", release_date=date(1952, 3, 27), genres=[musical]),
        "Cabaret": make_film(title="Cabaret", release_date=date(1972, 2, 13), genres=[musical]),
        "Chicago": make_film(title="Chicago", release_date=date(2002, 12, 27), genres=[musical]),
        "Whiplash": make_film(title="Whiplash", release_date=date(2014, 10, 10), genres=[drama]),
    }
    outlets = [make_outlet(), make_outlet()]  # a combined score needs two outlets
    for title, value in {"Singin": 99, "Cabaret": 80, "Chicago": 60, "Whiplash": 88}.items():
        for outlet in outlets:
            make_score(film=films[title], outlet=outlet, value=value)
    return films


def titles_in(response) -> list[str]:
    return re.findall(r'class="card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def test_films_are_sorted_by_combined_score_by_default(client, catalogue):
    assert titles_in(client.get("/films/")) == ["Singin", "Whiplash", "Cabaret", "Chicago"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("year", ["Whiplash", "Chicago", "Cabaret", "Singin"]),
        ("title", ["Cabaret", "Chicago", "Singin", "Whiplash"]),
        ("score", ["Singin", "Whiplash", "Cabaret", "Chicago"]),
    ],
)
def test_films_can_be_sorted(client, catalogue, sort, expected):
    assert titles_in(client.get(f"/films/?sort={sort}")) == expected


def test_film_filters_combine(client, catalogue):
    assert titles_in(client.get("/films/?genre=musical")) == ["Singin", "Cabaret", "Chicago"]
    assert titles_in(client.get("/films/?genre=musical&min_score=70")) == ["Singin", "Cabaret"]
    assert titles_in(client.get("/films/?genre=musical&min_score=70&decade=1970")) == ["Cabaret"]
    assert titles_in(client.get("/films/?decade=2010")) == ["Whiplash"]


@pytest.mark.parametrize(
    "query",
    [
        "genre=no-such-genre",
        "decade=banana",
        "decade=1955",
        "min_score=abc",
        "min_score=101",
        "min_score=-3",
        "sort=random",
        "genre=%00%ff",
        "min_score=99999999999999999999999",
    ],
)
def test_bad_filter_values_are_ignored_with_a_note_never_a_500(client, catalogue, query):
    response = client.get(f"/films/?{query}")
    assert response.status_code == 200
    assert "We ignored" in text_of(response)
    assert len(titles_in(response)) == 4


def test_a_bad_filter_does_not_cancel_the_good_ones(client, catalogue):
    response = client.get("/films/?genre=musical&decade=banana&sort=title")
    assert titles_in(response) == ["Cabaret", "Chicago", "Singin"]
    assert "We ignored decade" in text_of(response)


def test_filters_survive_pagination(client, settings):
    settings.MARQUEE_PAGE_SIZE = 2
    musical = make_genre(slug="musical")
    for number in range(5):
        make_film(title=f"Musical {number}", genres=[musical])
    make_film(title="Not a musical")
    first = client.get("/films/?genre=musical&sort=title")
    html = first.content.decode()
    assert 'href="?genre=musical&amp;sort=title&amp;page=2"' in html
    second = client.get("/films/?genre=musical&sort=title&page=2")
    assert titles_in(second) == ["Musical 2", "Musical 3"]
    assert 'href="?genre=musical&amp;sort=title"' in second.content.decode()  # back to page 1
    assert "Page 2 of 3" in text_of(second)


def test_page_past_the_end_shows_the_last_page_and_junk_is_a_404(client, settings):
    settings.MARQUEE_PAGE_SIZE = 2
    for number in range(3):
        make_film(title=f"Film {number}")
    last = client.get("/films/?sort=title&page=999")
    assert last.status_code == 200
    assert titles_in(last) == ["Film 2"]
    for junk in ("abc", "0", "-1", "1.5", "%00"):
        assert client.get(f"/films/?page={junk}").status_code == 404


def test_film_list_queries_do_not_grow_with_the_number_of_films(client, settings):
    settings.MARQUEE_PAGE_SIZE = 50
    counts = []
    for size in (2, 40):
        for _ in range(size):
            make_score(film=make_film(genres=[make_genre()]))
        client.get("/films/")
        with CaptureQueriesContext(connection) as queries:
            client.get("/films/?sort=year")
        counts.append(len(queries))
    assert counts[0] == counts[1]
