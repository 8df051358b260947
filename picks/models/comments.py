"""Readers' comments on posts, with the moderation record, and the blocklist that sends
comments straight to spam."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone


class CommentQuerySet(models.QuerySet):
    def visible(self) -> CommentQuerySet:
        """The one definition of what readers see: approved comments."""
        return self.filter(status=Comment.Status.APPROVED)

    def awaiting_moderation(self) -> CommentQuerySet:
        return self.filter(status=Comment.Status.PENDING)

    def thread_order(self) -> CommentQuerySet:
        return self.order_by("created_at", "id")


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting moderation"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        REMOVED = "removed", "Removed"

    post = models.ForeignKey("Post", on_delete=models.PROTECT, related_name="comments")
    # RESTRICT rather than PROTECT: a reply still blocks deleting its parent alone, but an
    # editor can delete a whole thread (parent and replies selected together).
    parent = models.ForeignKey(
        "self", on_delete=models.RESTRICT, null=True, blank=True, related_name="replies"
    )
    depth = models.PositiveSmallIntegerField(default=0, help_text="0 for a top-level comment.")
    name = models.CharField(max_length=80)
    email = models.EmailField(help_text="Never shown on the site.")
    url = models.URLField(
        "website",
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    body = models.TextField("comment", max_length=5000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The editor who made the last decision.",
    )
    decided_by_system = models.CharField(
        max_length=40, blank=True, help_text="The automatic check that made the last decision."
    )
    decision_reason = models.CharField(max_length=200, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    ip = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    flag_count = models.PositiveIntegerField("flags", default=0)
    ignore_flags = models.BooleanField(
        "kept despite flags",
        default=False,
        help_text="Reader flags are still counted but no longer send this comment back to "
        "moderation.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        help_text="Set when a signed-in editor wrote the comment.",
    )
    is_staff_reply = models.BooleanField("staff reply", default=False)
    # A digest of the form token and the text, so a double-click stores one comment.
    submission_key = models.CharField(max_length=64, blank=True, editable=False)
    # A digest of the sending browser's key with the address: once this comment is approved,
    # later comments with the address from that browser are published at once.
    browser_key = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["post", "status", "created_at"], name="comment_post_status_idx"),
            models.Index(fields=["email", "status"], name="comment_email_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(parent__isnull=True, depth=0) | Q(parent__isnull=False, depth__gt=0),
                name="comment_depth_matches_parent",
                violation_error_message="A top-level comment has depth 0 and a reply more.",
            ),
            models.UniqueConstraint(
                fields=["submission_key"],
                condition=~Q(submission_key=""),
                name="comment_unique_submission",
            ),
        ]

    def __str__(self) -> str:
        # The name between Unicode's isolate marks (<bdi> in plain text): a reader's
        # right-to-left override cannot reverse " on <post>" in admin titles and messages.
        return f"\u2068{self.name}\u2069 on {self.post}"

    def get_absolute_url(self) -> str:
        return f"{self.post.get_absolute_url()}#comment-{self.pk}"

    @property
    def decided_by_label(self) -> str:
        if self.decided_by_id:
            return str(self.decided_by)
        return self.decided_by_system


class BlocklistEntry(models.Model):
    """A word or an email address or domain whose comments go straight to spam."""

    class Kind(models.TextChoices):
        WORD = "word", "Word or phrase"
        EMAIL_DOMAIN = "email_domain", "Email domain"
        EMAIL = "email", "Email address"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    value = models.CharField(
        max_length=200,
        help_text="Matched without regard to case. A domain also matches its subdomains.",
    )
    note = models.CharField(max_length=200, blank=True, help_text="Why it is blocked.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "value"]
        verbose_name = "blocklist entry"
        verbose_name_plural = "blocklist"
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="blocklist_unique_kind_value"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"

    def save(self, *args, **kwargs) -> None:
        self.clean()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.value = self.value.strip().lower()
        if self.kind != self.Kind.WORD:
            self.value = self.value.lstrip("@")
