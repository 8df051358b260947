"""Signing up for the newsletter: double opt-in, the same answer for every address, the rate
limit, CSRF on cached pages, one-click unsubscribe and removal."""

from __future__ import annotations

import re
import time

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from picks.models import Subscriber
from picks.newsletter.subscriptions import SIGNUP_RATE, unsubscribe_link
from tests.factories import make_post

pytestmark = pytest.mark.usefixtures("fresh_cache")

SIGNUP = "/newsletter/subscribe/"


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """Run what the views queue after their commit (the test's transaction never commits)."""

    def run(send, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return send(*args, **kwargs)

    return run


def sign_up(client, run_tasks, email: str, **extra):
    return run_tasks(client.post, SIGNUP, {"email": email}, **extra)


def link_in(message, name: str) -> str:
    match = re.search(rf"https?://\S+/newsletter/{name}/\S+/", message.body)
    assert match, message.body
    return match.group(0)


def confirmed(address: str) -> Subscriber:
    subscriber = Subscriber.objects.create(email=address)
    subscriber.set_status(Subscriber.Status.CONFIRMED)
    subscriber.save()
    return subscriber


@pytest.mark.django_db
def test_signup_mails_a_confirmation_link_and_confirms_only_when_pressed(client, run_tasks):
    response = sign_up(client, run_tasks, "Ann@Example.com ")

    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "ann@example.com"
    assert subscriber.status == Subscriber.Status.PENDING
    assert [message.to for message in mail.outbox] == [["ann@example.com"]]
    link = link_in(mail.outbox[0], "confirm")

    opened = client.get(link)  # a mail scanner following the link confirms nothing
    assert opened.status_code == 200
    assert "Confirm my subscription" in opened.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING

    pressed = client.post(link)
    assert "You are subscribed" in pressed.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None


@pytest.mark.django_db
def test_signup_answers_alike_for_new_pending_confirmed_and_unsubscribed_addresses(
    client, run_tasks
):
    Subscriber.objects.create(email="pending@example.com")
    confirmed("confirmed@example.com")
    gone = confirmed("gone@example.com")
    gone.set_status(Subscriber.Status.UNSUBSCRIBED)
    gone.save()

    answers = {}
    for address in ["new@example.com", "pending@example.com", "confirmed@example.com"]:
        response = sign_up(client, run_tasks, address)
        answers[address] = (response.status_code, response.content.decode().replace(address, "@"))
    answers["gone@example.com"] = (
        (response := sign_up(client, run_tasks, "gone@example.com")).status_code,
        response.content.decode().replace("gone@example.com", "@"),
    )

    assert len(set(answers.values())) == 1
    # The confirmed address gets no new mail; the others are asked to confirm.
    mailed = sorted(message.to[0] for message in mail.outbox)
    assert mailed == ["gone@example.com", "new@example.com", "pending@example.com"]
    assert Subscriber.objects.get(email="confirmed@example.com").status == "confirmed"


@pytest.mark.django_db
def test_a_second_signup_within_the_hour_sends_no_second_mail(client, run_tasks):
    sign_up(client, run_tasks, "ann@example.com")
    sign_up(client, run_tasks, "ann@example.com")

    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_bounced_or_complained_address_is_not_mailed_by_a_new_signup(client, run_tasks):
    for address, status in [("b@example.com", "bounced"), ("c@example.com", "complained")]:
        Subscriber.objects.create(email=address, status=status)
        response = sign_up(client, run_tasks, address)
        assert response.status_code == 200
        assert Subscriber.objects.get(email=address).status == status

    assert mail.outbox == []


@pytest.mark.django_db
def test_an_expired_confirmation_link_confirms_nobody(client, run_tasks, monkeypatch):
    four_days_ago = signing.b62_encode(int(time.time()) - 4 * 24 * 3600)
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: four_days_ago)
    sign_up(client, run_tasks, "late@example.com")
    monkeypatch.undo()

    response = client.post(link_in(mail.outbox[0], "confirm"))

    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


@pytest.mark.django_db
def test_a_tampered_link_is_refused(client):
    subscriber = Subscriber.objects.create(email="ann@example.com")
    token = unsubscribe_link(subscriber).token

    response = client.post(f"/newsletter/confirm/{token}/")  # an unsubscribe token, not a confirm

    assert response.status_code == 404
    assert client.get("/newsletter/confirm/not-a-token/").status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


