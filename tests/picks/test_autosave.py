"""Autosave: what an editor types is kept while they type, and offered back when newer than the
last save."""

from __future__ import annotations

import pytest

from picks.autosave import AUTOSAVE_SUMMARY
from picks.models import Post
from tests.factories import make_post
from tests.picks.test_roles import change_url, post_form

pytestmark = pytest.mark.django_db


def autosave_url(post: Post) -> str:
    return f"/admin/picks/post/{post.pk}/autosave/"


def test_typing_keeps_one_autosave_revision_up_to_date_and_leaves_the_post_alone(client, editor):
    post = make_post(title="Saved title", body="Saved words.")
    client.force_login(editor)
    first = client.post(autosave_url(post), {"title": "Saved title", "body": "Typed words"})
    client.post(autosave_url(post), {"title": "Saved title", "body": "Typed words, more"})

    assert first.status_code == 200 and first.json()["saved"] is True
    autosave = post.revisions.get()
    assert autosave.summary == AUTOSAVE_SUMMARY and autosave.created_by == editor
    assert autosave.content["body"] == "Typed words, more"
    post.refresh_from_db()
    assert post.body == "Saved words."


def test_the_form_offers_back_an_autosave_newer_than_the_last_save(client, editor):
    post = make_post(title="Saved title", body="Saved words.")
    client.force_login(editor)
    client.post(autosave_url(post), {"body": "Typed, never saved"})
    html = client.get(change_url(post)).content.decode()
    assert "is newer than the last save" in html
    assert '"body": "Typed, never saved"' in html  # in the JSON the restore button reads

    client.post(change_url(post), post_form(post, body="Saved again", _intent="save"))
    assert "is newer than the last save" not in client.get(change_url(post)).content.decode()


def test_autosave_needs_the_right_to_change_the_post_and_a_post(client, contributor, editor):
    post = make_post(title="Someone else's", author=editor)
    client.force_login(contributor)
    assert client.post(autosave_url(post), {"body": "x"}).status_code == 403
    assert client.get(autosave_url(post)).status_code == 405
    assert not post.revisions.exists()
    client.logout()
    assert client.post(autosave_url(post), {"body": "x"}).status_code == 302  # to the login


def test_the_post_and_film_forms_warn_before_leaving_with_unsaved_changes(editor_client):
    client = editor_client
    for url in ("/admin/picks/post/add/", "/admin/films/film/add/"):
        assert "core/unsaved_changes.js" in client.get(url).content.decode()
