"""The writing screen's helpers: the live preview uses the site's sanitised renderer; the film
and person finder gives each one's page."""

from __future__ import annotations

import pytest

from tests.factories import make_film, make_person

pytestmark = pytest.mark.django_db

RENDER_URL = "/admin/picks/post/render/"
LINKS_URL = "/admin/picks/post/link-choices/"


def test_the_live_preview_renders_markdown_as_the_site_does_and_drops_scripts(client, editor):
    client.force_login(editor)
    response = client.post(RENDER_URL, {"body": "**Bold** <script>alert(1)</script>"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Bold</strong>" in html and "<script" not in html
    assert "no-store" in response["Cache-Control"]
    assert client.get(RENDER_URL).status_code == 405


def test_the_preview_and_finder_are_for_staff_who_write(client, reader):
    client.force_login(reader)
    assert client.post(RENDER_URL, {"body": "x"}).status_code == 302  # to the admin login
    assert client.get(LINKS_URL, {"q": "he"}).status_code == 302


def test_the_finder_offers_films_and_people_with_their_pages(client, editor):
    film = make_film(title="Heat")
    person = make_person(name="Heather Graham")
    client.force_login(editor)
    results = client.get(LINKS_URL, {"q": "hea"}).json()["results"]
    assert [(r["text"], r["url"]) for r in results] == [
        ("Heat", film.get_absolute_url()),
        ("Heather Graham", person.get_absolute_url()),
    ]
    assert client.get(LINKS_URL, {"q": "h"}).json()["results"] == []


def test_the_post_form_loads_the_writing_screen(client, editor):
    client.force_login(editor)
    html = client.get("/admin/picks/post/add/").content.decode()
    assert "picks/post_writing.js" in html
    assert 'data-render-url="/admin/picks/post/render/"' in html
