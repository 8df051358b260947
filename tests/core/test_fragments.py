"""Parts of pages (a film's article, a post's comment thread) are kept in the shared cache for
the pages rendered live, and retired by the same changes as cached pages."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.template import Context, Template
from django.test import Client, RequestFactory

from core.fragments import kept
from core.models import SiteSettings
from films.models import Film
from tests.factories import make_credit, make_film, make_person, make_post, make_section

# Outside a test transaction, as a served page is: inside one nothing is kept.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fresh_cache", "fragments_on"),
]


@pytest.fixture
def fragments_on(settings):
    settings.MARQUEE_FRAGMENT_CACHE = True


@pytest.fixture(autouse=True)
def frame():
    """Made by the first page otherwise, and those saves would retire what it kept."""
    SiteSettings.load()
    make_section(name="Best Pick")


@pytest.fixture
def film() -> Film:
    film = make_film(title="Whiplash", synopsis="A drummer and his teacher.")
    make_credit(film=film, person=make_person(name="Miles Teller"), character="Andrew")
    return film


def in_a_request(compute):
    request_started.send(sender=None)
    try:
        return compute()
    finally:
        request_finished.send(sender=None)


def test_a_film_page_viewed_again_reads_only_the_film(film, django_assert_num_queries):
    first = Client().get(film.get_absolute_url())
    with django_assert_num_queries(1):
        again = Client().get(film.get_absolute_url())
    assert again.content == first.content
    assert "Miles Teller" in again.content.decode()


def test_signed_in_readers_get_the_kept_article_too(film, reader, django_assert_max_num_queries):
    Client().get(film.get_absolute_url())
    client = Client()
    client.force_login(reader)
    with django_assert_max_num_queries(4):  # session, user, the film
        response = client.get(film.get_absolute_url())
    assert "Miles Teller" in response.content.decode()
    assert "private" in response["Cache-Control"]  # a page made for them, kept by no one


def test_a_shared_link_s_own_parameters_still_get_the_kept_article(film):
    Client().get(film.get_absolute_url())
    url = f"{film.get_absolute_url()}?fbclid=one-per-click"
    text = Client().get(url).content.decode()
    assert "Miles Teller" in text


def test_an_edit_shows_at_once(film):
    Client().get(film.get_absolute_url())
    make_credit(film=film, person=make_person(name="J. K. Simmons"), character="Fletcher")
    assert "J. K. Simmons" in Client().get(film.get_absolute_url()).content.decode()


def test_a_post_published_about_the_film_shows_at_once(film):
    Client().get(film.get_absolute_url())
    make_post(title="Why Whiplash still stings", films=[film])
    assert "Why Whiplash still stings" in Client().get(film.get_absolute_url()).content.decode()


def test_parts_are_kept_per_site_address(film):
    Client().get(film.get_absolute_url(), HTTP_HOST="localhost")
    text = Client().get(film.get_absolute_url(), HTTP_HOST="testserver").content.decode()
    assert "http://localhost" not in text


def test_nothing_is_kept_inside_a_transaction():
    computed = []

    def in_a_transaction():
        with transaction.atomic():
            return kept("test", [1], lambda: computed.append(1) or "part")

    for _ in range(2):
        in_a_request(in_a_transaction)
    assert len(computed) == 2
    for _ in range(2):
        in_a_request(lambda: kept("test", [1], lambda: computed.append(1) or "part"))
    assert len(computed) == 3  # outside one, kept


def test_nothing_is_kept_when_switched_off(settings):
    settings.MARQUEE_FRAGMENT_CACHE = False
    computed = []
    for _ in range(2):
        in_a_request(lambda: kept("test", [1], lambda: computed.append(1) or "part"))
    assert len(computed) == 2


def test_a_cache_outage_renders_the_part_live(film, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", broken)
    response = Client().get(film.get_absolute_url())
    assert response.status_code == 200
    assert "Miles Teller" in response.content.decode()


def test_per_view_tokens_stay_empty_in_a_kept_part(reader):
    request = RequestFactory().get("/")
    request.user = reader
    template = Template(
        "{% load fragments page_tokens %}{% csrf_token_per_view %}"
        '{% kept "tokens" %}{% csrf_token_per_view %}{% endkept %}'
    )
    html = in_a_request(lambda: template.render(Context({"request": request})))
    live, part = html.split("<input", 2)[1:]
    assert 'value=""' not in live
    assert 'value=""' in part
