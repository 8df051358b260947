"""Comment views: post a comment, confirm one from the emailed link, flag one, and the privacy
page."""

from __future__ import annotations

import json
import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.generic import TemplateView

from core.client_ip import client_ip
from picks.akismet import akismet_configured
from picks.comment_checks import comment_judge_later
from picks.comment_confirmation import (
    comment_confirm,
    comment_confirmation_send,
    comment_confirmation_token,
)
from picks.comments import comment_flag, comment_page_number, comment_submit
from picks.forms import CommentForm, sign_form_start
from picks.models import Comment, Post
from picks.models.newsletter import PENDING_DAYS
from picks.post_page import (
    BROWSER_KEY_COOKIE,
    BROWSER_KEY_SALT,
    CONFIRM_PARAM,
    MESSAGE_TAG,
    PAGE_PARAM,
    REMEMBER_COOKIE,
    REMEMBER_SALT,
    REMEMBER_SECONDS,
    REMEMBERED_FIELDS,
    post_page_context,
)
from picks.replies import CONFIRM_MAX_AGE_DAYS as REPLY_CONFIRM_DAYS
from picks.replies import reply_subscribe


def _post_page(
    request: HttpRequest, post: Post, *, status: int, form: CommentForm | None = None, **extra
) -> HttpResponse:
    """The post page made for this request alone (its forms carry this reader's tokens)."""
    post = Post.objects.for_detail().get(pk=post.pk)  # the cards need the page's prefetches
    context = {**post_page_context(request, post, comment_form=form), **extra}
    response = TemplateResponse(request, "picks/post_detail.html", context, status=status)
    patch_cache_control(response, private=True, no_store=True)
    return response


def _render_post_with_form(request: HttpRequest, post: Post, form: CommentForm) -> HttpResponse:
    """The post page again, with the reader's text and what to fix next to each field."""
    return _post_page(request, post, form=form, status=400)


def browser_key(request: HttpRequest) -> str:
    """The key this browser was given with its first comment, or a new one."""
    try:
        return request.get_signed_cookie(BROWSER_KEY_COOKIE, salt=BROWSER_KEY_SALT)
    except (KeyError, signing.BadSignature):
        return secrets.token_urlsafe(24)


def set_browser_key(response: HttpResponse, key: str, *, secure: bool) -> None:
    response.set_signed_cookie(
        BROWSER_KEY_COOKIE,
        key,
        salt=BROWSER_KEY_SALT,
        max_age=REMEMBER_SECONDS,
        secure=secure,
        httponly=True,
        samesite="Lax",
    )


def csrf_failed(request: HttpRequest) -> bool:
    """Django's CSRF check, run here for the views that answer a failure themselves."""
    check = CsrfViewMiddleware(lambda request: HttpResponse())
    return check.process_view(request, None, (), {}) is not None


@never_cache
@require_GET
def comment_tokens(request: HttpRequest, slug: str) -> JsonResponse:
    """This browser's CSRF token and a fresh signed start for the post's comment form: the
    page itself may be a copy the cache shares (picks/static/picks/comment_tokens.js)."""
    post = get_object_or_404(Post.objects.published(), slug=slug)
    tokens = {"csrf": get_token(request)}
    if post.accepts_comments:
        tokens["started"] = sign_form_start(post)
    return JsonResponse(tokens)


def _send_again(request: HttpRequest, post: Post) -> HttpResponse:
    """A POST without a valid CSRF token (a shared page read without scripts, or a forged one):
    nothing is stored; the page comes back with the typed text in a form of its own."""
    if CONFIRM_PARAM in request.POST:
        query = urlencode({CONFIRM_PARAM: request.POST[CONFIRM_PARAM]})
        return HttpResponseRedirect(
            f"{post.get_absolute_url()}?{query}#comment-confirm", status=303
        )
    form = CommentForm(request.POST, post=post, user=request.user)
    # 403 as Django's own CSRF refusal, with the page a reader needs to send it again.
    return _post_page(request, post, form=form, status=403, comment_resend=True)


