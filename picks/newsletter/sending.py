"""Composing and sending an issue: the email itself (HTML and plain text, absolute links, the
unsubscribe headers), a test to the editor, and the send in batches through the queue.

A send is resumable: each batch mails the next confirmed subscribers who have no Delivery row
for the issue yet. The row is inserted before the mail goes out, in the same transaction, and
its unique (issue, subscriber) constraint plus the lock on the subscriber's row keep two workers
from mailing one address; a worker killed mid-batch rolls back the row of the mail it was
sending, so a rerun (the queue's retry, or an editor's "Resume sending") mails exactly the
addresses still missing. Only a crash after the mail server accepted a message and before the
commit could repeat that one message.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from core.tasks import retrying_task
from picks.models import Delivery, NewsletterIssue, Post, Subscriber
from picks.newsletter.subscriptions import unsubscribe_headers, unsubscribe_link
from picks.workflow import BEST_PICK_SLUG

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
TEST_SUBJECT_PREFIX = "[Test] "


def latest_best_pick() -> Post | None:
    """The post an issue starts with: the newest published Best Pick."""
    return Post.objects.published().filter(section__slug=BEST_PICK_SLUG).newest_first().first()


@dataclass(frozen=True)
class MailedPost:
    title: str
    url: str
    section: str
    byline: str
    standfirst: str
    image_url: str
    image_alt: str


def _mailed_posts(issue: NewsletterIssue, origin: str) -> list[MailedPost]:
    posts = []
    for post in issue.posts_in_order():
        image_url = origin + post.hero_image.url if post.hero_image else ""
        posts.append(
            MailedPost(
                title=post.title,
                url=origin + post.get_absolute_url(),
                section=post.section.name,
                byline=post.byline,
                standfirst=post.standfirst,
                image_url=image_url,
                image_alt=post.hero_image_alt if image_url else "",
            )
        )
    return posts


@dataclass(frozen=True)
class IssueEmail:
    """What every copy of an issue shares; `message()` adds one subscriber's links."""

    subject: str
    context: dict

    def render(self, unsubscribe_url: str) -> tuple[str, str]:
        context = {**self.context, "unsubscribe_url": unsubscribe_url}
        text = render_to_string("picks/newsletter/email/issue.txt", context)
        html = render_to_string("picks/newsletter/email/issue.html", context)
        return text, html

    def message(self, subscriber: Subscriber, *, subject: str = "", connection=None):
        unsubscribe_url = unsubscribe_link(subscriber).url(self.context["origin"])
        text, html = self.render(unsubscribe_url)
        message = EmailMultiAlternatives(
            subject or self.subject,
            text,
            None,
            [subscriber.email],
            headers=unsubscribe_headers(unsubscribe_url),
            connection=connection,
        )
        message.attach_alternative(html, "text/html")
        return message


def issue_email(issue: NewsletterIssue, origin: str) -> IssueEmail:
    paragraphs = [part.strip() for part in issue.introduction.split("\n\n") if part.strip()]
    return IssueEmail(
        subject=issue.subject,
        context={
            "issue": issue,
            "subject": issue.subject,
            "introduction": paragraphs,
            "posts": _mailed_posts(issue, origin),
            "origin": origin,
            "site_name": settings.MARQUEE_SITE_NAME,
            "privacy_url": origin + "/privacy/",
        },
    )


# Editors' actions ------------------------------------------------------------------------


def issue_send_test(*, issue: NewsletterIssue, email: str, origin: str) -> None:
    """Queue a copy to `email` (the editor's own), marked as a test; its unsubscribe link is a
    real one only if that address subscribed."""
    transaction.on_commit(lambda: send_test_copy.enqueue(issue.pk, email, origin))


def issue_send(*, issue: NewsletterIssue, origin: str) -> bool:
    """Start sending `issue` now. False when it is already sending or sent."""
    with transaction.atomic():
        locked = NewsletterIssue.objects.select_for_update().get(pk=issue.pk)
        if not locked.is_editable:
            return False
        _start_sending(locked, origin=origin)
    issue.refresh_from_db()
    return True


def issue_schedule(*, issue: NewsletterIssue, when: datetime, origin: str) -> bool:
    """Send `issue` at `when`, from a task the queue holds until then. False once it is sending
    or sent. Rescheduling queues a new task; the old one finds the issue not due and stops."""
    with transaction.atomic():
        locked = NewsletterIssue.objects.select_for_update().get(pk=issue.pk)
        if not locked.is_editable:
            return False
        locked.status = NewsletterIssue.Status.SCHEDULED
        locked.scheduled_for = when
        locked.site_origin = origin
        locked.save(update_fields=["status", "scheduled_for", "site_origin"])
        queued = send_scheduled_issue
        if queued.get_backend().supports_defer:
            queued = queued.using(run_after=when)
        transaction.on_commit(lambda: queued.enqueue(issue.pk))
    issue.refresh_from_db()
    return True


