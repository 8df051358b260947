"""Film and person pages list the posts that mention them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from picks.mentions.store import mention_turn_down
from picks.models import Post
from tests.factories import make_film, make_person, make_post

pytestmark = pytest.mark.django_db


def mentioned_in(page: str) -> str:
    return page.split('id="mentioned-in-title"', 1)[1] if 'id="mentioned-in-title"' in page else ""


def test_a_film_page_lists_the_published_posts_that_name_it(client):
    film = make_film(title="La La Land", slug="la-la-land")
    make_post(title="Musicals now", body="Since La La Land, musicals sell.")
    make_post(title="A draft about it", body="La La Land again.", status=Post.Status.DRAFT)
    make_post(
        title="Scheduled about it",
        body="La La Land later.",
        publish_at=timezone.now() + timedelta(days=2),
    )
    make_post(title="Nothing to do with it", body="Another film entirely.")
    section = mentioned_in(client.get(film.get_absolute_url()).content.decode())
    assert "Musicals now" in section
    assert "A draft about it" not in section and "Scheduled about it" not in section
    assert "Nothing to do with it" not in section


def test_a_person_page_lists_posts_naming_them_but_not_those_turned_down(client, editor):
    person = make_person(name="Emma Stone", slug="emma-stone")
    make_post(title="Stone's year", body="Emma Stone won.")
    wrong = make_post(title="Wrong Emma", body="Emma Stone the sculptor.")
    mention_turn_down(mention=wrong.mentions.get(), by=editor)
    section = mentioned_in(client.get(person.get_absolute_url()).content.decode())
    assert "Stone&#x27;s year" in section or "Stone's year" in section
    assert "Wrong Emma" not in section


def test_a_post_about_the_film_is_not_listed_twice(client):
    film = make_film(title="La La Land", slug="la-la-land")
    make_post(title="Our review", body="La La Land is a joy.", films=[film])
    page = client.get(film.get_absolute_url()).content.decode()
    assert "Our review" in page
    assert 'id="mentioned-in-title"' not in page


def test_no_mentions_no_section(client):
    film = make_film(title="Obscure Picture Show")
    assert 'id="mentioned-in-title"' not in client.get(film.get_absolute_url()).content.decode()


def test_the_mentioned_in_list_costs_the_same_queries_however_many_posts(client):
    person = make_person(name="Emma Stone", slug="emma-stone")
    client.get(f"{person.get_absolute_url()}?warm")  # what every page caches on first use
    counts = []
    for more in (1, 11):
        for n in range(more):
            make_post(title=f"Post {n}", body="Emma Stone again.")
        with CaptureQueriesContext(connection) as queries:
            page = client.get(f"{person.get_absolute_url()}?fresh={more}").content.decode()
        counts.append(len(queries))
    assert mentioned_in(page).count("<li>") == 10
    assert counts[0] == counts[1]
