"""The newsletter's records: who subscribed (double opt-in), the issues editors compose, and one
delivery row per issue and subscriber, which is what keeps a resumed send from mailing anyone
twice."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

# An address that never confirms is deleted after this long (the privacy page says so).
PENDING_DAYS = 7


def new_subscriber_key() -> str:
    return secrets.token_urlsafe(16)


class SubscriberQuerySet(models.QuerySet):
    def receiving(self) -> SubscriberQuerySet:
        """The only addresses the newsletter goes to: confirmed, not unsubscribed, bounced or
        complained."""
        return self.filter(status=Subscriber.Status.CONFIRMED)

    def stale_pending(self) -> SubscriberQuerySet:
        cutoff = timezone.now() - timedelta(days=PENDING_DAYS)
        return self.filter(status=Subscriber.Status.PENDING, created_at__lt=cutoff)


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        BOUNCED = "bounced", "Bounced"
        COMPLAINED = "complained", "Complained (marked as spam)"

    email = models.EmailField(unique=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    # Part of every signed link (confirm, unsubscribe, remove): a removed and re-added address
    # gets a new key, so links mailed to the old row stop working.
    key = models.CharField(max_length=32, default=new_subscriber_key, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="subscriber_status_created")]

    def __str__(self) -> str:
        return self.email

    def set_status(self, status: str) -> None:
        self.status = status
        self.status_changed_at = timezone.now()
        if status == self.Status.CONFIRMED:
            self.confirmed_at = self.status_changed_at


class NewsletterIssueQuerySet(models.QuerySet):
    def due(self) -> NewsletterIssueQuerySet:
        return self.filter(
            status=NewsletterIssue.Status.SCHEDULED, scheduled_for__lte=timezone.now()
        )


class NewsletterIssue(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    subject = models.CharField(max_length=150)
    introduction = models.TextField(
        blank=True,
        help_text="A few lines above the posts, as plain text; a blank line starts a paragraph.",
    )
    posts = models.ManyToManyField(
        "picks.Post", through="NewsletterIssuePost", related_name="newsletter_issues"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    scheduled_for = models.DateTimeField(null=True, blank=True)
    # Where links in the mail point: the address the editor sent it from.
    site_origin = models.CharField(max_length=200, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sending_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = NewsletterIssueQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "newsletter issue"
        permissions = [("send_newsletterissue", "Can send a newsletter issue to subscribers")]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.SCHEDULED)

    def posts_in_order(self) -> list:
        return [link.post for link in self.post_links.select_related("post", "post__section")]


class NewsletterIssuePost(models.Model):
    issue = models.ForeignKey(NewsletterIssue, on_delete=models.CASCADE, related_name="post_links")
    # A post in an issue cannot be deleted from under it; the admin's refusal names the issue.
    post = models.ForeignKey("picks.Post", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "post in the issue"
        verbose_name_plural = "posts in the issue"
        constraints = [
            models.UniqueConstraint(fields=["issue", "post"], name="newsletter_post_once_per_issue")
        ]

    def __str__(self) -> str:
        return f"{self.post} in the newsletter “{self.issue}”"


class Delivery(models.Model):
    class Status(models.TextChoices):
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    issue = models.ForeignKey(NewsletterIssue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=6, choices=Status.choices)
    error = models.TextField(blank=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscriber"], name="newsletter_delivery_once_per_subscriber"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issue} to {self.subscriber}: {self.get_status_display()}"
