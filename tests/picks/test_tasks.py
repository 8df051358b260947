"""Slow work done by the background worker, not the request: the Akismet check of a stored
comment, image sizes for the library, and mail."""

from __future__ import annotations

import pytest
from django.core import mail

from picks.comment_checks import check_comment_with_akismet
from picks.models import Comment
from tests.factories import make_media_image, make_post
from tests.picks.test_comments import post_comment, vouch
from tests.picks.test_comments_spam import fake_network
from tests.queue import database_queue, run_queued_tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


@pytest.fixture
def queue(settings):
    database_queue(settings)


@pytest.fixture
def akismet_on(settings):
    settings.AKISMET_API_KEY = "test-key"
    settings.AKISMET_BLOG_URL = "https://marquee.test"


def test_a_comment_is_stored_first_and_judged_by_akismet_in_the_background(
    client, akismet_on, monkeypatch, queue
):
    sent = fake_network(monkeypatch, ("true", {}))
    post = make_post()

    response = post_comment(client, post, comment="Buy now.")

    assert response.status_code == 303
    assert sent == []  # the reader did not wait for Akismet
    comment = Comment.objects.get(body="Buy now.")
    assert comment.status == Comment.Status.PENDING
    assert comment.decision_reason == "Waiting for the Akismet check"
    assert "awaiting moderation" in client.get(response["Location"]).text

    run_queued_tasks()
    comment.refresh_from_db()
    assert len(sent) == 1 and "comment_content=Buy+now." in sent[0].content.decode()
    assert (comment.status, comment.decision_reason) == (Comment.Status.SPAM, "Akismet: spam")


def test_a_known_commenter_passing_akismet_is_published_by_the_worker(
    client, akismet_on, monkeypatch, queue
):
    fake_network(monkeypatch, ("false", {}))
    post = make_post()
    vouch(client, post=post, email="mia@example.test")

    post_comment(client, post, comment="Lovely.")
    comment = Comment.objects.get(body="Lovely.")
    assert comment.status == Comment.Status.PENDING
    assert not Comment.objects.visible().filter(pk=comment.pk).exists()

    run_queued_tasks()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert "Lovely." in client.get(post.get_absolute_url()).text


def test_an_editor_deciding_first_is_not_overruled_by_a_late_check(
    client, akismet_on, monkeypatch, queue
):
    sent = fake_network(monkeypatch, ("true", {}))
    post_comment(client, make_post(), comment="Judged by a person.")
    comment = Comment.objects.get()
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.APPROVED)

    run_queued_tasks()
    check_comment_with_akismet.enqueue(comment.pk)  # and a duplicate run
    run_queued_tasks()

    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert sent == []


def test_without_akismet_the_comment_is_judged_in_the_request_as_before(client, queue):
    post = make_post()
    vouch(client, post=post, email="mia@example.test")
    post_comment(client, post, comment="At once.")
    assert Comment.objects.get(body="At once.").status == Comment.Status.APPROVED


def test_library_image_sizes_are_made_by_the_worker(queue, media_root):
    media = make_media_image()
    assert media.renditions == []  # the upload answered before any resizing

    run_queued_tasks()
    media.refresh_from_db()
    assert [copy["width"] for copy in media.resized_copies] == [480, 960, 1600]


def test_the_comment_confirmation_mail_goes_through_the_queue(client, monkeypatch, queue):
    monkeypatch.setattr("picks.comment_confirmation.email_configured", lambda: True)
    post = make_post()
    vouch(client, post=post, email="mia@example.test")
    client.cookies.clear()  # another browser

    response = post_comment(client, post, email="mia@example.test", comment="From my phone.")
    assert "We have emailed you a link" in client.get(response["Location"]).text
    assert mail.outbox == []  # queued, not sent in the request

    run_queued_tasks()
    [message] = mail.outbox
    assert message.subject == "Publish your comment" and "From my phone." in message.body
