"""The full awards record on the film page: every nomination, wins marked, category and nominee."""

from __future__ import annotations

import re

import pytest

from tests.factories import make_film, make_la_la_land, make_nomination, make_person
from tests.films.test_views import FILM_PAGE_MAX_QUERIES

pytestmark = pytest.mark.django_db


def rows(html: str) -> list[str]:
    table = html[html.index('<table class="award-table">') : html.index("</table>")]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in
            re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]]  # fmt: skip


def test_the_film_page_lists_all_fourteen_nominations_with_six_wins(client):
    film = make_la_la_land()
    html = client.get(film.get_absolute_url()).content.decode()
    listed = rows(html)
    assert len(listed) == 14
    assert sum(row.endswith("Won") for row in listed) == 6
    assert sum(row.endswith("Nominated") for row in listed) == 8
    assert "6 wins from 14 Academy Award nominations" in html


def test_each_nomination_names_its_category_and_nominee(client):
    film = make_film()
    stone = make_person(name="Emma Stone", slug="emma-stone")
    hidden = make_person(name="Not Yet Reviewed", slug="not-yet", is_published=False)
    make_nomination(film=film, person=stone, category="Best Actress", won=True, year=2017)
    make_nomination(film=film, person=hidden, category="Best Editing", won=False, year=2017)
    make_nomination(film=film, category="Best Picture", won=False, year=2017)
    html = client.get(film.get_absolute_url()).content.decode()
    assert rows(html) == [
        "Academy Awards 2017 Best Actress Emma Stone Won",
        "Academy Awards 2017 Best Editing Not Yet Reviewed Nominated",
        "Academy Awards 2017 Best Picture The film Nominated",
    ]
    assert '<a href="/people/emma-stone/">Emma Stone</a>' in html
    assert "/people/not-yet/" not in html  # unpublished people are named, never linked


def test_a_film_without_nominations_has_no_awards_table(client):
    film = make_film()
    assert "award-table" not in client.get(film.get_absolute_url()).content.decode()


def test_the_record_costs_no_query_per_nomination(client, django_assert_max_num_queries):
    film = make_film()
    make_nomination(film=film, person=make_person(), category="Category 0")
    client.get(film.get_absolute_url())
    with django_assert_max_num_queries(FILM_PAGE_MAX_QUERIES):
        client.get(film.get_absolute_url())
    for n in range(1, 10):
        make_nomination(film=film, person=make_person(), category=f"Category {n}")
    with django_assert_max_num_queries(FILM_PAGE_MAX_QUERIES):
        client.get(film.get_absolute_url())
