"""Where to watch: editor-kept entries with the date checked, on the film page and the post's film
card; https links only; plain outbound links; browse by "streaming now on"."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from films.models import Availability
from tests.factories import make_film, make_post
from tests.films.test_views import FILM_PAGE_MAX_QUERIES

pytestmark = pytest.mark.django_db


def make_availability(**fields) -> Availability:
    fields.setdefault("film", fields.get("film") or make_film())
    fields.setdefault("service", "Filmhouse+")
    fields.setdefault("kind", Availability.Kind.STREAM)
    fields.setdefault("region", "GB")
    fields.setdefault("link", "https://watch.example/la-la-land")
    fields.setdefault("checked_on", date(2026, 11, 1))
    return Availability.objects.create(**fields)


def test_the_film_page_says_where_to_watch_with_the_date_checked(client):
    film = make_film(title="La La Land")
    make_availability(film=film)
    make_availability(film=film, service="Video Shop", kind="buy", link="")
    html = client.get(film.get_absolute_url()).content.decode()
    assert '<h2 id="watch-' in html and "Where to watch</h2>" in html
    assert '<a href="https://watch.example/la-la-land" rel="noopener">Filmhouse+' in html
    assert '<time datetime="2026-11-01">1 Nov 2026</time>' in html
    assert "Video Shop" in html and "Buy" in html


def test_a_film_with_no_entries_has_no_where_to_watch(client):
    film = make_film()
    assert "Where to watch" not in client.get(film.get_absolute_url()).content.decode()


def test_the_posts_film_card_says_where_to_watch(client):
    film = make_film()
    make_availability(film=film, service="Cinema Club", kind="cinema", link="")
    post = make_post(films=[film])
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Where to watch</h3>" in html and "Cinema Club" in html and "In cinemas" in html


@pytest.mark.parametrize("link", ["http://watch.example/x", "ftp://watch.example/x"])
def test_links_must_be_https_in_the_database(link):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_availability(link=link)


def test_links_must_be_https_in_the_form():
    entry = Availability(
        film=make_film(),
        service="S",
        kind="stream",
        region="GB",
        link="http://watch.example/x",
        checked_on=date(2026, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert "Links must start with https://." in str(error.value)


def test_one_entry_per_service_kind_and_region():
    film = make_film()
    make_availability(film=film)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_availability(film=film)
    make_availability(film=film, region="US")  # another region is another entry


def test_the_film_admin_edits_availability_inline(editor_client):
    film = make_film()
    make_availability(film=film)
    html = editor_client.get(reverse("admin:films_film_change", args=[film.pk])).content.decode()
    assert "availability-0-service" in html and "Filmhouse+" in html


def test_browse_filters_by_streaming_service(client):
    streamed = make_film(title="Streamed Film")
    rented = make_film(title="Rented Film")
    make_availability(film=streamed, service="Flix")
    make_availability(film=rented, service="Flix", kind="rent")
    make_film(title="Nowhere Film")

    html = client.get("/films/?streaming_on=Flix").content.decode()

    assert "Streamed Film" in html
    assert "Rented Film" not in html and "Nowhere Film" not in html
    assert '<option value="Flix" selected>Flix</option>' in html


def test_an_unknown_service_is_ignored_with_a_note(client):
    make_film(title="Any Film")
    response = client.get("/films/?streaming_on=Nope")
    assert response.status_code == 200
    assert "Any Film" in response.content.decode()
    assert "streaming now on" in response.content.decode().lower()


def test_film_page_queries_do_not_grow_with_entries(client, django_assert_max_num_queries):
    film = make_film()
    make_availability(film=film)
    client.get(film.get_absolute_url())
    with django_assert_max_num_queries(FILM_PAGE_MAX_QUERIES):
        client.get(film.get_absolute_url())
    for n in range(8):
        make_availability(film=film, service=f"Service {n}")
    with django_assert_max_num_queries(FILM_PAGE_MAX_QUERIES):
        client.get(film.get_absolute_url())
