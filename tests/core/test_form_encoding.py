"""A form post in another charset than UTF-8 is refused with a 400, on every form URL."""

import logging

import pytest
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from tests.factories import make_comment

pytestmark = pytest.mark.django_db

LATIN_1_FORM = "application/x-www-form-urlencoded; charset=iso-8859-1"


def post_latin_1(path: str, fields: bytes):
    """Sent as a browser would, CSRF cookie and token included, with bytes that are not UTF-8."""
    client = Client(enforce_csrf_checks=True)
    token = _get_new_csrf_string()
    client.cookies["csrftoken"] = token
    body = b"csrfmiddlewaretoken=" + token.encode() + b"&" + fields
    return client.generic("POST", path, body, content_type=LATIN_1_FORM)


def assert_refused(response, caplog):
    assert response.status_code == 400
    assert "Forms must be sent in UTF-8." in response.content.decode()
    assert [record for record in caplog.records if record.levelno >= logging.ERROR] == []


def test_admin_login_in_latin_1_answers_400(caplog):
    assert_refused(post_latin_1("/admin/login/", b"username=Jos\xe9&password=caf\xe9"), caplog)


def test_comment_in_latin_1_answers_400(caplog):
    comment = make_comment()
    path = f"/picks/{comment.post.slug}/comments/"
    assert_refused(post_latin_1(path, b"name=Ren\xe9e&comment=D\xe9j\xe0 vu"), caplog)


def test_flag_in_latin_1_answers_400_and_counts_nothing(caplog):
    comment = make_comment()
    assert_refused(post_latin_1(f"/comments/{comment.pk}/flag/", b"why=\xe9"), caplog)
    comment.refresh_from_db()
    assert comment.flag_count == 0


def test_a_utf_8_form_post_still_goes_through(client):
    comment = make_comment()
    response = client.post(f"/comments/{comment.pk}/flag/", {"why": "é"})
    assert response.status_code == 303