@csrf_exempt  # checked below, where a failure keeps the reader's text
@require_http_methods(["GET", "HEAD", "POST"])
def comment_create(request: HttpRequest, slug: str) -> HttpResponse:
    post = get_object_or_404(Post.objects.published(), slug=slug)
    if request.method != "POST":
        # The address a form with errors was answered at, reloaded or shared: the post (its
        # fragment, #comment-form, is kept by the browser).
        return HttpResponseRedirect(post.get_absolute_url())
    if csrf_failed(request):
        return _send_again(request, post)
    if CONFIRM_PARAM in request.POST:  # the button on the page an emailed link opens
        return _confirm(request, post, request.POST[CONFIRM_PARAM])
    if not post.accepts_comments:
        messages.error(request, "Comments are closed on this post.", extra_tags=MESSAGE_TAG)
        return HttpResponseRedirect(f"{post.get_absolute_url()}#comment-result", status=303)
    form = CommentForm(request.POST, post=post, user=request.user)
    key = browser_key(request)
    if form.is_valid():
        data = form.cleaned_data
        parent = None
        if data["parent"]:
            parent = Comment.objects.filter(pk=data["parent"]).select_related("parent").first()
        try:
            comment = comment_submit(
                post=post,
                name=data["name"],
                email=data["email"],
                url=data["url"],
                body=data["comment"],
                parent=parent,
                user=request.user,
                ip=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                honeypot=data["phone"],
                elapsed_seconds=data["started"],
                form_token=form.form_token,
                browser_key=key,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            judged_later = comment_judge_later(comment)
            asked_to_confirm = data["notify_replies"] and _follow_replies(comment)
            response = _after_submit(
                request, post, comment, remember=data["remember"], key=key, mailed=judged_later
            )
            if asked_to_confirm:
                messages.info(
                    request,
                    "To get reply emails, open the link we have emailed you to confirm your "
                    "address.",
                    extra_tags=MESSAGE_TAG,
                )
            return response
    return _render_post_with_form(request, post, form)


def _confirm(request: HttpRequest, post: Post, token: str) -> HttpResponse:
    comment = comment_confirm(token=token)
    if comment is None:
        messages.error(
            request,
            "This link has expired or was already used. An editor will look at your comment.",
            extra_tags=MESSAGE_TAG,
        )
        return HttpResponseRedirect(f"{post.get_absolute_url()}#comment-result", status=303)
    return _published(request, comment)


def _published(request: HttpRequest, comment: Comment) -> HttpResponseRedirect:
    messages.success(request, "Your comment is published.", extra_tags=MESSAGE_TAG)
    page = comment_page_number(comment)
    query = f"?{PAGE_PARAM}={page}" if page > 1 else ""
    return HttpResponseRedirect(
        f"{comment.post.get_absolute_url()}{query}#comment-{comment.pk}", status=303
    )


def _confirmation_link(request: HttpRequest, comment: Comment) -> str:
    query = urlencode({CONFIRM_PARAM: comment_confirmation_token(comment)})
    return request.build_absolute_uri(f"{comment.post.get_absolute_url()}?{query}#comment-confirm")


def _follow_replies(comment: Comment) -> bool:
    """Subscribe the comment's address to its thread; True when it still has to confirm."""
    subscription = reply_subscribe(comment=comment)
    return subscription is not None and not subscription.subscriber.is_confirmed


def _after_submit(
    request: HttpRequest,
    post: Post,
    comment: Comment,
    *,
    remember: bool,
    key: str,
    mailed: bool = False,
):
    """`mailed`: the background check sends the publishing link itself, when one is due."""
    if comment.status == Comment.Status.APPROVED:
        response = _published(request, comment)
    else:
        # Spam is told the same: no hint about which check caught it.
        messages.success(
            request,
            "Thank you. Your comment is awaiting moderation and will appear once an editor "
            "approves it.",
            extra_tags=MESSAGE_TAG,
        )
        if not mailed and comment_confirmation_send(
            comment=comment, link=_confirmation_link(request, comment)
        ):
            messages.info(
                request,
                "We have emailed you a link that publishes it at once.",
                extra_tags=MESSAGE_TAG,
            )
        response = HttpResponseRedirect(f"{post.get_absolute_url()}#comment-result", status=303)
    if comment.is_staff_reply:
        return response
    # Given even while the comment is held: once it is approved, this browser is known.
    set_browser_key(response, key, secure=request.is_secure())
    if remember:
        value = json.dumps({field: getattr(comment, field) for field in REMEMBERED_FIELDS})
        response.set_signed_cookie(
            REMEMBER_COOKIE,
            value,
            salt=REMEMBER_SALT,
            max_age=REMEMBER_SECONDS,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    elif REMEMBER_COOKIE in request.COOKIES:
        response.delete_cookie(REMEMBER_COOKIE, samesite="Lax")
    return response


@csrf_exempt  # checked below: a shared page read without scripts has no token to send
@require_POST
def comment_flag_view(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(
        Comment.objects.visible().filter(post__in=Post.objects.published()).select_related("post"),
        pk=pk,
    )
    if csrf_failed(request):
        messages.info(
            request, "Press Flag again to tell us about this comment.", extra_tags=MESSAGE_TAG
        )
        return _post_page(request, comment.post, status=403)
    comment_flag(comment=comment, flagger=client_ip(request) or "unknown")
    messages.success(
        request,
        "Thank you for telling us. An editor will look at this comment.",
        extra_tags=MESSAGE_TAG,
    )
    return HttpResponseRedirect(f"{comment.post.get_absolute_url()}#comment-result", status=303)


class PrivacyView(TemplateView):
    template_name = "picks/privacy.html"

    def get_context_data(self, **kwargs):
        rate = settings.MARQUEE_COMMENT_RATE_LIMIT
        return super().get_context_data(
            retention_days=settings.MARQUEE_COMMENT_DATA_RETENTION_DAYS,
            remember_days=REMEMBER_SECONDS // (24 * 3600),
            rate_limit_minutes=rate["window_seconds"] // 60,
            akismet_enabled=akismet_configured(),
            privacy_email=settings.MARQUEE_PRIVACY_EMAIL,
            newsletter_pending_days=PENDING_DAYS,
            reply_confirm_days=REPLY_CONFIRM_DAYS,
            **kwargs,
        )
