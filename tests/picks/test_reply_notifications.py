"""Reply notifications: asked for on the comment form, confirmed once by email, sent for approved
replies only, marked when the editors reply, and stopped in one click."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from picks.models import Comment, ReplyNotification, ReplySubscriber, ReplySubscription
from picks.moderation import comment_decide, comment_reply
from picks.replies import send_reply_notifications
from tests.factories import make_comment, make_post
from tests.picks.test_comments import parse, post_comment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

MIA = "mia@example.test"


def link_in(message, path_part: str) -> str:
    """The path of the first link in `message` that contains `path_part`."""
    url = re.search(rf"https?://\S*{re.escape(path_part)}\S*", message.body).group(0)
    return "/" + url.split("://", 1)[1].partition("/")[2]


def follow(client, post, **fields) -> Comment:
    """Mia comments on `post` with the box ticked."""
    post_comment(client, post, email=MIA, notify_replies="on", **fields)
    return Comment.objects.filter(email=MIA).latest("pk")


def confirm(client) -> None:
    """Mia opens the confirmation link from her mail and presses Confirm."""
    message = next(m for m in mail.outbox if m.to == [MIA] and "Confirm" in m.subject)
    url = link_in(message, "/replies/confirm/")
    page = client.get(url)
    assert "Confirm" in page.content.decode()
    assert not ReplySubscriber.objects.get(email=MIA).is_confirmed  # opening is not confirming
    client.post(url)


@pytest.fixture
def thread(client):
    """Mia's approved comment, followed and confirmed; the outbox emptied."""
    post = make_post(title="La La Land, again")
    comment = follow(client, post)
    comment_decide(comment=comment, decision="approve", by=None)
    confirm(client)
    mail.outbox.clear()
    return comment


def replies_mailed_to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address] and "New reply" in m.subject]


def test_the_box_is_on_the_form_and_off_by_default(client):
    page = parse(client.get(make_post().get_absolute_url()))
    box = next(attrs for tag, attrs in page.tags if attrs.get("name") == "notify_replies")
    assert box["type"] == "checkbox" and "checked" not in box
    assert "Email me when someone replies" in client.get(make_post().get_absolute_url()).text


def test_ticking_the_box_asks_the_address_to_confirm_and_says_so(client):
    post = make_post()
    response = post_comment(client, post, email=MIA, notify_replies="on")
    assert "open the link we have emailed you" in client.get(response["Location"]).text
    [message] = mail.outbox
    assert message.to == [MIA] and "/replies/confirm/" in message.body
    assert ReplySubscription.objects.get().subscriber.email == MIA


def test_no_box_no_subscription_and_no_mail(client):
    post_comment(client, make_post(), email=MIA)
    assert not ReplySubscriber.objects.exists()
    assert mail.outbox == []


def test_the_confirmation_is_asked_once_an_hour_at_most(client):
    post = make_post()
    for text in ("First.", "Second.", "Third."):
        post_comment(client, post, email=MIA, notify_replies="on", comment=text)
    assert len(mail.outbox) == 1


def test_an_approved_reply_is_mailed_to_a_confirmed_follower(client, thread):
    elsewhere = make_comment(post=thread.post, status=Comment.Status.PENDING)
    comment_decide(comment=elsewhere, decision="approve", by=None)
    assert replies_mailed_to(MIA) == []  # a comment in another thread says nothing to Mia
    reply = make_comment(
        post=thread.post, parent=thread, name="Seb", body="I agree, twice.", status="pending"
    )
    comment_decide(comment=reply, decision="approve", by=None)

    [message] = replies_mailed_to(MIA)
    assert message.subject == "New reply on “La La Land, again”"
    assert "Seb replied" in message.body and "I agree, twice." in message.body
    assert f"/picks/{thread.post.slug}/#comment-{reply.pk}" in message.body


def test_a_reply_held_for_moderation_is_mailed_only_when_approved(client, thread):
    other = Client()
    post_comment(other, thread.post, email="seb@example.test", parent=thread.pk)
    reply = Comment.objects.get(email="seb@example.test")
    assert reply.status == Comment.Status.PENDING
    assert replies_mailed_to(MIA) == []

    comment_decide(comment=reply, decision="approve", by=None)
    assert len(replies_mailed_to(MIA)) == 1


def test_a_reply_marked_as_spam_is_never_mailed(client, thread):
    reply = make_comment(post=thread.post, parent=thread, status=Comment.Status.PENDING)
    comment_decide(comment=reply, decision="spam", by=None)
    assert replies_mailed_to(MIA) == []


def test_an_unconfirmed_address_gets_no_reply_mail(client):
    comment = follow(client, make_post())
    comment_decide(comment=comment, decision="approve", by=None)
    reply = make_comment(post=comment.post, parent=comment, status=Comment.Status.PENDING)
    comment_decide(comment=reply, decision="approve", by=None)
    assert replies_mailed_to(MIA) == []


