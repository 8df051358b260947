"""Newsletter views for readers: sign up (in the footer, on posts, on /newsletter/), confirm,
unsubscribe in one click (RFC 8058 too), and ask for removal. None needs a login; every link
carries a signed token (picks/newsletter/subscriptions.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from core.client_ip import client_ip
from core.context_processors import site_origin
from picks.models import Subscriber
from picks.newsletter.forms import NewsletterEmailForm
from picks.newsletter.subscriptions import (
    CONFIRM_MAX_AGE_DAYS,
    REMOVE_MAX_AGE_DAYS,
    SIGNUP_RATE,
    signup_rate_exceeded,
    subscriber_confirm,
    subscriber_removal_request,
    subscriber_remove,
    subscriber_signup,
    subscriber_to_confirm,
    subscriber_to_remove,
    subscriber_to_unsubscribe,
    subscriber_unsubscribe,
)
from picks.views.comments import csrf_failed

SIGNUP_TEMPLATE = "picks/newsletter/signup.html"
MESSAGE_TEMPLATE = "picks/newsletter/message.html"
ACTION_TEMPLATE = "picks/newsletter/action.html"


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


def _message(request: HttpRequest, *, title: str, text: str, status: int = 200, **extra):
    context = {"title": title, "text": text, **extra}
    return _private(TemplateResponse(request, MESSAGE_TEMPLATE, context, status=status))


def _link_invalid(request: HttpRequest, days: int | None = None) -> HttpResponse:
    expiry = f" Links in these emails work for {days} days." if days else ""
    return _message(
        request,
        title="This link does not work",
        text=f"It has expired, was already used, or was copied incompletely.{expiry}",
        status=404,
        signup_again=True,
    )


@require_http_methods(["GET", "HEAD"])
def newsletter_page(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, SIGNUP_TEMPLATE, {"form": NewsletterEmailForm()})


@never_cache
@require_GET
def newsletter_token(request: HttpRequest) -> JsonResponse:
    """This browser's CSRF token, for a sign-up form on a page the cache shares
    (picks/static/picks/newsletter_signup.js)."""
    return JsonResponse({"csrf": get_token(request)})


@csrf_exempt  # checked below, where a failure keeps the typed address
@require_http_methods(["POST"])
def newsletter_signup(request: HttpRequest) -> HttpResponse:
    form = NewsletterEmailForm(request.POST)
    if csrf_failed(request):
        context = {"form": form, "resend": True}
        return _private(TemplateResponse(request, SIGNUP_TEMPLATE, context, status=403))
    if signup_rate_exceeded(client_ip(request)):
        minutes = SIGNUP_RATE["window_seconds"] // 60
        return _message(
            request,
            title="Too many sign-ups",
            text=f"Too many sign-ups came from your network. Try again in {minutes} minutes.",
            status=429,
        )
    if not form.is_valid():
        return _private(TemplateResponse(request, SIGNUP_TEMPLATE, {"form": form}, status=400))
    subscriber_signup(email=form.cleaned_data["email"], origin=site_origin(request))
    # The same answer for a new, pending, confirmed or unsubscribed address.
    return _message(
        request,
        title="Check your inbox",
        text=(
            f"If {form.cleaned_data['email']} is not subscribed yet, a message is on its way with "
            f"a link to confirm. Open it within {CONFIRM_MAX_AGE_DAYS} days: nothing is sent "
            "to that address until you do."
        ),
    )


def _action(request: HttpRequest, *, title: str, text: str, button: str) -> HttpResponse:
    context = {"title": title, "text": text, "button": button, "action": request.path}
    return _private(TemplateResponse(request, ACTION_TEMPLATE, context))


@require_http_methods(["GET", "HEAD", "POST"])
def newsletter_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link opens a page with one button, so a mail scanner that follows links
    confirms nobody."""
    subscriber = subscriber_to_confirm(token)
    if subscriber is None:
        return _link_invalid(request, CONFIRM_MAX_AGE_DAYS)
    if request.method == "POST":
        subscriber_confirm(subscriber=subscriber)
        if subscriber.status != Subscriber.Status.CONFIRMED:
            return _link_invalid(request)
        return _message(
            request,
            title="You are subscribed",
            text=f"The newsletter will come to {subscriber.email}. Every issue has a link "
            "that unsubscribes you in one click.",
        )
    return _action(
        request,
        title="Confirm your subscription",
        text=f"Press the button to receive the newsletter at {subscriber.email}.",
        button="Confirm my subscription",
    )


@csrf_exempt  # the signed token is the proof; mail clients POST here (RFC 8058) with no cookie
@require_http_methods(["GET", "HEAD", "POST"])
def newsletter_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = subscriber_to_unsubscribe(token)
    if subscriber is None:
        return _link_invalid(request)
    if request.method == "POST":
        subscriber_unsubscribe(subscriber=subscriber)
        return _message(
            request,
            title="You are unsubscribed",
            text=f"No more newsletters will be sent to {subscriber.email}.",
            signup_again=True,
            removal=True,
        )
    return _action(
        request,
        title="Unsubscribe from the newsletter",
        text=f"Press the button and no more newsletters will be sent to {subscriber.email}.",
        button="Unsubscribe",
    )


@require_http_methods(["GET", "HEAD", "POST"])
def newsletter_remove_request(request: HttpRequest) -> HttpResponse:
    form = NewsletterEmailForm(request.POST or None)
    if request.method == "POST":
        if signup_rate_exceeded(client_ip(request)):
            return _message(
                request,
                title="Too many requests",
                text="Too many requests came from your network. Please try again later.",
                status=429,
            )
        if form.is_valid():
            subscriber_removal_request(
                email=form.cleaned_data["email"], origin=site_origin(request)
            )
            return _message(
                request,
                title="Check your inbox",
                text=(
                    f"If {form.cleaned_data['email']} is on our list, a message is on its way "
                    f"with a link that deletes it. The link works for {REMOVE_MAX_AGE_DAYS} day."
                ),
            )
    status = 400 if form.is_bound else 200
    response = TemplateResponse(
        request, "picks/newsletter/remove.html", {"form": form}, status=status
    )
    return _private(response)


@require_http_methods(["GET", "HEAD", "POST"])
def newsletter_remove_confirm(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = subscriber_to_remove(token)
    if subscriber is None:
        return _link_invalid(request, REMOVE_MAX_AGE_DAYS)
    if request.method == "POST":
        email = subscriber.email
        subscriber_remove(subscriber=subscriber)
        return _message(
            request,
            title="Your address is deleted",
            text=f"{email} and the record of the newsletters sent to it are deleted.",
            signup_again=True,
        )
    return _action(
        request,
        title="Delete your address",
        text=f"Press the button to delete {subscriber.email} and the record of what we sent "
        "to it. To receive the newsletter again, you would sign up anew.",
        button="Delete my address",
    )
