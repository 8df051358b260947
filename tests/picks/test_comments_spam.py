"""The layered spam defences: each holds a comment with its reason, and nothing is lost."""

from __future__ import annotations

import os
import threading
import uuid

import httpx
import pytest
from django.urls import reverse

from picks.comments import check_rate_limit, rate_limit_hit
from picks.models import BlocklistEntry, Comment
from tests.factories import make_post
from tests.picks.test_comments import form_data, parse, post_comment, started, vouch

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


@pytest.fixture
def known_post(client):
    """A post whose usual commenter (mia@example.test) has a comment approved already, sent
    from the test client's browser."""
    post = make_post()
    vouch(client, post=post, email="mia@example.test")
    return post


def only_comment(**filters) -> Comment:
    return Comment.objects.exclude(pk__in=Comment.objects.visible()).get(**filters)


def test_a_clean_comment_from_a_known_commenter_passes_every_check(client, known_post):
    post_comment(client, known_post, comment="Nothing suspicious here.")
    assert Comment.objects.get(body="Nothing suspicious here.").status == Comment.Status.APPROVED


def test_honeypot_holds_the_comment_as_spam(client, known_post):
    response = post_comment(client, known_post, phone="+1 555 0100")

    comment = only_comment()
    assert comment.status == Comment.Status.SPAM
    assert comment.decision_reason.startswith("Honeypot")
    assert comment.decided_by_system == "spam checks"
    # The sender is told the same as anyone held: no hint for robots.
    assert "awaiting moderation" in client.get(response["Location"]).content.decode()


def test_form_sent_within_seconds_of_loading_is_held_as_too_fast(client, known_post):
    post_comment(client, known_post, started=started(known_post, seconds_ago=1))
    comment = only_comment()
    assert comment.status == Comment.Status.SPAM
    assert comment.decision_reason.startswith("Too fast")


