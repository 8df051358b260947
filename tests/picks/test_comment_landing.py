"""Where a reader lands after sending a comment: one message next to the comments, the form
with its errors in view, and the form's address sending a reloaded or shared page back to the
post."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.template.loader import render_to_string
from django.urls import reverse

from tests.factories import make_post
from tests.picks.test_comments import parse, post_comment, vouch

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

HELD = "Your comment is awaiting moderation"


def comment_result_box(html: str) -> str:
    match = re.search(r'<div id="comment-result"[^>]*>(.*?)</div>', html, re.S)
    assert match, "the post page has no comment result box"
    return match.group(1)


def test_the_awaiting_moderation_message_is_shown_once_next_to_the_comments(client):
    post = make_post()

    response = post_comment(client, post)
    html = client.get(response["Location"]).content.decode()

    assert html.count(HELD) == 1
    assert HELD in comment_result_box(html)


def test_the_published_message_is_shown_once_next_to_the_comments(client):
    post = make_post()
    vouch(client, post=post, email="mia@example.test")

    response = post_comment(client, post, comment="Second thoughts.")
    html = client.get(response["Location"]).content.decode()

    assert html.count("Your comment is published.") == 1
    assert "Your comment is published." in comment_result_box(html)


def test_messages_about_other_things_still_show_at_the_top():
    messages = [
        Message(constants.SUCCESS, "Saved."),
        Message(constants.INFO, "Held.", extra_tags="comments"),
    ]

    html = render_to_string("includes/messages.html", {"messages": messages})

    assert "Saved." in html and "Held." not in html


def test_a_comment_with_errors_answers_with_the_form_in_view(client):
    post = make_post()

    response = post_comment(client, post, comment="")

    assert response.status_code == 400
    html = response.content.decode()
    assert "Please fix what is marked below" in html
    form = next(attrs for tag, attrs in parse(response).tags if attrs.get("id") == "comment-form")
    # The page's address after the POST is the form's action: its fragment scrolls to the form.
    assert form["action"].endswith("#comment-form")
    assert reverse("picks:comment_create", args=[post.slug]) in form["action"]


def test_the_comment_form_on_the_post_page_sends_the_reader_back_to_the_form(client):
    post = make_post()

    response = client.get(post.get_absolute_url())

    form = next(attrs for tag, attrs in parse(response).tags if attrs.get("id") == "comment-form")
    assert form["action"] == reverse("picks:comment_create", args=[post.slug]) + "#comment-form"


def test_reloading_or_sharing_the_comment_address_redirects_to_the_post(client):
    post = make_post()

    response = client.get(reverse("picks:comment_create", args=[post.slug]))

    assert response.status_code in (301, 302)
    assert response["Location"] == post.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_the_comment_address_of_an_unknown_post_is_not_found(client):
    response = client.get(reverse("picks:comment_create", args=["no-such-post"]))

    assert response.status_code == 404
