"""What the editorial layer's pages show, told to core.page_cache (called from PicksConfig)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save

from core import page_cache
from picks.models import (
    Comment,
    MediaImage,
    Post,
    PostCriticQuote,
    PostFilm,
    PostQuote,
    Section,
)
from picks.post_page import REMEMBER_COOKIE


def comment_shown_changed(sender, instance: Comment, created: bool = False, **kwargs) -> None:
    """A comment held for moderation changes no page (and spam floods must not empty the
    cache); one approved, edited, taken back or deleted does."""
    if created and instance.status != Comment.Status.APPROVED:
        return
    page_cache.site_changed(sender, **kwargs)


def _first_moment(key: str, posts: Callable[[], QuerySet], field: str) -> datetime | None:
    """The earliest `field` among `posts()`, kept until that moment passes or anything changes
    (the queryset is built only then: building one costs more than reading the kept value)."""
    return page_cache.remembered(
        key,
        lambda: posts().order_by(field).values_list(field, flat=True).first(),
        until=lambda moment: moment,
    )


def next_publish_time() -> datetime | None:
    """When the next scheduled post goes live: cached pages must not outlive it."""
    return _first_moment("next-publish-time", Post.objects.scheduled, "publish_at")


def next_pin_end() -> datetime | None:
    """When the next front-page pin ends and the newest Best Pick leads again."""
    return _first_moment("next-pin-end", Post.objects.featured, "pinned_until")


def watch_picks() -> None:
    page_cache.watch_models(Post, Section, PostFilm, PostQuote, PostCriticQuote, MediaImage)
    for signal in (post_save, post_delete):
        signal.connect(comment_shown_changed, sender=Comment, dispatch_uid="picks.page_cache")
    page_cache.watch_change_times(next_publish_time)
    page_cache.watch_change_times(next_pin_end)
    # Its page fills in the commenter's remembered name and email.
    page_cache.personal_cookie(REMEMBER_COOKIE)
