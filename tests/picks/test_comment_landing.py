"""Where a reader lands after sending a comment: one message, next to the comments."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.template.loader import render_to_string

from tests.factories import make_post
from tests.picks.test_comments import post_comment, vouch

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
