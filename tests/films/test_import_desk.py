"""The desk's Import a film page: upload or TMDb id, the dry run field by field, then Apply."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from films.importers import tmdb
from films.models import Film
from tests.factories import make_film

LA_LA_LAND = Path(__file__).resolve().parent.parent / "data" / "import" / "tmdb_la_la_land.json"
URL = "/admin/import-film/"

pytestmark = pytest.mark.django_db


def upload(content: bytes | None = None, name: str = "la-la-land.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content or LA_LA_LAND.read_bytes(), "application/json")


@pytest.fixture(autouse=True)
def no_tmdb_key(monkeypatch, settings):
    monkeypatch.delenv("TMDB_API_KEY", raising=False)
    settings.TMDB_API_KEY = ""


def test_the_desk_links_to_the_import_page(editor_client):
    page = editor_client.get(reverse("admin:index")).content.decode()

    assert f'href="{URL}">Import a film</a>' in page


def test_without_a_key_the_page_asks_for_a_file_and_shows_tmdbs_notice(editor_client):
    page = editor_client.get(URL).content.decode()

    assert 'name="json_file"' in page and 'name="tmdb_id"' not in page
    assert "needs <code>TMDB_API_KEY</code>" in page
    assert tmdb.NOTICE in page


def test_upload_shows_the_changes_then_apply_saves_them(editor_client):
    preview = editor_client.post(URL, {"json_file": upload()})

    page = preview.content.decode()
    assert preview.status_code == 200
    assert "What importing La La Land would change" in page
    assert (
        '<td data-label="Field">runtime (minutes)</td><td data-label="Outcome">Created</td>'
        '<td data-label="Now"></td><td data-label="From the import">128</td>'
    ) in page
    assert "Emma Stone as Mia Dolan" in page
    assert not Film.objects.exists()  # the preview saved nothing

    applied = editor_client.post(URL, {"apply": "1", "payload": preview.context["payload"]})

    film = Film.objects.get(tmdb_id=313369)
    assert applied.status_code == 302
    assert applied["Location"] == reverse("admin:films_film_change", args=[film.pk])
    assert film.credits.count() == 9


def test_the_preview_says_which_editor_values_are_kept(editor_client):
    make_film(title="La La Land", release_date="2016-12-09", tagline="Our own line.")

    page = editor_client.post(URL, {"json_file": upload()}).content.decode()

    assert "an editor set it; no import wrote it" in page
    assert "Our own line." in page


def test_a_tampered_preview_is_refused_and_saves_nothing(editor_client):
    response = editor_client.post(URL, {"apply": "1", "payload": "forged"}, follow=True)

    assert "could not be read back" in response.content.decode()
    assert not Film.objects.exists()


def test_a_malformed_file_is_one_clear_error_on_the_form(editor_client):
    response = editor_client.post(URL, {"json_file": upload(b"{nope", "broken.json")})

    page = response.content.decode()
    assert response.status_code == 200
    assert "broken.json is not valid JSON (line 1)." in page
    assert "Choose the file again" in page
    assert not Film.objects.exists()


def test_an_empty_form_says_what_to_give(editor_client):
    page = editor_client.post(URL, {}).content.decode()

    assert "Choose a TMDb JSON file." in page


def test_with_a_key_the_page_fetches_by_id_and_keeps_the_typed_id_on_error(
    editor_client, settings, monkeypatch
):
    settings.TMDB_API_KEY = "key"
    monkeypatch.setattr(
        tmdb, "fetch_movie", lambda tmdb_id, api_key: json.loads(LA_LA_LAND.read_text())
    )

    page = editor_client.post(URL, {"tmdb_id": "313369"}).content.decode()
    assert "What importing La La Land would change" in page

    page = editor_client.post(URL, {"tmdb_id": "313369", "json_file": upload()}).content.decode()
    assert "Give a TMDb id or a file, not both." in page
    assert 'value="313369"' in page


def test_staff_without_film_permissions_cannot_import(client, contributor):
    client.force_login(contributor)

    assert client.get(URL).status_code == 403


def test_a_film_from_tmdb_carries_tmdbs_notice_on_its_page(client):
    with_id = make_film(title="From TMDb", tmdb_id=313369)
    without = make_film(title="Typed here")

    assert tmdb.NOTICE in client.get(with_id.get_absolute_url()).content.decode()
    assert tmdb.NOTICE not in client.get(without.get_absolute_url()).content.decode()
