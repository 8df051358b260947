"""One-click moderation for the comment queue and the desk: each decision is a plain POST form
with one button, answered by a redirect back with a message; picks/moderation.js sends the same
form with fetch() and updates the row in place from the JSON answer."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from picks.models import Comment
from picks.moderation import DECISIONS, comment_decide, comment_reply

REPLY_MAX_CHARS = Comment._meta.get_field("body").max_length


def _back(request) -> str:
    """Where the form came from (the desk or a filtered queue), if it is one of ours."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:picks_comment_changelist")


def _answer(request, comment: Comment, message: str, *, ok: bool = True):
    """JSON for the page's script (it asked with Accept: application/json), else a redirect
    back with the message."""
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(
            {
                "ok": ok,
                "message": message,
                "status": comment.status,
                "label": comment.get_status_display(),
            },
            status=200 if ok else 400,
        )
    messages.add_message(request, messages.SUCCESS if ok else messages.ERROR, message)
    return HttpResponseRedirect(_back(request))


def _who(comment: Comment) -> str:
    # Unicode isolates: a right-to-left override in a reader's name stays inside the name.
    return f"the comment by \u2068{comment.name}\u2069 on “{comment.post.title}”"


class OneClickModerationMixin:
    """For CommentAdmin: the decide and reply URLs, and the queue's columns: the comment readable
    with its buttons under it (their forms sit outside the list's own form, since forms cannot
    nest: admin/picks/comment/queue.html), the decision, and when it came."""

    change_list_template = "admin/picks/comment/queue.html"

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(require_POST(view))

        return [
            path("<int:object_id>/decide/", wrap(self.decide_view), name="picks_comment_decide"),
            path("<int:object_id>/reply/", wrap(self.reply_view), name="picks_comment_reply"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra = {"moderation_decisions": list(DECISIONS), **(extra_context or {})}
        return super().changelist_view(request, extra)

    def _comment(self, request, object_id: int) -> Comment:
        if not self.has_change_permission(request):
            raise PermissionDenied
        return get_object_or_404(Comment.objects.select_related("post"), pk=object_id)

    def decide_view(self, request, object_id: int):
        comment = self._comment(request, object_id)
        decision = request.POST.get("decision", "")
        if decision not in DECISIONS:
            return _answer(request, comment, "Choose Approve, Spam or Remove.", ok=False)
        done = comment_decide(comment=comment, decision=decision, by=request.user).done
        return _answer(request, comment, f"{done}: {_who(comment)}.")

    def reply_view(self, request, object_id: int):
        comment = self._comment(request, object_id)
        body = request.POST.get("body", "").strip()
        if not body or len(body) > REPLY_MAX_CHARS:
            problem = "Write your reply first." if not body else "That reply is too long."
            return _answer(request, comment, problem, ok=False)
        try:
            comment_reply(comment=comment, body=body, by=request.user)
        except ValidationError as error:
            return _answer(request, comment, " ".join(error.messages), ok=False)
        return _answer(request, comment, f"Approved and replied to {_who(comment)}.")

    @admin.display(description="comment")
    def comment_text(self, comment: Comment) -> str:
        """The text readable, who wrote it where, and the one-click buttons under it."""
        return render_to_string("admin/picks/comment/queue_comment.html", {"comment": comment})

    @admin.display(description="decision", ordering="status")
    def decision(self, comment: Comment) -> str:
        return format_html(
            '<span data-comment-status="{}">{}</span><span class="comment-why">{}{}</span>',
            comment.pk,
            comment.get_status_display(),
            comment.decision_reason,
            f" ({comment.decided_by_label})" if comment.decided_by_label else "",
        )

    @admin.display(description="received", ordering="created_at")
    def received(self, comment: Comment) -> str:
        return date_format(timezone.localtime(comment.created_at), "j M Y, H:i")
