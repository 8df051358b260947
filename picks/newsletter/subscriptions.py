"""Who gets the newsletter: sign-up (double opt-in), confirmation, unsubscribe and removal.

Every link in a mail is a signed token naming the subscriber and its key; none needs a login.
Sign-up answers the same whatever the address's state, so the form tells nobody who subscribed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.core.cache import cache as default_cache
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from core.rate_limit import rate_limit_hit
from core.tasks import retrying_task
from picks.models import Subscriber

CONFIRM_SALT = "picks.newsletter.confirm"
UNSUBSCRIBE_SALT = "picks.newsletter.unsubscribe"
REMOVE_SALT = "picks.newsletter.remove"
CONFIRM_MAX_AGE_DAYS = 3
REMOVE_MAX_AGE_DAYS = 1
# One confirmation or removal mail per address per this long, whatever the form is sent.
MAIL_INTERVAL_PER_ADDRESS_SECONDS = 3600
# Sign-ups (and removal requests) from one address per window, like comments.
SIGNUP_RATE = {"count": 5, "window_seconds": 3600}


@dataclass(frozen=True)
class Link:
    """A signed link: `token` goes in the path of `url_name`."""

    url_name: str
    token: str

    def url(self, origin: str) -> str:
        return origin + reverse(self.url_name, args=[self.token])


def _token(subscriber: Subscriber, salt: str) -> str:
    return signing.dumps([subscriber.pk, subscriber.key], salt=salt, compress=True)


def _subscriber_for(token: str, salt: str, *, max_age_days: int | None) -> Subscriber | None:
    max_age = max_age_days * 24 * 3600 if max_age_days else None
    try:
        pk, key = signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return Subscriber.objects.filter(pk=pk, key=key).first()


def confirm_link(subscriber: Subscriber) -> Link:
    return Link("picks:newsletter_confirm", _token(subscriber, CONFIRM_SALT))


def unsubscribe_link(subscriber: Subscriber) -> Link:
    return Link("picks:newsletter_unsubscribe", _token(subscriber, UNSUBSCRIBE_SALT))


def remove_link(subscriber: Subscriber) -> Link:
    return Link("picks:newsletter_remove_confirm", _token(subscriber, REMOVE_SALT))


def subscriber_to_confirm(token: str) -> Subscriber | None:
    return _subscriber_for(token, CONFIRM_SALT, max_age_days=CONFIRM_MAX_AGE_DAYS)


def subscriber_to_unsubscribe(token: str) -> Subscriber | None:
    """Unsubscribe links never expire: a mail read a year later must still stop the next one."""
    return _subscriber_for(token, UNSUBSCRIBE_SALT, max_age_days=None)


def subscriber_to_remove(token: str) -> Subscriber | None:
    return _subscriber_for(token, REMOVE_SALT, max_age_days=REMOVE_MAX_AGE_DAYS)


def unsubscribe_headers(unsubscribe_url: str) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` to the
    https address (the same one as the link in the mail); the mailto is for clients that only
    know RFC 2369."""
    mailto = f"mailto:{settings.MARQUEE_PRIVACY_EMAIL}?subject={quote('unsubscribe')}"
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>, <{mailto}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def signup_rate_exceeded(client: str | None, *, cache=default_cache) -> bool:
    count = rate_limit_hit(
        "newsletter-signup",
        client or "unknown",
        window_seconds=SIGNUP_RATE["window_seconds"],
        cache=cache,
    )
    return count > SIGNUP_RATE["count"]


def _mail_allowed(email: str, purpose: str, *, cache=default_cache) -> bool:
    digest = hashlib.sha256(email.encode()).hexdigest()[:32]
    return cache.add(f"newsletter-mail:{purpose}:{digest}", 1, MAIL_INTERVAL_PER_ADDRESS_SECONDS)


def normalize_email(email: str) -> str:
    return email.strip().lower()


def subscriber_signup(*, email: str, origin: str) -> None:
    """Ask `email` to confirm its subscription. New, pending or unsubscribed addresses get the
    confirmation mail (at most once an hour); a confirmed one gets nothing more, and one an editor
    marked bounced or complained gets nothing. The caller answers the same in every case."""
    email = normalize_email(email)
    Subscriber.objects.stale_pending().delete()
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.select_for_update().get_or_create(email=email)
        if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
            subscriber.set_status(Subscriber.Status.PENDING)
            subscriber.save()
        if subscriber.status != Subscriber.Status.PENDING:
            return
        if not _mail_allowed(email, "confirm"):
            return
        link = confirm_link(subscriber).url(origin)
        transaction.on_commit(lambda: send_confirmation.enqueue(subscriber.pk, link))


def subscriber_confirm(*, subscriber: Subscriber) -> None:
    """The address's owner opened the link: the newsletter may go to it from now on. Confirming
    twice is harmless; an address an editor marked bounced or complained stays so."""
    with transaction.atomic():
        locked = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if locked.status in (Subscriber.Status.PENDING, Subscriber.Status.UNSUBSCRIBED):
            locked.set_status(Subscriber.Status.CONFIRMED)
            locked.save()
    subscriber.refresh_from_db()


def subscriber_unsubscribe(*, subscriber: Subscriber) -> None:
    """Stop the newsletter for this address; the same answer the second time."""
    with transaction.atomic():
        locked = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if locked.status in (Subscriber.Status.PENDING, Subscriber.Status.CONFIRMED):
            locked.set_status(Subscriber.Status.UNSUBSCRIBED)
            locked.save()
    subscriber.refresh_from_db()


def subscriber_removal_request(*, email: str, origin: str) -> None:
    """Mail a link that deletes the address and its delivery records, if the address is known;
    the caller answers the same either way."""
    subscriber = Subscriber.objects.filter(email=normalize_email(email)).first()
    if subscriber is None or not _mail_allowed(subscriber.email, "remove"):
        return
    link = remove_link(subscriber).url(origin)
    transaction.on_commit(lambda: send_removal.enqueue(subscriber.pk, link))


def subscriber_remove(*, subscriber: Subscriber) -> None:
    subscriber.delete()  # its deliveries go with it: they name the address


def _mail(subscriber: Subscriber, *, template: str, subject: str, link: str) -> None:
    context = {
        "link": link,
        "site_name": settings.MARQUEE_SITE_NAME,
        "confirm_days": CONFIRM_MAX_AGE_DAYS,
        "remove_days": REMOVE_MAX_AGE_DAYS,
    }
    body = render_to_string(f"picks/newsletter/email/{template}.txt", context)
    EmailMultiAlternatives(subject, body, None, [subscriber.email]).send()


@retrying_task(queue_name="email")
def send_confirmation(subscriber_id: int, link: str) -> bool:
    subscriber = Subscriber.objects.filter(pk=subscriber_id, status=Subscriber.Status.PENDING)
    subscriber = subscriber.first()
    if subscriber is None:  # confirmed or removed since: nothing to ask
        return False
    subject = f"Confirm your subscription to {settings.MARQUEE_SITE_NAME}"
    _mail(subscriber, template="confirm", subject=subject, link=link)
    return True


@retrying_task(queue_name="email")
def send_removal(subscriber_id: int, link: str) -> bool:
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return False
    subject = f"Delete your address from {settings.MARQUEE_SITE_NAME}'s newsletter"
    _mail(subscriber, template="remove", subject=subject, link=link)
    return True
