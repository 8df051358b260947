"""The check a reader's comment gets after it is stored: Akismet, asked by the background worker
so no reader waits on it. The comment waits as pending meanwhile, and is then judged exactly as
picks.comments would have judged it in the request."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.db.models import QuerySet

from core.tasks import retrying_task
from picks.akismet import SYSTEM_AKISMET, akismet_check
from picks.comment_confirmation import comment_confirmation_send, comment_confirmation_token
from picks.comments import (
    REASON_AWAITING_AKISMET,
    REASON_NEW_BROWSER,
    Verdict,
    comment_moderate,
    known_commenter_verdict,
)
from picks.models import Comment
from picks.post_page import CONFIRM_PARAM


def awaiting_akismet() -> QuerySet[Comment]:
    return Comment.objects.awaiting_moderation().filter(
        decided_by_system=SYSTEM_AKISMET, decision_reason=REASON_AWAITING_AKISMET
    )


def comment_judge_later(comment: Comment) -> bool:
    """Queue the Akismet check of `comment` if it waits for one; True when queued. The comment
    is read again afterwards: where tasks run at once (tests), it is judged already."""
    if comment.decision_reason != REASON_AWAITING_AKISMET:
        return False
    check_comment_with_akismet.enqueue(comment.pk)
    comment.refresh_from_db()
    return True


def confirmation_link(comment: Comment) -> str:
    query = urlencode({CONFIRM_PARAM: comment_confirmation_token(comment)})
    path = f"{comment.post.get_absolute_url()}?{query}#comment-confirm"
    return f"{settings.MARQUEE_SITE_URL}{path}"


@retrying_task()
def check_comment_with_akismet(comment_id: int) -> str:
    """Judge a stored comment with Akismet, then the known-commenter rule. A comment no longer
    waiting for the check (judged already, or decided by an editor meanwhile) is left alone,
    so a second run changes nothing. Returns the decision's reason."""
    comment = awaiting_akismet().select_related("post").filter(pk=comment_id).first()
    if comment is None:
        return "Already judged"
    answer = akismet_check(
        ip=comment.ip,
        user_agent=comment.user_agent,
        name=comment.name,
        email=comment.email,
        url=comment.url,
        body=comment.body,
        permalink=comment.post.get_absolute_url(),
    )
    if answer:
        verdict = Verdict(answer[0], SYSTEM_AKISMET, answer[1])
    else:
        verdict = known_commenter_verdict(email=comment.email, browser_key=comment.browser_key)
    changed = comment_moderate(
        comments=awaiting_akismet().filter(pk=comment_id),
        status=verdict.status,
        decided_by_system=verdict.decided_by_system,
        reason=verdict.reason,
    )
    if changed and verdict.reason == REASON_NEW_BROWSER:
        comment.refresh_from_db()
        comment_confirmation_send(comment=comment, link=confirmation_link(comment))
    return verdict.reason