@pytest.mark.django_db
def test_invalid_address_keeps_what_was_typed_and_says_what_to_fix(client, run_tasks):
    response = sign_up(client, run_tasks, "ann.example.com")

    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="ann.example.com"' in html
    assert "missing @" in html
    assert Subscriber.objects.count() == 0


@pytest.mark.django_db
def test_signups_are_rate_limited_per_network(client, run_tasks):
    for n in range(SIGNUP_RATE["count"]):
        assert sign_up(client, run_tasks, f"reader{n}@example.com").status_code == 200

    response = sign_up(client, run_tasks, "one-more@example.com")

    assert response.status_code == 429
    assert "Too many sign-ups" in response.content.decode()
    assert not Subscriber.objects.filter(email="one-more@example.com").exists()


@pytest.mark.django_db
def test_cached_pages_carry_no_token_and_the_token_endpoint_gives_one(settings):
    settings.MARQUEE_PAGE_CACHE = True
    post = make_post()
    browser = Client(enforce_csrf_checks=True)

    page = browser.get(post.get_absolute_url()).content.decode()
    footer_form = re.search(
        r'<form class="newsletter-signup newsletter-signup--footer".*?</form>', page, re.S
    )
    assert footer_form and "csrfmiddlewaretoken" not in footer_form.group(0)
    assert 'id="newsletter-email-post"' in page  # the form on the post itself

    token = browser.get(reverse("picks:newsletter_token")).json()["csrf"]
    response = browser.post(SIGNUP, {"email": "ann@example.com", "csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert Subscriber.objects.filter(email="ann@example.com").exists()


@pytest.mark.django_db
def test_signup_without_a_token_keeps_the_address_and_asks_to_send_again():
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(SIGNUP, {"email": "ann@example.com"})

    assert response.status_code == 403
    html = response.content.decode()
    assert "Press Subscribe again" in html
    assert 'value="ann@example.com"' in html
    assert (
        'name="csrfmiddlewaretoken" value="' in html
        and 'value=""' not in html.split('newsletter-signup--page"', 1)[1].split("</form>", 1)[0]
    )
    assert Subscriber.objects.count() == 0


@pytest.mark.django_db
def test_unsubscribe_link_opens_a_one_button_page_and_needs_no_login(client):
    subscriber = confirmed("ann@example.com")
    url = unsubscribe_link(subscriber).url("")

    assert "Unsubscribe" in client.get(url).content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED

    response = Client(enforce_csrf_checks=True).post(url)

    assert "You are unsubscribed" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


@pytest.mark.django_db
def test_one_click_unsubscribe_post_from_a_mail_client_is_idempotent():
    subscriber = confirmed("ann@example.com")
    url = unsubscribe_link(subscriber).url("")
    mail_client = Client(enforce_csrf_checks=True)  # no cookie, no CSRF token (RFC 8058)

    first = mail_client.post(url, "List-Unsubscribe=One-Click", content_type="text/plain")
    second = mail_client.post(url, {"List-Unsubscribe": "One-Click"})

    assert first.status_code == second.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


@pytest.mark.django_db
def test_removal_deletes_the_address_after_a_signed_confirmation(client, run_tasks):
    confirmed("ann@example.com")

    known = run_tasks(client.post, "/newsletter/remove/", {"email": "ann@example.com"})
    unknown = run_tasks(client.post, "/newsletter/remove/", {"email": "bob@example.com"})

    assert known.status_code == unknown.status_code == 200
    assert known.content.decode().replace(
        "ann@example.com", "@"
    ) == unknown.content.decode().replace("bob@example.com", "@")
    assert [message.to for message in mail.outbox] == [["ann@example.com"]]
    link = link_in(mail.outbox[0], "remove")
    assert Subscriber.objects.filter(email="ann@example.com").exists()  # opening is not enough
    client.get(link)
    assert Subscriber.objects.filter(email="ann@example.com").exists()

    response = client.post(link)

    assert "Your address is deleted" in response.content.decode()
    assert not Subscriber.objects.filter(email="ann@example.com").exists()
    assert client.post(link).status_code == 404  # used once


@pytest.mark.django_db
def test_privacy_page_says_what_is_kept_for_subscribers_and_how_to_remove_it(client):
    html = client.get("/privacy/").content.decode()

    assert 'id="newsletter"' in html
    assert "deleted" in html and "7 days" in html
    assert reverse("picks:newsletter_remove") in html


@pytest.mark.django_db
def test_newsletter_page_has_the_form(client):
    response = client.get("/newsletter/")

    assert response.status_code == 200
    assert 'id="newsletter-email-page"' in response.content.decode()