def issue_unschedule(*, issue: NewsletterIssue) -> bool:
    updated = NewsletterIssue.objects.filter(
        pk=issue.pk, status=NewsletterIssue.Status.SCHEDULED
    ).update(status=NewsletterIssue.Status.DRAFT, scheduled_for=None)
    issue.refresh_from_db()
    return bool(updated)


def issue_resume(*, issue: NewsletterIssue) -> bool:
    """Queue the next batch of an issue whose send stopped (a worker crashed): it mails only
    the subscribers still missing."""
    if issue.status != NewsletterIssue.Status.SENDING:
        return False
    transaction.on_commit(lambda: send_issue_batch.enqueue(issue.pk))
    return True


def issue_retry_failed(*, issue: NewsletterIssue) -> int:
    """Send again to the subscribers whose copy the mail server refused (their failed rows go,
    so the batches see them as missing). Returns how many will be tried."""
    with transaction.atomic():
        locked = NewsletterIssue.objects.select_for_update().get(pk=issue.pk)
        if locked.status not in (NewsletterIssue.Status.SENDING, NewsletterIssue.Status.SENT):
            return 0
        retried, _ = locked.deliveries.filter(status=Delivery.Status.FAILED).delete()
        if retried:
            locked.status = NewsletterIssue.Status.SENDING
            locked.save(update_fields=["status"])
            transaction.on_commit(lambda: send_issue_batch.enqueue(issue.pk))
    issue.refresh_from_db()
    return retried


def _start_sending(issue: NewsletterIssue, *, origin: str) -> None:
    issue.status = NewsletterIssue.Status.SENDING
    issue.sending_started_at = timezone.now()
    issue.site_origin = origin or issue.site_origin
    issue.save(update_fields=["status", "sending_started_at", "site_origin"])
    transaction.on_commit(lambda: send_issue_batch.enqueue(issue.pk))


# The send --------------------------------------------------------------------------------


def missing_recipients(issue: NewsletterIssue):
    """Confirmed subscribers, confirmed before the send began, with no delivery of the issue."""
    return (
        Subscriber.objects.receiving()
        .filter(confirmed_at__lte=issue.sending_started_at)
        .exclude(deliveries__issue=issue)
        .order_by("pk")
    )


def deliver(issue: NewsletterIssue, subscriber: Subscriber, mail: IssueEmail, connection) -> bool:
    """Mail `issue` to `subscriber` unless someone did already; True when a mail was tried."""
    with transaction.atomic():
        locked = Subscriber.objects.receiving().select_for_update().filter(pk=subscriber.pk)
        locked = locked.first()
        if locked is None or Delivery.objects.filter(issue=issue, subscriber=locked).exists():
            return False
        try:
            with transaction.atomic():
                delivery = Delivery.objects.create(
                    issue=issue, subscriber=locked, status=Delivery.Status.SENT
                )
        except IntegrityError:  # another worker got there first
            return False
        try:
            mail.message(locked, connection=connection).send()
        except (smtplib.SMTPException, OSError) as error:
            delivery.status = Delivery.Status.FAILED
            delivery.error = str(error)[:1000]
            delivery.save(update_fields=["status", "error"])
    return True


@retrying_task(queue_name="email")
def send_issue_batch(issue_id: int) -> int:
    """Mail the next BATCH_SIZE missing subscribers, then queue the next batch, or mark the
    issue sent when nobody is missing. Returns how many mails were tried."""
    issue = NewsletterIssue.objects.filter(
        pk=issue_id, status=NewsletterIssue.Status.SENDING
    ).first()
    if issue is None:
        return 0
    mail = issue_email(issue, issue.site_origin)
    batch = list(missing_recipients(issue)[:BATCH_SIZE])
    tried = 0
    with get_connection() as connection:
        for subscriber in batch:
            tried += deliver(issue, subscriber, mail, connection)
    if missing_recipients(issue).exists():
        send_issue_batch.enqueue(issue.pk)
    else:
        NewsletterIssue.objects.filter(pk=issue.pk, status=NewsletterIssue.Status.SENDING).update(
            status=NewsletterIssue.Status.SENT, sent_at=timezone.now()
        )
    return tried


@retrying_task(queue_name="email")
def send_scheduled_issue(issue_id: int) -> bool:
    """Start the send of a scheduled issue once it is due; an issue rescheduled, unscheduled or
    already sent is left alone."""
    with transaction.atomic():
        issue = NewsletterIssue.objects.due().select_for_update().filter(pk=issue_id).first()
        if issue is None:
            return False
        _start_sending(issue, origin=issue.site_origin)
    return True


@retrying_task(queue_name="email")
def send_test_copy(issue_id: int, email: str, origin: str) -> bool:
    issue = NewsletterIssue.objects.filter(pk=issue_id).first()
    if issue is None:
        return False
    recipient = Subscriber.objects.filter(email=email).first() or Subscriber(email=email, pk=0)
    mail = issue_email(issue, origin)
    mail.message(recipient, subject=TEST_SUBJECT_PREFIX + issue.subject).send()
    return True
