"""The post page's context, built in one place for the three pages that show a post: the
post itself, the post again with a comment form's errors, and the admin's preview."""

from __future__ import annotations

import json

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from core.page_cache import SHARED_PAGE_ATTR
from core.structured_data import breadcrumb_data, to_script_tag
from films.recommendations import recommend_films_for_post
from picks.comment_confirmation import comment_awaiting_confirmation
from picks.comments import akismet_configured, comment_thread
from picks.forms import CommentForm
from picks.models import Post
from picks.structured_data import post_data

RELATED_POSTS = 4
REMEMBER_COOKIE = "marquee_commenter"
REMEMBER_SALT = "picks.comment-remember"
REMEMBER_SECONDS = 365 * 24 * 3600
REMEMBERED_FIELDS = ("name", "email", "url")
# Given to every browser that sends a comment; picks.comments explains what it vouches for.
BROWSER_KEY_COOKIE = "marquee_commenter_key"
BROWSER_KEY_SALT = "picks.comment-browser-key"
MESSAGE_TAG = "comments"
PAGE_PARAM = "comments_page"
CONFIRM_PARAM = "confirm_comment"


def remembered_commenter(request: HttpRequest) -> dict:
    """Name, email and website the reader asked us to remember, or nothing."""
    try:
        raw = request.get_signed_cookie(REMEMBER_COOKIE, salt=REMEMBER_SALT)
        data = json.loads(raw)
    except (KeyError, signing.BadSignature, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {field: str(data.get(field, ""))[:254] for field in REMEMBERED_FIELDS}


def comment_context(request: HttpRequest, post: Post, *, form: CommentForm | None = None) -> dict:
    """Everything picks/includes/comments.html needs. The thread (one query for all of it) is
    read only if something shows it: the kept comment list (core/fragments.py) may not."""
    thread = SimpleLazyObject(lambda: comment_thread(post, page_number=request.GET.get(PAGE_PARAM)))
    replying_to = None
    raw_parent = form.data.get("parent") if form is not None else request.GET.get("reply_to")
    # isdecimal() alone accepts "²" and other digits int() refuses; int() refuses 4,300+ digits.
    raw_parent = str(raw_parent or "")
    if raw_parent.isascii() and raw_parent.isdecimal() and len(raw_parent) <= 18:
        replying_to = thread.by_id.get(int(raw_parent))
    if form is None:
        initial = {"parent": replying_to.pk if replying_to else None}
        if remembered := remembered_commenter(request):
            initial.update(remembered, remember=True)
        form = CommentForm(initial=initial, post=post, user=request.user)
    confirm_token = request.GET.get(CONFIRM_PARAM, "")
    to_confirm = comment_awaiting_confirmation(confirm_token) if confirm_token else None
    return {
        "comment_thread": thread,
        "comment_form": form,
        # A blank form on a page readers share (tokens left for the script): the same for all.
        "comment_form_same_for_all": (
            getattr(request, SHARED_PAGE_ATTR, False) and not form.is_bound and not replying_to
        ),
        "comment_replying_to": replying_to,
        "comments_closed": not post.accepts_comments,
        "comment_retention_days": settings.MARQUEE_COMMENT_DATA_RETENTION_DAYS,
        "comment_akismet_enabled": akismet_configured(),
        "comment_to_confirm": to_confirm if to_confirm and to_confirm.post_id == post.pk else None,
        "comment_confirm_token": confirm_token,
    }


def post_page_context(
    request: HttpRequest,
    post: Post,
    *,
    comment_form: CommentForm | None = None,
    post_in_full: Post | None = None,
) -> dict:
    """Everything picks/post_detail.html shows besides the post itself.

    `post_in_full` is the post with Post.objects.for_detail()'s prefetches (or a preview that
    answers them), `post` itself by default. The post page passes a lazy one: what only its
    kept parts show is read only where they are rendered anew."""
    full = post if post_in_full is None else post_in_full
    return {
        "post": post,
        "object": post,
        "post_in_full": full,
        "related_posts": SimpleLazyObject(
            lambda: list(
                Post.objects.published().related_to(full).newest_first().for_cards()[:RELATED_POSTS]
            )
        ),
        **comment_context(request, post, form=comment_form),
        "recommendations": SimpleLazyObject(lambda: recommend_films_for_post(full)),
        "structured_data": SimpleLazyObject(lambda: _structured_data(request, full)),
    }


def _structured_data(request: HttpRequest, post: Post) -> str:
    return to_script_tag(
        [
            post_data(request, post, films=post.films_in_order),
            breadcrumb_data(
                request,
                [
                    ("Home", reverse("picks:home")),
                    (post.section.name, post.section.get_absolute_url()),
                    (post.title, post.get_absolute_url()),
                ],
            ),
        ]
    )
