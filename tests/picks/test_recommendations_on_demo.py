"""Recommendations as readers meet them on the demo content, loaded once for the module."""

import re

import pytest
from django.urls import reverse

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
