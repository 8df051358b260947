"""One decision on one comment, as the desk and the comment queue's buttons make it: approve,
spam, remove, or reply (which approves the comment first, since replies hang only from approved
comments). Both go through the comment services in picks/comments.py."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from picks.comments import comment_moderate, comment_submit
from picks.models import Comment


@dataclass(frozen=True)
class Decision:
    status: str
    reason: str  # recorded on the comment
    done: str  # what the editor is told: "Approved", "Marked as spam"...


DECISIONS = {
    "approve": Decision(Comment.Status.APPROVED, "Approved by an editor", "Approved"),
    "spam": Decision(Comment.Status.SPAM, "Marked as spam by an editor", "Marked as spam"),
    "remove": Decision(Comment.Status.REMOVED, "Removed by an editor", "Removed"),
}


def comment_decide(*, comment: Comment, decision: str, by) -> Decision:
    """Record an editor's decision ("approve", "spam" or "remove") on one comment."""
    chosen = DECISIONS[decision]
    comment_moderate(comments=[comment], status=chosen.status, decided_by=by, reason=chosen.reason)
    comment.refresh_from_db(fields=["status", "decided_by", "decision_reason", "decided_at"])
    return chosen


def comment_reply(*, comment: Comment, body: str, by) -> Comment:
    """Approve `comment` if it waits, and post `by`'s staff reply under it, in one transaction.

    comment_submit refuses (ValidationError) when comments are closed on the post.
    """
    with transaction.atomic():
        if comment.status != Comment.Status.APPROVED:
            comment_moderate(
                comments=[comment],
                status=Comment.Status.APPROVED,
                decided_by=by,
                reason="Approved by an editor, who replied",
            )
            comment.refresh_from_db(fields=["status", "decided_by", "decision_reason"])
        return comment_submit(post=comment.post, body=body, parent=comment, user=by)
