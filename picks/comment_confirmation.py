"""Publishing a comment from a new browser: the address's owner confirms it by an emailed link.

A known address is published at once only from a browser it was approved from
(picks.comments); from any other browser the comment is held, and, when the site can send
mail, the address gets a link whose button publishes it.
"""

from __future__ import annotations

import hashlib

from django.core import signing
from django.core.cache import cache as default_cache

from core.email import email_configured, send_email
from picks.comments import REASON_NEW_BROWSER, SYSTEM_FIRST_COMMENT, comment_moderate
from picks.models import Comment

SYSTEM_EMAIL_CONFIRMATION = "emailed confirmation"
CONFIRM_SALT = "picks.comment-confirm"
CONFIRM_MAX_AGE_DAYS = 7
MAIL_INTERVAL_PER_ADDRESS_SECONDS = 3600


def comment_confirmation_token(comment: Comment) -> str:
    return signing.dumps(comment.pk, salt=CONFIRM_SALT)


def comment_awaiting_confirmation(token: str) -> Comment | None:
    """The comment an emailed link names, while it still waits for that confirmation."""
    try:
        pk = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE_DAYS * 24 * 3600)
    except signing.BadSignature:
        return None
    return (
        Comment.objects.awaiting_moderation()
        .filter(pk=pk, decided_by_system=SYSTEM_FIRST_COMMENT, decision_reason=REASON_NEW_BROWSER)
        .select_related("post")
        .first()
    )


def comment_confirmation_send(*, comment: Comment, link: str, cache=default_cache) -> bool:
    """Queue the mail with the link that publishes `comment` (held for coming from a new
    browser) to its address, at most once an hour per address. Returns whether it was queued."""
    if (
        not email_configured()
        or comment_awaiting_confirmation(comment_confirmation_token(comment)) is None
    ):
        return False
    digest = hashlib.sha256(comment.email.encode()).hexdigest()[:32]
    if not cache.add(f"comment-confirm-mail:{digest}", 1, MAIL_INTERVAL_PER_ADDRESS_SECONDS):
        return False
    message = (
        f"Someone, most likely you, sent this comment on “{comment.post.title}” with your "
        f"address, from a browser it had not been used from:\n\n{comment.body}\n\n"
        f"To publish it, open this link within {CONFIRM_MAX_AGE_DAYS} days and press "
        f"“Publish my comment”:\n{link}\n\n"
        "If you did not write it, ignore this mail: the comment stays unpublished unless an "
        "editor approves it."
    )
    send_email.enqueue(
        subject="Publish your comment",
        body=message,
        to=[comment.email],
        key=f"comment-confirm:{comment.pk}",
    )
    return True


def comment_confirm(*, token: str) -> Comment | None:
    """Publish the comment an emailed link names: the address's owner vouches for it, and so
    for the browser that sent it. None when the link is bad, expired or already used."""
    comment = comment_awaiting_confirmation(token)
    if comment is None:
        return None
    comment_moderate(
        comments=[comment],
        status=Comment.Status.APPROVED,
        decided_by_system=SYSTEM_EMAIL_CONFIRMATION,
        reason="Address confirmed through the emailed link",
    )
    comment.refresh_from_db()
    return comment