def test_form_older_than_a_day_comes_back_with_the_text_kept(client, known_post):
    response = post_comment(
        client,
        known_post,
        started=started(known_post, seconds_ago=86400 + 60),
        comment="Worth the wait.",
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "open for more than a day" in html
    assert "Worth the wait." in html
    assert not Comment.objects.filter(body="Worth the wait.").exists()
    # The page carries a fresh timestamp, so sending it again works.
    assert 'name="started" value="' in html


def test_tampered_timestamp_is_refused_with_a_clear_message(client, known_post):
    response = post_comment(client, known_post, started="1.0:forged:signature")
    assert response.status_code == 400
    assert "could not check this form" in response.content.decode()
    assert Comment.objects.count() == 1


def test_a_timestamp_issued_for_another_post_is_refused_with_the_text_kept(client, known_post):
    other = make_post()

    response = post_comment(client, known_post, started=started(other), comment="Wrong page.")

    assert response.status_code == 400
    html = response.content.decode()
    assert "This form was loaded with another post." in html
    assert "Wrong page." in html
    assert not Comment.objects.filter(body="Wrong page.").exists()


def test_a_timestamp_sends_one_comment_only(client, known_post):
    token = started(known_post)
    post_comment(client, known_post, started=token, comment="The first one.")

    response = post_comment(client, known_post, started=token, comment="Replayed with new text.")

    assert response.status_code == 400
    html = response.content.decode()
    assert "This form was already used to send a comment." in html
    assert "Replayed with new text." in html  # kept for the reader to send again
    assert not Comment.objects.filter(body="Replayed with new text.").exists()
    assert Comment.objects.filter(body="The first one.").count() == 1
    # The page that comes back carries a fresh timestamp: sending it again works.
    fresh = parse(response).field_value("started")
    post_comment(client, known_post, started=fresh, comment="Replayed with new text.")
    assert Comment.objects.filter(body="Replayed with new text.").count() == 1


def test_rate_limit_holds_the_sixth_comment_in_ten_minutes(client, known_post, settings):
    settings.MARQUEE_COMMENT_RATE_LIMIT = {"count": 5, "window_seconds": 600}
    for number in range(6):
        post_comment(client, known_post, comment=f"Comment {number}.")

    statuses = [Comment.objects.get(body=f"Comment {n}.").status for n in range(6)]
    assert statuses == [Comment.Status.APPROVED] * 5 + [Comment.Status.SPAM]
    held = Comment.objects.get(body="Comment 5.")
    assert held.decision_reason.startswith("Rate limit")
    # Another address is not affected.
    client.post(
        reverse("picks:comment_create", args=[known_post.slug]),
        form_data(known_post, comment="From elsewhere."),
        REMOTE_ADDR="192.0.2.44",
    )
    assert Comment.objects.get(body="From elsewhere.").status == Comment.Status.APPROVED


def test_too_many_links_hold_the_comment_for_moderation(client, known_post, settings):
    settings.MARQUEE_COMMENT_MAX_LINKS = 2
    body = "Cheap: https://a.example http://b.example www.c.example"
    post_comment(client, known_post, comment=body)
    comment = only_comment()
    assert comment.status == Comment.Status.PENDING
    assert comment.decision_reason == "Held for links: 3 links (the limit is 2)"


def test_two_links_are_fine(client, known_post, settings):
    settings.MARQUEE_COMMENT_MAX_LINKS = 2
    post_comment(client, known_post, comment="See https://a.example and https://b.example")
    assert not Comment.objects.exclude(status=Comment.Status.APPROVED).exists()


@pytest.mark.parametrize(
    ("kind", "value", "overrides", "reason"),
    [
        ("word", "Casino", {"comment": "Best casino bonus!"}, "Blocklist: word “casino”"),
        ("email_domain", "spam.example", {"email": "x@mail.spam.example"}, "email domain"),
        ("email", "troll@example.test", {"email": "Troll@Example.test"}, "email address"),
    ],
)
def test_blocklist_holds_the_comment_as_spam(client, known_post, kind, value, overrides, reason):
    BlocklistEntry.objects.create(kind=kind, value=value)
    post_comment(client, known_post, **overrides)
    comment = only_comment()
    assert comment.status == Comment.Status.SPAM
    assert reason in comment.decision_reason


def test_a_blocked_word_inside_another_word_does_not_match(client, known_post):
    BlocklistEntry.objects.create(kind="word", value="ass")
    post_comment(client, known_post, comment="A classic, and a class act.")
    assert not Comment.objects.exclude(status=Comment.Status.APPROVED).exists()


# Akismet: only the network call is replaced -------------------------------------------------


@pytest.fixture
def akismet_settings(settings):
    settings.AKISMET_API_KEY = "test-key"
    settings.AKISMET_BLOG_URL = "https://marquee.test"
    return settings


def fake_network(monkeypatch, answer):
    """Replace httpx's transport (the socket work) and record what was sent."""
    sent: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if isinstance(answer, Exception):
            raise answer
        return httpx.Response(200, text=answer[0], headers=answer[1], request=request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", handle_request)
    return sent


def test_akismet_is_never_called_when_not_configured(client, known_post, monkeypatch):
    sent = fake_network(monkeypatch, RuntimeError("no request may leave"))
    post_comment(client, known_post, comment="Local checks only.")
    assert sent == []
    assert Comment.objects.get(body="Local checks only.").status == Comment.Status.APPROVED


def test_akismet_spam_verdict_holds_the_comment(client, known_post, akismet_settings, monkeypatch):
    sent = fake_network(monkeypatch, ("true", {}))

    post_comment(client, known_post, comment="Buy now.")

    comment = only_comment()
    assert comment.status == Comment.Status.SPAM
    assert comment.decision_reason == "Akismet: spam"
    assert comment.decided_by_system == "Akismet"
    assert len(sent) == 1
    assert sent[0].url.host == "rest.akismet.com"
    body = sent[0].content.decode()
    assert "api_key=test-key" in body and "comment_content=Buy+now." in body
    assert "user_ip=127.0.0.1" in body
    # A short timeout: a slow Akismet must not keep the reader waiting.
    assert sent[0].extensions["timeout"]["read"] == akismet_settings.AKISMET_TIMEOUT_SECONDS <= 3


def test_akismet_discard_verdict_is_still_kept(client, known_post, akismet_settings, monkeypatch):
    fake_network(monkeypatch, ("true", {"X-akismet-pro-tip": "discard"}))
    post_comment(client, known_post)
    assert only_comment().decision_reason == "Akismet: blatant spam"


def test_akismet_ham_verdict_leaves_the_first_comment_rule(client, akismet_settings, monkeypatch):
    fake_network(monkeypatch, ("false", {}))
    post = make_post()
    post_comment(client, post)
    assert Comment.objects.get().decision_reason == "First comment from this address"


@pytest.mark.parametrize(
    "failure",
    [httpx.ReadTimeout("timed out"), httpx.ConnectError("refused")],
    ids=["timeout", "connection refused"],
)
def test_akismet_failure_holds_the_comment_for_moderation(
    client, known_post, akismet_settings, monkeypatch, failure
):
    fake_network(monkeypatch, failure)
    response = post_comment(client, known_post, comment="Kept despite the outage.")
    comment = Comment.objects.get(body="Kept despite the outage.")
    assert comment.status == Comment.Status.PENDING
    assert comment.decision_reason.startswith("Akismet unavailable")
    assert response.status_code == 303


def test_akismet_garbage_answer_holds_the_comment(
    client, known_post, akismet_settings, monkeypatch
):
    fake_network(monkeypatch, ("<html>maintenance</html>", {}))
    post_comment(client, known_post, comment="Odd answer.")
    assert Comment.objects.get(body="Odd answer.").status == Comment.Status.PENDING


def test_staff_replies_skip_akismet(client, akismet_settings, monkeypatch, django_user_model):
    sent = fake_network(monkeypatch, RuntimeError("no request may leave"))
    editor = django_user_model.objects.create_user("ed", "ed@marquee.test", "pw", is_staff=True)
    client.force_login(editor)
    post_comment(client, make_post(), phone="", started="")
    assert sent == []
    assert Comment.objects.get().status == Comment.Status.APPROVED


# The rate limit across server processes -----------------------------------------------------

needs_redis = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"),
    reason="needs REDIS_URL: two processes share a limit only through Redis (CI sets it)",
)


@needs_redis
def test_rate_limit_holds_across_two_clients_sharing_redis(settings):
    from django.core.cache.backends.redis import RedisCache

    settings.MARQUEE_COMMENT_RATE_LIMIT = {"count": 5, "window_seconds": 600}
    prefix = f"ratetest-{uuid.uuid4().hex}"
    first = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": prefix})
    second = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": prefix})
    ip = "198.51.100.7"

    counts = [rate_limit_hit(ip, cache=backend) for backend in (first, second) * 3]

    assert counts == [1, 2, 3, 4, 5, 6]
    assert check_rate_limit(counts[4]) is None
    assert check_rate_limit(counts[5]).startswith("Rate limit")

    # Many at once, through both clients: every hit is counted exactly once.
    other_ip = "198.51.100.8"

    def hit(backend):
        for _ in range(10):
            rate_limit_hit(other_ip, cache=backend)

    threads = [threading.Thread(target=hit, args=(b,)) for b in (first, second) * 4]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert rate_limit_hit(other_ip, cache=first) == 81
    first.clear()
