"""Akismet, the spam service a reader's comment is checked with when the site has a key: asked
by the background worker once the comment is stored (picks.comment_checks), never in the
request."""

from __future__ import annotations

import logging

import akismet
import httpx
from django.conf import settings

from picks.models import Comment

logger = logging.getLogger(__name__)

SYSTEM_AKISMET = "Akismet"


def akismet_configured() -> bool:
    return bool(settings.AKISMET_API_KEY and settings.AKISMET_BLOG_URL)


def akismet_check(
    *, ip: str | None, user_agent: str, name: str, email: str, url: str, body: str, permalink: str
) -> tuple[str, str] | None:
    """Ask Akismet, when configured: the status and reason to record, or None when it finds
    nothing. A failure or timeout holds the comment instead of losing it."""
    if not akismet_configured():
        return None
    config = akismet.Config(key=settings.AKISMET_API_KEY, url=settings.AKISMET_BLOG_URL)
    try:
        with httpx.Client(
            timeout=settings.AKISMET_TIMEOUT_SECONDS, headers={"User-Agent": akismet.USER_AGENT}
        ) as http_client:
            client = akismet.SyncClient(config=config, http_client=http_client)
            result = client.comment_check(
                user_ip=ip or "",
                user_agent=user_agent,
                permalink=permalink,
                comment_type="comment",
                comment_author=name,
                comment_author_email=email,
                comment_author_url=url,
                comment_content=body,
                blog_lang="en",
                blog_charset="UTF-8",
            )
    except akismet.AkismetError as error:
        logger.warning("Akismet check failed, holding the comment: %s", error)
        return Comment.Status.PENDING, f"Akismet unavailable: {error}"
    if result == akismet.CheckResponse.DISCARD:
        return Comment.Status.SPAM, "Akismet: blatant spam"
    if result == akismet.CheckResponse.SPAM:
        return Comment.Status.SPAM, "Akismet: spam"
    return None