def test_an_expired_or_forged_confirmation_link_confirms_nothing(client):
    follow(client, make_post())
    response = client.post("/replies/confirm/not-a-token/")
    assert response.status_code == 404
    assert "expired" in response.text
    assert not ReplySubscriber.objects.get().is_confirmed


def test_a_staff_reply_is_marked_as_the_editors(client, thread, editor):
    comment_reply(comment=thread, body="Thanks, we fixed the date.", by=editor)
    [message] = replies_mailed_to(MIA)
    assert message.subject == "New reply (from the editors) on “La La Land, again”"
    assert "from the Marquee editors, replied" in message.body


def test_the_followers_own_replies_are_not_mailed_to_them(client, thread):
    make_comment(post=thread.post, parent=thread, email=MIA, status=Comment.Status.PENDING)
    comment_decide(comment=Comment.objects.latest("pk"), decision="approve", by=None)
    assert replies_mailed_to(MIA) == []


def test_running_the_notification_again_sends_nothing_twice(client, thread):
    reply = make_comment(post=thread.post, parent=thread, status=Comment.Status.PENDING)
    comment_decide(comment=reply, decision="approve", by=None)
    send_reply_notifications.enqueue(reply.pk)
    comment_decide(comment=reply, decision="approve", by=None)  # approved again
    assert len(replies_mailed_to(MIA)) == 1
    assert ReplyNotification.objects.get().sent_at is not None


def notification(thread) -> object:
    reply = make_comment(post=thread.post, parent=thread, status=Comment.Status.PENDING)
    comment_decide(comment=reply, decision="approve", by=None)
    return replies_mailed_to(MIA)[-1]


def test_every_reply_mail_has_one_click_unsubscribe_headers(client, thread):
    message = notification(thread)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = message.extra_headers["List-Unsubscribe"]
    assert re.fullmatch(r"<https?://[^>]+/replies/unsubscribe/[^>]+/>", header)
    assert "Stop emails for this conversation:" in message.body
    assert "Stop all reply emails" in message.body


def test_a_mail_clients_one_click_post_unsubscribes_without_a_cookie_and_twice_is_fine(
    client, thread
):
    message = notification(thread)
    url = message.extra_headers["List-Unsubscribe"].strip("<>").split("://", 1)[1]
    url = "/" + url.partition("/")[2]
    mail_client = Client(enforce_csrf_checks=True)  # no CSRF cookie, no token: RFC 8058
    for _ in range(2):
        response = mail_client.post(
            url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 200
    assert not ReplySubscriber.objects.filter(email=MIA).exists()

    reply = make_comment(post=thread.post, parent=thread, status=Comment.Status.PENDING)
    mail.outbox.clear()
    comment_decide(comment=reply, decision="approve", by=None)
    assert replies_mailed_to(MIA) == []


def test_the_thread_link_stops_one_conversation_and_keeps_the_others(client, thread):
    other_post = make_post()
    other = follow(client, other_post)
    comment_decide(comment=other, decision="approve", by=None)
    message = notification(thread)
    url = link_in(message, "/replies/unsubscribe/")

    page = client.get(url)  # opening the link only asks
    assert "<title>Stop reply emails · Marquee</title>" in page.text
    assert "Stop emails for this conversation" in page.text
    assert "“La La Land, again”" in page.text
    assert ReplySubscription.objects.filter(thread=thread).exists()
    client.post(url)

    assert not ReplySubscription.objects.filter(thread=thread).exists()
    assert ReplySubscriber.objects.get(email=MIA).is_confirmed
    reply = make_comment(post=other_post, parent=other, status=Comment.Status.PENDING)
    mail.outbox.clear()
    comment_decide(comment=reply, decision="approve", by=None)
    assert len(replies_mailed_to(MIA)) == 1


def test_a_forged_unsubscribe_link_changes_nothing(client, thread):
    response = Client().post("/replies/unsubscribe/forged/")
    assert response.status_code == 404
    assert ReplySubscription.objects.filter(thread=thread).exists()


def test_the_post_page_cache_still_serves_one_copy_with_the_box(client, settings):
    settings.MARQUEE_PAGE_CACHE = True
    post = make_post()
    first = client.get(post.get_absolute_url())
    second = Client().get(post.get_absolute_url())
    assert 'name="notify_replies"' in first.text
    assert first.text == second.text


def test_the_privacy_page_says_what_is_kept_for_reply_emails(client):
    page = client.get("/privacy/").text
    assert "Reply emails" in page
    assert "7 days" in page


def test_an_address_never_confirmed_is_deleted_after_the_links_lifetime(client):
    follow(client, make_post())
    fresh = ReplySubscriber.objects.create(email="new@example.test")
    ReplySubscriber.objects.filter(email=MIA).update(created_at=timezone.now() - timedelta(days=8))
    out = StringIO()
    call_command("purge_comment_data", stdout=out)
    assert "Deleted 1 unconfirmed reply-email address." in out.getvalue()
    assert list(ReplySubscriber.objects.all()) == [fresh]
    assert not ReplySubscription.objects.exists()
