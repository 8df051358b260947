"""Reply notifications: the addresses that asked to hear of replies, the threads they follow, and
each reply mailed, which is what makes a repeated send a no-op.

An address confirms once, through an emailed link; only then is it mailed. Unsubscribing from
a thread deletes its subscription, from every thread the address itself: nothing is kept of
someone who left.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class ReplySubscriberQuerySet(models.QuerySet):
    def confirmed(self) -> ReplySubscriberQuerySet:
        return self.filter(confirmed_at__isnull=False)


class ReplySubscriber(models.Model):
    email = models.EmailField(unique=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReplySubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["email"]
        verbose_name = "reply subscriber"

    def __str__(self) -> str:
        return self.email

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class ReplySubscription(models.Model):
    """One address following one thread: the top-level comment and every reply under it."""

    subscriber = models.ForeignKey(
        ReplySubscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    thread = models.ForeignKey(
        "Comment", on_delete=models.CASCADE, related_name="reply_subscriptions"
    )
    # The comment whose form had the box ticked: while it is not approved, nothing is sent.
    comment = models.ForeignKey("Comment", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "thread"], name="reply_subscription_unique_thread"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subscriber} follows comment {self.thread_id}"


class ReplyNotification(models.Model):
    """A reply to mail to one subscription; `sent_at` is set once the mail is out."""

    subscription = models.ForeignKey(
        ReplySubscription, on_delete=models.CASCADE, related_name="notifications"
    )
    reply = models.ForeignKey("Comment", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "reply"], name="reply_notification_once"
            ),
        ]

    def __str__(self) -> str:
        return f"Reply {self.reply_id} for {self.subscription}"
