"""A known address is published at once only from a browser it was approved from, or once its
owner confirms the comment through the link we email: typing someone's address is not enough."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from picks.comment_confirmation import comment_confirmation_token
from picks.comments import REASON_NEW_BROWSER, comment_moderate
from picks.models import Comment
from tests.factories import make_comment, make_post
from tests.picks.test_comments import post_comment, vouch

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

KEY_COOKIE = "marquee_commenter_key"
HELD = "Your comment is awaiting moderation"


@pytest.fixture
def email_works(monkeypatch):
    """A real mail server is configured (the test backend still keeps mail in mail.outbox)."""
    monkeypatch.setattr("picks.comment_confirmation.email_configured", lambda: True)


def test_someone_typing_a_known_address_in_another_browser_is_held(client):
    post = make_post()
    make_comment(post=post, email="mia@example.test")  # Mia's, approved

    response = post_comment(client, post, email="mia@example.test", comment="Not Mia at all.")

    comment = Comment.objects.get(body="Not Mia at all.")
    assert comment.status == Comment.Status.PENDING
    assert comment.decision_reason == REASON_NEW_BROWSER
    assert HELD in client.get(response["Location"]).content.decode()


def test_the_browser_gets_its_key_with_a_held_first_comment_and_is_known_once_approved(client):
    post = make_post()

    response = post_comment(client, post, comment="My first one.")

    cookie = response.cookies[KEY_COOKIE]
    assert cookie.value and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert "marquee_commenter" not in response.cookies  # "remember me" stays opt-in
    first = Comment.objects.get(body="My first one.")
    assert first.status == Comment.Status.PENDING
    comment_moderate(comments=[first], status=Comment.Status.APPROVED)

    post_comment(client, post, comment="My second one.")
    post_comment(Client(), post, comment="Someone else with Mia's address.")

    assert Comment.objects.get(body="My second one.").status == Comment.Status.APPROVED
    impostor = Comment.objects.get(body="Someone else with Mia's address.")
    assert impostor.status == Comment.Status.PENDING


def test_a_browser_known_for_one_address_does_not_vouch_for_another(client):
    post = make_post()
    vouch(client, post=post, email="mia@example.test")
    make_comment(post=post, email="seb@example.test")

    post_comment(client, post, email="seb@example.test", comment="Posing as Seb.")

    assert Comment.objects.get(body="Posing as Seb.").status == Comment.Status.PENDING


def test_a_forged_key_cookie_is_ignored(client):
    post = make_post()
    vouch(client, post=post)
    client.cookies[KEY_COOKIE] = "key-of-a-browser-used-by-mia@example.test"  # unsigned

    post_comment(client, post, comment="With a forged key.")

    assert Comment.objects.get(body="With a forged key.").status == Comment.Status.PENDING


def confirmation_link(message) -> str:
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def test_the_owner_publishes_a_comment_from_a_new_browser_through_the_emailed_link(
    client, email_works
):
    post = make_post(title="La La Land")
    make_comment(post=post, email="mia@example.test")

    response = post_comment(client, post, comment="From my phone.")

    comment = Comment.objects.get(body="From my phone.")
    assert comment.status == Comment.Status.PENDING
    assert "emailed you a link" in client.get(response["Location"]).content.decode()
    (message,) = mail.outbox
    assert message.to == ["mia@example.test"]
    assert "“La La Land”" in message.body and "From my phone." in message.body

    # Opening the link shows a button: a mail scanner that follows links publishes nothing.
    page = client.get(confirmation_link(message)).content.decode()
    assert "Publish my comment" in page and "From my phone." in page
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING

    token = re.search(r'name="confirm_comment" value="([^"]+)"', page).group(1)
    url = reverse("picks:comment_create", args=[post.slug])
    response = client.post(url, {"confirm_comment": token})

    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert comment.decided_by_system == "emailed confirmation"
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{comment.pk}"
    assert "Your comment is published." in client.get(response["Location"]).content.decode()
    # That browser is now known for the address; the link is used up.
    post_comment(client, post, comment="Next one from my phone.")
    assert Comment.objects.get(body="Next one from my phone.").status == Comment.Status.APPROVED
    again = client.post(url, {"confirm_comment": token})
    assert "expired or was already used" in client.get(again["Location"]).content.decode()


def test_a_tampered_confirmation_publishes_nothing(client, email_works):
    post = make_post()
    make_comment(post=post, email="mia@example.test")
    post_comment(client, post, comment="Held.")
    held = Comment.objects.get(body="Held.")

    forged = comment_confirmation_token(held)[:-2] + "xx"
    client.post(reverse("picks:comment_create", args=[post.slug]), {"confirm_comment": forged})
    page = client.get(post.get_absolute_url(), {"confirm_comment": forged})

    held.refresh_from_db()
    assert held.status == Comment.Status.PENDING
    assert "Publish my comment" not in page.content.decode()


def test_only_a_comment_held_for_its_browser_gets_a_link(client, email_works):
    post = make_post()

    post_comment(client, post, comment="A first comment waits for an editor.")
    make_comment(post=post, email="seb@example.test")
    post_comment(client, post, email="seb@example.test", phone="spam", comment="Honeypot.")

    assert mail.outbox == []


def test_one_link_an_hour_per_address(client, email_works):
    post = make_post()
    make_comment(post=post, email="mia@example.test")

    for number in range(3):
        post_comment(Client(), post, comment=f"Attempt {number}.")

    assert len(mail.outbox) == 1


def test_without_a_mail_server_no_link_is_sent(client):
    post = make_post()
    make_comment(post=post, email="mia@example.test")

    response = post_comment(client, post, comment="From my phone.")

    assert mail.outbox == []
    assert "emailed" not in client.get(response["Location"]).content.decode()


def test_the_privacy_page_tells_about_the_browser_key(client):
    html = client.get("/privacy/").content.decode()
    assert "a cookie keeps a signed random key" in html
    assert "email you a link that publishes that comment" in html
