"""A request for a host the site does not serve is refused quietly: 400, no traceback."""

import logging

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/no-such-page/", "/admin/login/"])
def test_unknown_host_answers_400_without_logging_an_error(client, caplog, path):
    with caplog.at_level(logging.INFO):
        response = client.get(path, HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert "We couldn" in response.content.decode()
    assert "evil.example" not in response.content.decode()
    assert [record for record in caplog.records if record.levelno >= logging.ERROR] == []
    assert [record for record in caplog.records if record.exc_info] == []


def test_unknown_host_posting_a_form_answers_400(client, caplog):
    with caplog.at_level(logging.INFO):
        response = client.post("/admin/login/", {"username": "x"}, HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert [record for record in caplog.records if record.levelno >= logging.ERROR] == []


def test_a_known_host_still_gets_an_absolute_canonical_link(client):
    html = client.get("/", HTTP_HOST="localhost").content.decode()
    assert '<link rel="canonical" href="http://localhost/">' in html
