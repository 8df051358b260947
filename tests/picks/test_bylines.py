"""Readers never see an email address or a username as a name: bylines, cards, feeds, JSON-LD
and staff replies name a writer by their full name, else "Marquee staff"."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from picks.models import Comment, display_name
from tests.factories import make_post, make_user
from tests.picks.test_comments import post_comment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def addresses_in(response) -> list[str]:
    assert response.status_code == 200
    return [match.group(0) for match in EMAIL.finditer(response.content.decode())]


def test_a_user_without_a_name_is_marquee_staff_never_their_username():
    nameless = make_user(username="ana@example.com", email="ana@example.com")
    named = make_user(username="ana2@example.com", first_name="Ana", last_name="Lima")

    assert display_name(nameless) == "Marquee staff"
    assert display_name(named) == "Ana Lima"


def test_no_email_address_appears_on_the_home_page_post_or_feeds(client):
    writer = make_user(username="writer@marquee.example", email="writer@marquee.example")
    post = make_post(author=writer, is_featured=True)
    make_post(author=writer)  # a card on the home page too
    staff = make_user(username="desk@marquee.example", email="desk@marquee.example", is_staff=True)
    staff_client = Client()
    staff_client.force_login(staff)
    post_comment(staff_client, post, name="", email="", comment="Thanks for reading!")
    assert Comment.objects.get().name == "Marquee staff"

    for url in (
        reverse("picks:home"),
        post.get_absolute_url(),
        reverse("picks:feed_rss"),
        reverse("picks:feed_atom"),
        post.section.get_absolute_url(),
    ):
        assert addresses_in(client.get(url)) == [], url
    html = " ".join(client.get(post.get_absolute_url()).content.decode().split())
    assert "By Marquee staff" in html
    assert '"author": {"@type": "Person", "name": "Marquee staff"' in html
    assert (
        "<author><name>Marquee staff</name></author>"
        in client.get(reverse("picks:feed_atom")).content.decode()
    )


def test_a_named_writer_is_credited_by_name_everywhere(client):
    writer = make_user(username="writer", first_name="Ana", last_name="Lima")
    post = make_post(author=writer)

    html = " ".join(client.get(post.get_absolute_url()).content.decode().split())
    assert "By Ana Lima" in html
    assert "Ana Lima" in client.get(reverse("picks:feed_rss")).content.decode()
