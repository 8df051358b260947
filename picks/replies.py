"""Reply notifications: a commenter who ticked "Email me when someone replies" hears of every
approved reply in their thread, once their address has confirmed through an emailed link.

Mail goes out from the background worker only: a reply is announced when it is approved (by
the checks, an editor or its author's emailed link), never while it is held. Every mail carries
one-click unsubscribe links (RFC 8058), for the thread and for every thread.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.email import send_email
from core.tasks import retrying_task
from picks.models import Comment, ReplyNotification, ReplySubscriber, ReplySubscription

CONFIRM_SALT = "picks.replies.confirm"
UNSUBSCRIBE_SALT = "picks.replies.unsubscribe"
CONFIRM_MAX_AGE_DAYS = 7
# One confirmation mail per address per hour: a form cannot be used to flood someone's inbox.
CONFIRMATION_INTERVAL = timedelta(hours=1)


def site_url(path: str) -> str:
    return f"{settings.MARQUEE_SITE_URL}{path}"


def thread_root(comment: Comment) -> Comment:
    """The top-level comment of `comment`'s thread (a few queries at most: threads are
    MARQUEE_COMMENT_MAX_DEPTH deep)."""
    while comment.parent_id is not None:
        comment = Comment.objects.only("pk", "parent_id").get(pk=comment.parent_id)
    return comment


# Subscribing and confirming ----------------------------------------------------------------


def reply_subscribe(*, comment: Comment) -> ReplySubscription | None:
    """Let `comment`'s address follow its thread; ask it to confirm when it never has. Spam
    subscribes nobody, and asks nothing of the address it gave."""
    if comment.status == Comment.Status.SPAM or not comment.email:
        return None
    root = thread_root(comment)
    try:
        with transaction.atomic():
            subscriber, _ = ReplySubscriber.objects.get_or_create(email=comment.email)
            subscription, _ = ReplySubscription.objects.get_or_create(
                subscriber=subscriber, thread_id=root.pk, defaults={"comment": comment}
            )
    except IntegrityError:  # the same address subscribed at the same moment: that one stands
        subscription = ReplySubscription.objects.get(
            subscriber__email=comment.email, thread_id=root.pk
        )
        subscriber = subscription.subscriber
    if not subscriber.is_confirmed:
        reply_confirmation_request(subscriber=subscriber)
    return subscription


def confirmation_token(email: str) -> str:
    return signing.dumps(email, salt=CONFIRM_SALT)


def reply_confirmation_request(*, subscriber: ReplySubscriber) -> bool:
    """Queue the mail whose link confirms `subscriber`, unless one went out within the hour."""
    now = timezone.now()
    claimed = (
        ReplySubscriber.objects.filter(pk=subscriber.pk, confirmed_at__isnull=True)
        .filter(
            Q(confirmation_sent_at__isnull=True)
            | Q(confirmation_sent_at__lt=now - CONFIRMATION_INTERVAL)
        )
        .update(confirmation_sent_at=now)
    )
    if not claimed:
        return False
    token = confirmation_token(subscriber.email)
    link = site_url(reverse("picks:reply_confirm", args=[token]))
    body = render_to_string(
        "picks/email/reply_confirm.txt",
        {"link": link, "days": CONFIRM_MAX_AGE_DAYS, "site_name": settings.MARQUEE_SITE_NAME},
    )
    send_email.enqueue(
        subject=f"Confirm reply notifications from {settings.MARQUEE_SITE_NAME}",
        body=body,
        to=[subscriber.email],
        key=f"reply-confirm:{token}",
    )
    return True


def subscriber_for_confirmation(token: str) -> ReplySubscriber | None:
    try:
        email = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE_DAYS * 86400)
    except signing.BadSignature:
        return None
    return ReplySubscriber.objects.filter(email=email).first()


def reply_subscriber_confirm(*, token: str) -> ReplySubscriber | None:
    """Confirm the address an emailed link names (again is harmless). None when the link is
    bad, expired, or its address has unsubscribed since."""
    subscriber = subscriber_for_confirmation(token)
    if subscriber is None:
        return None
    ReplySubscriber.objects.filter(pk=subscriber.pk, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now()
    )
    subscriber.refresh_from_db()
    return subscriber


def unconfirmed_subscribers_purge(*, dry_run: bool = False) -> int:
    """Delete the addresses that never confirmed within the link's lifetime."""
    stale = ReplySubscriber.objects.filter(
        confirmed_at__isnull=True,
        created_at__lt=timezone.now() - timedelta(days=CONFIRM_MAX_AGE_DAYS),
    )
    if dry_run:
        return stale.count()
    return stale.delete()[1].get(ReplySubscriber._meta.label, 0)


