"""The admin for comments: the moderation queue, and the blocklist that sends comments to spam."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import models
from django.utils.html import format_html

from picks.admin.moderation import OneClickModerationMixin
from picks.comments import comment_moderate
from picks.models import BlocklistEntry, Comment


@admin.register(Comment)
class CommentAdmin(OneClickModerationMixin, admin.ModelAdmin):
    """Every decision goes through comment_moderate, so the comment records who made it: one
    at a time from each row's buttons (picks/admin/moderation.py), or in bulk by action."""

    # Columns that fit a 1280 px screen beside the menu and the filters.
    list_display = ("comment_text", "decision", "received")
    list_display_links = ("received",)
    list_filter = (
        "status",
        "is_staff_reply",
        "ignore_flags",
        ("post", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("post", "decided_by")
    search_fields = ("name", "email", "body", "url")
    date_hierarchy = "created_at"
    actions = ("approve", "keep_despite_flags", "mark_spam", "remove", "restore")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = (
        "post",
        "parent",
        "depth",
        "thread_link",
        "status",
        "decided_by",
        "decided_by_system",
        "decision_reason",
        "decided_at",
        "ip",
        "user_agent",
        "flag_count",
        "user",
        "is_staff_reply",
        "created_at",
    )
    fieldsets = (
        (None, {"fields": ("thread_link", "post", "parent", "name", "email", "url", "body")}),
        (
            "Moderation",
            {
                "fields": (
                    "status",
                    "decision_reason",
                    "decided_by",
                    "decided_by_system",
                    "decided_at",
                    "flag_count",
                    "ignore_flags",
                    "is_staff_reply",
                    "user",
                )
            },
        ),
        (
            "Kept for moderation, purged after the retention period",
            {"fields": ("ip", "user_agent")},
        ),
    )

    def has_add_permission(self, request) -> bool:
        return False  # comments come from readers; editors reply from the queue or the site

    @admin.display(description="on the site")
    def thread_link(self, comment: Comment):
        if comment.status == Comment.Status.APPROVED:
            return format_html('<a href="{}">See it in its thread</a>', comment.get_absolute_url())
        return format_html(
            '<a href="{}#comments">See the thread</a> (this comment is not shown to readers)',
            comment.post.get_absolute_url(),
        )

    def _moderate(self, request, queryset, status: str, reason: str, done: str, **options) -> None:
        changed = comment_moderate(
            comments=queryset, status=status, decided_by=request.user, reason=reason, **options
        )
        self.message_user(
            request,
            f"{changed} comment{'s' if changed != 1 else ''} {done}.",
            messages.SUCCESS,
        )

    @admin.action(description="Approve: show to readers", permissions=["change"])
    def approve(self, request, queryset) -> None:
        self._moderate(
            request, queryset, Comment.Status.APPROVED, "Approved by an editor", "approved"
        )

    @admin.action(
        description="Approve and keep: reader flags no longer hide it", permissions=["change"]
    )
    def keep_despite_flags(self, request, queryset) -> None:
        self._moderate(
            request,
            queryset,
            Comment.Status.APPROVED,
            "Kept despite flags by an editor",
            "approved and kept despite flags",
            ignore_flags=True,
        )

    @admin.action(description="Mark as spam", permissions=["change"])
    def mark_spam(self, request, queryset) -> None:
        self._moderate(
            request, queryset, Comment.Status.SPAM, "Marked as spam by an editor", "marked as spam"
        )

    @admin.action(description="Remove: hide from readers, keep the record", permissions=["change"])
    def remove(self, request, queryset) -> None:
        self._moderate(request, queryset, Comment.Status.REMOVED, "Removed by an editor", "removed")

    @admin.action(description="Restore to the moderation queue", permissions=["change"])
    def restore(self, request, queryset) -> None:
        self._moderate(
            request,
            queryset,
            Comment.Status.PENDING,
            "Restored to the queue by an editor",
            "restored to the queue",
        )


@admin.register(BlocklistEntry)
class BlocklistEntryAdmin(admin.ModelAdmin):
    list_display = ("value", "kind", "note", "created_at")
    list_filter = ("kind",)
    search_fields = ("value", "note")
