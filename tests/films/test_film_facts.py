"""Film facts readers look for: certificate (with its rating body), original language, countries,
and a stills gallery from the image library."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.factories import image_file, make_film, make_media_image
from tests.films.test_views import FILM_PAGE_MAX_QUERIES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def test_the_film_page_shows_certificate_language_and_countries(client):
    film = make_film(
        certificate_body="BBFC",
        certificate="12A",
        original_language="English",
        countries="United States, Hong Kong",
    )
    html = client.get(film.get_absolute_url()).content.decode()
    assert "<li>Rated 12A (BBFC)</li>" in html
    assert "<li>In English</li>" in html
    assert "<li>United States, Hong Kong</li>" in html


def test_a_certificate_needs_its_rating_body_in_the_database():
    film = make_film()
    film.certificate = "PG"
    with pytest.raises(IntegrityError), transaction.atomic():
        film.save()


def test_a_certificate_needs_its_rating_body_in_the_form():
    film = make_film()
    film.certificate = "PG"
    with pytest.raises(ValidationError) as error:
        film.full_clean()
    assert "Say which body gave the certificate" in str(error.value)


def test_the_film_form_offers_the_facts(editor_client):
    film = make_film()
    html = editor_client.get(reverse("admin:films_film_change", args=[film.pk])).content.decode()
    for name in ("certificate_body", "certificate", "original_language", "countries"):
        assert f'name="{name}"' in html


def test_stills_from_the_image_library_show_on_the_film_page(client):
    film = make_film()
    still = make_media_image(
        image=image_file("still.png", size=(160, 90)),
        alt_text="Two dancers on a bench at dusk",
        credit="Drawing: Marquee",
    )
    still.films.add(film)
    make_media_image(alt_text="Not a still of this film")

    html = client.get(film.get_absolute_url()).content.decode()

    assert '<h2 id="stills-title">Stills</h2>' in html
    assert 'alt="Two dancers on a bench at dusk"' in html and "Drawing: Marquee" in html
    assert "Not a still of this film" not in html


def test_a_film_without_stills_has_no_gallery(client):
    assert "Stills" not in client.get(make_film().get_absolute_url()).content.decode()


def test_stills_cost_one_query_whatever_their_number(client, django_assert_max_num_queries):
    film = make_film()
    for n in range(6):
        make_media_image(alt_text=f"Still {n}").films.add(film)
    client.get(film.get_absolute_url())
    with django_assert_max_num_queries(FILM_PAGE_MAX_QUERIES):
        assert client.get(film.get_absolute_url()).status_code == 200
