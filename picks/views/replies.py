"""Reply notifications from the reader's side: the emailed confirmation link and the unsubscribe
links. Opening a link only shows a button, so a mail scanner that follows links changes
nothing; the button (or a mail client's RFC 8058 one-click POST) does the change."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from picks.models import Comment
from picks.replies import (
    reply_subscriber_confirm,
    reply_unsubscribe,
    subscriber_for_confirmation,
    unsubscribe_scope,
    unsubscribe_token,
)


def _page(request: HttpRequest, template: str, context: dict, *, status: int = 200):
    response = TemplateResponse(request, f"picks/replies/{template}", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def reply_confirm(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = subscriber_for_confirmation(token)
    if subscriber is None:
        return _page(request, "confirm.html", {"invalid": True}, status=404)
    if request.method == "POST":
        subscriber = reply_subscriber_confirm(token=token)
        return _page(request, "confirm.html", {"confirmed": True, "subscriber": subscriber})
    return _page(request, "confirm.html", {"subscriber": subscriber})


# RFC 8058: a mail client POSTs "List-Unsubscribe=One-Click" with no cookie and no CSRF token;
# the signed link is the whole authority, and the POST changes only its own address's mail.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def reply_unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    scope = unsubscribe_scope(token)
    if scope is None:
        return _page(request, "unsubscribe.html", {"invalid": True}, status=404)
    email, thread_id = scope
    thread = Comment.objects.select_related("post").filter(pk=thread_id).first()
    context = {
        "email": email,
        "thread": thread,
        "every_thread": thread_id is None,
        "all_token": unsubscribe_token(email, thread_id=None),
    }
    if request.method == "POST":
        reply_unsubscribe(email=email, thread_id=thread_id)
        context["done"] = True
    return _page(request, "unsubscribe.html", context)