# Unsubscribing ------------------------------------------------------------------------------


def unsubscribe_token(email: str, *, thread_id: int | None) -> str:
    """A link that never expires: unsubscribing must work from any old mail. No thread: all."""
    return signing.dumps({"email": email, "thread": thread_id}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_scope(token: str) -> tuple[str, int | None] | None:
    """The address and thread (None: every thread) an unsubscribe link names, or None."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return str(data["email"]), data["thread"]
    except (signing.BadSignature, KeyError, TypeError):
        return None


def reply_unsubscribe(*, email: str, thread_id: int | None) -> None:
    """Stop the mail for one thread, or forget the address altogether. Idempotent: a second
    click, or a mail client's one-click POST after the reader's, changes nothing."""
    if thread_id is None:
        ReplySubscriber.objects.filter(email=email).delete()
    else:
        ReplySubscription.objects.filter(subscriber__email=email, thread_id=thread_id).delete()


def unsubscribe_url(email: str, *, thread_id: int | None) -> str:
    token = unsubscribe_token(email, thread_id=thread_id)
    return site_url(reverse("picks:reply_unsubscribe", args=[token]))


# Announcing approved replies ----------------------------------------------------------------


def replies_approved(*, comment_ids: list[int]) -> None:
    """Queue the notifications for those of `comment_ids` that are replies; picks.comments
    calls this whenever comments become visible."""
    replies = Comment.objects.filter(pk__in=comment_ids, parent__isnull=False)
    for pk in replies.values_list("pk", flat=True):
        send_reply_notifications.enqueue(pk)


def reply_notification_message(
    *, subscription: ReplySubscription, reply: Comment
) -> EmailMultiAlternatives:
    email = subscription.subscriber.email
    thread_url = unsubscribe_url(email, thread_id=subscription.thread_id)
    all_url = unsubscribe_url(email, thread_id=None)
    context = {
        "reply": reply,
        "post": reply.post,
        "reply_url": site_url(reply.get_absolute_url()),
        "unsubscribe_thread_url": thread_url,
        "unsubscribe_all_url": all_url,
        "site_name": settings.MARQUEE_SITE_NAME,
    }
    staff = " (from the editors)" if reply.is_staff_reply else ""
    return EmailMultiAlternatives(
        subject=f"New reply{staff} on “{reply.post.title}”",
        body=render_to_string("picks/email/reply_notification.txt", context),
        to=[email],
        headers={
            # RFC 8058: a mail client's own Unsubscribe button POSTs to this link.
            "List-Unsubscribe": f"<{all_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


@retrying_task(queue_name="email")
def send_reply_notifications(reply_id: int) -> int:
    """Mail one approved reply to every confirmed address following its thread, except its
    own author's. Each mail is recorded when it is out, so a retry sends only what is left."""
    reply = Comment.objects.visible().select_related("post").filter(pk=reply_id).first()
    if reply is None or reply.parent_id is None:
        return 0  # held again, removed, or not a reply: nothing to announce
    subscriptions = (
        ReplySubscription.objects.filter(
            thread_id=thread_root(reply).pk,
            subscriber__confirmed_at__isnull=False,
            comment__status=Comment.Status.APPROVED,
        )
        .exclude(subscriber__email=reply.email)
        .select_related("subscriber")
    )
    sent = 0
    for subscription in subscriptions:
        notification, _ = ReplyNotification.objects.get_or_create(
            subscription=subscription, reply=reply
        )
        if notification.sent_at is not None:
            continue
        reply_notification_message(subscription=subscription, reply=reply).send()
        ReplyNotification.objects.filter(pk=notification.pk).update(sent_at=timezone.now())
        sent += 1
    return sent
