"""Readers' comments: submitting them through layered spam checks, moderating and flagging them.

Every check is a small function that returns a reason (or None); `comment_submit` records the
first reason that applies on the comment, so an editor can see why it was held and rescue it.
A known address is published at once only from a browser it was approved from (the browser
key); picks.comment_confirmation lets its owner publish a comment from another browser. When
Akismet is configured, a comment that passes the local checks is stored as pending and judged by
the background worker (picks.comment_checks). Approving a reply queues its notifications.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache as default_cache
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from core.page_cache import site_changed
from core.rate_limit import rate_limit_hit as window_count
from picks.akismet import SYSTEM_AKISMET, akismet_configured
from picks.models import BlocklistEntry, Comment, Post, display_name, is_staff_author
from picks.replies import replies_approved

logger = logging.getLogger(__name__)

Status = Comment.Status

SYSTEM_SPAM_CHECKS = "spam checks"
SYSTEM_FIRST_COMMENT = "first-comment rule"
SYSTEM_READER_FLAGS = "reader flags"
REASON_NEW_BROWSER = "Known address, sent from another browser: held until confirmed by email"
REASON_AWAITING_AKISMET = "Waiting for the Akismet check"

FLAG_MEMORY_SECONDS = 30 * 24 * 3600
FORM_USED_MESSAGE = (
    "This form was already used to send a comment. Your text is kept below: please send it again."
)
_LINK_RE = re.compile(r"https?://|www\.", re.IGNORECASE)


@dataclass(frozen=True)
class Verdict:
    status: str
    decided_by_system: str
    reason: str


# The spam checks: each returns the reason to hold a comment, or None --------------------


def check_honeypot(honeypot: str) -> str | None:
    if honeypot.strip():
        return "Honeypot: the hidden field was filled in"
    return None


def check_too_fast(elapsed_seconds: float | None) -> str | None:
    minimum = settings.MARQUEE_COMMENT_MIN_SECONDS
    if elapsed_seconds is not None and elapsed_seconds < minimum:
        return f"Too fast: sent {elapsed_seconds:.1f} s after the form loaded (minimum {minimum} s)"
    return None


def rate_limit_hit(ip: str | None, *, cache=default_cache) -> int:
    """Count one comment from `ip` in the current window; return the count so far."""
    if not ip:
        return 0
    window = settings.MARQUEE_COMMENT_RATE_LIMIT["window_seconds"]
    return window_count("comment", ip, window_seconds=window, cache=cache)


def check_rate_limit(count: int) -> str | None:
    limit = settings.MARQUEE_COMMENT_RATE_LIMIT
    if count > limit["count"]:
        minutes = limit["window_seconds"] / 60
        return (
            f"Rate limit: comment {count} from this address within {minutes:g} minutes "
            f"(the limit is {limit['count']})"
        )
    return None


def count_links(text: str) -> int:
    return len(_LINK_RE.findall(text))


def check_links(body: str) -> str | None:
    links, limit = count_links(body), settings.MARQUEE_COMMENT_MAX_LINKS
    if links > limit:
        return f"Held for links: {links} links (the limit is {limit})"
    return None


def check_blocklist(*, name: str, email: str, url: str, body: str) -> str | None:
    email = email.lower()
    domain = email.rpartition("@")[2]
    text = f"{name}\n{url}\n{body}".lower()
    for entry in BlocklistEntry.objects.all():
        kind, value = entry.kind, entry.value
        if kind == BlocklistEntry.Kind.EMAIL and email == value:
            return f"Blocklist: email address {value}"
        if kind == BlocklistEntry.Kind.EMAIL_DOMAIN and (
            domain == value or domain.endswith("." + value)
        ):
            return f"Blocklist: email domain {value}"
        if kind == BlocklistEntry.Kind.WORD and re.search(
            rf"(?<!\w){re.escape(value)}(?!\w)", text
        ):
            return f"Blocklist: word “{value}”"
    return None


# Submitting -------------------------------------------------------------------------------


def reply_parent(parent: Comment | None) -> Comment | None:
    """A reply to the deepest level joins that level: it hangs from the same parent."""
    max_depth = settings.MARQUEE_COMMENT_MAX_DEPTH
    while parent is not None and parent.depth >= max_depth - 1:
        parent = parent.parent
    return parent


def _submission_key(form_token: str, email: str, body: str) -> str:
    if not form_token:
        return ""
    return hashlib.sha256(f"{form_token}\n{email}\n{body}".encode()).hexdigest()


def form_token_claim(form_token: str, submission_key: str, *, cache=default_cache) -> bool:
    """Let a form's signed timestamp carry one submission; False when it carried another.

    The same submission again is a double-click, which the submission key turns into one
    comment. The cache remembers a token as long as the form accepts it.
    """
    key = "comment-form-used:" + hashlib.sha256(form_token.encode()).hexdigest()[:32]
    timeout = settings.MARQUEE_COMMENT_MAX_AGE_SECONDS
    return cache.add(key, submission_key, timeout=timeout) or cache.get(key) == submission_key


def _verdict(
    *,
    name: str,
    email: str,
    url: str,
    body: str,
    ip: str | None,
    honeypot: str,
    elapsed_seconds: float | None,
    browser_key: str,
) -> Verdict:
    rate_count = rate_limit_hit(ip)
    for reason in (
        check_honeypot(honeypot),
        check_too_fast(elapsed_seconds),
        check_blocklist(name=name, email=email, url=url, body=body),
        check_rate_limit(rate_count),
    ):
        if reason:
            return Verdict(Status.SPAM, SYSTEM_SPAM_CHECKS, reason)
    if reason := check_links(body):
        return Verdict(Status.PENDING, SYSTEM_SPAM_CHECKS, reason)
    if akismet_configured():  # asked by the worker once the comment is stored
        return Verdict(Status.PENDING, SYSTEM_AKISMET, REASON_AWAITING_AKISMET)
    return known_commenter_verdict(email=email, browser_key=browser_key)


def known_commenter_verdict(*, email: str, browser_key: str) -> Verdict:
    """The last rule: an address approved before is published from a browser it was approved
    from; a first comment, or one from another browser, waits for an editor."""
    known = Comment.objects.visible().filter(email=email)
    if browser_key and known.filter(browser_key=browser_key).exists():
        return Verdict(
            Status.APPROVED, SYSTEM_FIRST_COMMENT, "Known commenter: approved before, same browser"
        )
    if known.exists():
        return Verdict(Status.PENDING, SYSTEM_FIRST_COMMENT, REASON_NEW_BROWSER)
    return Verdict(Status.PENDING, SYSTEM_FIRST_COMMENT, "First comment from this address")


def comment_submit(
    *,
    post: Post,
    body: str,
    name: str = "",
    email: str = "",
    url: str = "",
    parent: Comment | None = None,
    user=None,
    ip: str | None = None,
    user_agent: str = "",
    honeypot: str = "",
    elapsed_seconds: float | None = None,
    form_token: str = "",
    browser_key: str = "",
) -> Comment:
    """Store a comment with the decision the checks made. Never drops one: spam is kept.

    `browser_key` is the key the sending browser holds (picks.views.comments gives every
    commenting browser one); the comment keeps a digest of it with the address.
    """
    if not post.accepts_comments:
        raise ValidationError("Comments are closed on this post.")
    if parent is not None and (parent.post_id != post.pk or parent.status != Status.APPROVED):
        raise ValidationError({"parent": "The comment you replied to is no longer available."})
    is_staff = is_staff_author(user)
    if is_staff:
        name = name or display_name(user)
        email = email or user.email
    email = email.strip().lower()
    browser_digest = browser_key_digest(browser_key, email)

    key = _submission_key(form_token, email, body)
    if key and (existing := Comment.objects.filter(submission_key=key).first()):
        return existing
    if key and not form_token_claim(form_token, key):
        raise ValidationError(FORM_USED_MESSAGE, code="form_used")

    if is_staff:
        verdict = Verdict(Status.APPROVED, "", "Staff reply")
    else:
        verdict = _verdict(
            name=name,
            email=email,
            url=url,
            body=body,
            ip=ip,
            honeypot=honeypot,
            elapsed_seconds=elapsed_seconds,
            browser_key=browser_digest,
        )
    parent = reply_parent(parent)
    comment = Comment(
        post=post,
        parent=parent,
        depth=0 if parent is None else parent.depth + 1,
        name=name,
        email=email,
        url=url,
        body=body,
        status=verdict.status,
        decided_by=user if is_staff else None,
        decided_by_system=verdict.decided_by_system,
        decision_reason=verdict.reason,
        decided_at=timezone.now(),
        ip=ip,
        user_agent=user_agent[:300],
        user=user if is_staff else None,
        is_staff_reply=is_staff,
        submission_key=key,
        browser_key=browser_digest,
    )
    try:
        with transaction.atomic():
            comment.full_clean(exclude={"submission_key", "browser_key"})
            comment.save()
    except IntegrityError:
        # Two copies of the same form raced past the check above; the first one won.
        existing = Comment.objects.filter(submission_key=key).first() if key else None
        if existing is None:
            raise
        return existing
    if comment.status == Status.APPROVED:
        replies_approved(comment_ids=[comment.pk])
    return comment


# Known commenters -------------------------------------------------------------------------


def browser_key_digest(browser_key: str, email: str) -> str:
    """What a comment keeps of its browser's key: bound to the address, so an approval vouches
    for that browser with that address only, and the database holds no usable key."""
    if not browser_key:
        return ""
    return hashlib.sha256(f"{browser_key}\n{email}".encode()).hexdigest()


# Moderating and flagging ------------------------------------------------------------------


def comment_moderate(
    *,
    comments: QuerySet[Comment] | Iterable[Comment],
    status: str,
    decided_by=None,
    decided_by_system: str = "",
    reason: str = "",
    ignore_flags: bool | None = None,
) -> int:
    """Record one decision on several comments at once; return how many changed.

    `ignore_flags=True` keeps them from being sent back to moderation by reader flags again.
    """
    if status not in Status.values:
        raise ValidationError(f"Unknown comment status {status!r}.")
    if not isinstance(comments, QuerySet):
        comments = Comment.objects.filter(pk__in=[comment.pk for comment in comments])
    changes = {
        "status": status,
        "decided_by": decided_by,
        "decided_by_system": "" if decided_by else decided_by_system,
        "decision_reason": reason[:200],
        "decided_at": timezone.now(),
    }
    if status == Status.APPROVED:
        changes["flag_count"] = 0  # an editor has looked at it: start counting afresh
    if ignore_flags is not None:
        changes["ignore_flags"] = ignore_flags
    with transaction.atomic():
        # Read before the update, which may change what the queryset's filter matches.
        approved = list(comments.values_list("pk", flat=True)) if status == Status.APPROVED else []
        changed = comments.update(**changes)
        replies_approved(comment_ids=approved)  # held replies are announced now
    if changed:
        site_changed()  # update() sends no post_save; a decision changes what pages show
    return changed


def comment_flag(*, comment: Comment, flagger: str, cache=default_cache) -> bool:
    """Count one reader's flag, a reader being an address; return False if it is not counted.

    Each address flags a comment once, and only so many comments per window. The comment goes
    back to moderation when enough addresses flag it within the flag window, unless an editor
    chose to keep it despite flags.
    """
    limit = settings.MARQUEE_COMMENT_FLAG_RATE_LIMIT
    sent = window_count(
        "comment-flag", flagger, window_seconds=limit["window_seconds"], cache=cache
    )
    if sent > limit["count"]:
        return False
    digest = hashlib.sha256(flagger.encode()).hexdigest()[:32]
    if not cache.add(f"comment-flag:{comment.pk}:{digest}", 1, timeout=FLAG_MEMORY_SECONDS):
        return False
    # Counted since the last decision, so an editor's approval starts a new window.
    window = settings.MARQUEE_COMMENT_FLAG_WINDOW
    readers = window_count(
        "comment-flags", f"{comment.pk}@{comment.decided_at}", window_seconds=window, cache=cache
    )
    with transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(flag_count=F("flag_count") + 1)
        current = Comment.objects.select_for_update().get(pk=comment.pk)
        if (
            current.status == Status.APPROVED
            and not current.ignore_flags
            and readers >= settings.MARQUEE_COMMENT_FLAG_THRESHOLD
        ):
            current.status = Status.PENDING
            current.decided_by = None
            current.decided_by_system = SYSTEM_READER_FLAGS
            current.decision_reason = (
                f"Reader flags: {readers} readers within {window / 3600:g} hours"
            )
            current.decided_at = timezone.now()
            current.save(
                update_fields=[
                    "status",
                    "decided_by",
                    "decided_by_system",
                    "decision_reason",
                    "decided_at",
                ]
            )
    comment.refresh_from_db(fields=["flag_count", "status"])
    return True


def comment_data_purge(*, older_than: datetime, dry_run: bool = False) -> int:
    """Blank the IP address and user agent of comments created before `older_than`."""
    stale = Comment.objects.filter(created_at__lt=older_than).filter(
        Q(ip__isnull=False) | ~Q(user_agent="")
    )
    if dry_run:
        return stale.count()
    with transaction.atomic():
        return stale.update(ip=None, user_agent="")


# Reading a thread -------------------------------------------------------------------------


@dataclass
class Thread:
    page: Page
    count: int
    by_id: dict[int, Comment]


def comment_thread(post: Post, *, page_number: str | int | None = 1) -> Thread:
    """The visible comments of a post in ONE query, as a tree; pages hold top-level threads.

    A reply whose parent is no longer visible starts a thread of its own.
    """
    comments = list(
        Comment.objects.visible()
        .filter(post=post)
        .defer("email", "ip", "user_agent", "submission_key")
        .thread_order()
    )
    by_id = {comment.pk: comment for comment in comments}
    roots = []
    for comment in comments:
        comment.children = []
        parent = by_id.get(comment.parent_id)
        if parent is None:
            roots.append(comment)
        else:
            parent.children.append(comment)
    page = Paginator(roots, settings.MARQUEE_COMMENTS_PER_PAGE).get_page(page_number)
    return Thread(page=page, count=len(comments), by_id=by_id)


def comment_page_number(comment: Comment) -> int:
    """The page of its post's comments that shows `comment`: its thread's page, with threads
    built exactly as comment_thread builds them (one query)."""
    thread = comment_thread(comment.post, page_number=1)
    root = thread.by_id.get(comment.pk)
    if root is None:  # not visible (yet): the first page is as good as any
        return 1
    while root.parent_id in thread.by_id:
        root = thread.by_id[root.parent_id]
    return thread.page.paginator.object_list.index(root) // settings.MARQUEE_COMMENTS_PER_PAGE + 1
