"""Uploaded media answer HEAD as they answer GET: same status and headers, no body."""

import pytest
from django.test import RequestFactory

from core.views import media

pytestmark = pytest.mark.django_db  # closing a response tidies database connections

HEADERS = ["Content-Type", "Content-Length", "Last-Modified", "Cache-Control"]


@pytest.fixture
def poster(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "posters").mkdir()
    (tmp_path / "posters" / "poster.txt").write_text("a poster")
    return "posters/poster.txt"


def test_head_on_media_answers_with_get_headers_and_no_body(client, poster):
    get = client.get(f"/media/{poster}")
    head = client.head(f"/media/{poster}")

    assert head.status_code == get.status_code == 200
    assert {name: head[name] for name in HEADERS} == {name: get[name] for name in HEADERS}
    assert head["Content-Length"] == "8"
    assert b"".join(head.streaming_content) == b""


def test_head_on_missing_media_answers_404_like_get(client, poster):
    assert client.head("/media/posters/missing.txt").status_code == 404
    assert client.get("/media/posters/missing.txt").status_code == 404


def test_the_view_itself_sends_no_body_for_head(poster):
    """The test client drops HEAD bodies on its own; a WSGI server might not."""
    response = media(RequestFactory().head(f"/media/{poster}"), poster)
    assert response.status_code == 200
    assert response["Content-Length"] == "8"
    assert b"".join(response.streaming_content) == b""
    response.close()


def test_other_methods_on_media_are_refused(client, poster):
    assert client.post(f"/media/{poster}").status_code == 405
