"""Every saved version of a post, so an editor can compare versions and restore one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class PostRevision(models.Model):
    """One saved version of a post: who saved it, when, and every field an editor can edit."""

    post = models.ForeignKey("Post", on_delete=models.CASCADE, related_name="revisions")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    summary = models.CharField(max_length=200, blank=True, help_text="e.g. Published, Restored.")
    content = models.JSONField(help_text="The post's editable fields, films and tags included.")

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.post} at {self.created_at:%Y-%m-%d %H:%M}"
