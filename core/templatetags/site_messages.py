"""Which messages the top of a page shows: those no part of the page shows in its own place."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

register = template.Library()


@register.filter
def unplaced(messages: Iterable) -> list:
    """Messages sent without extra tags. A tagged message (the comment section's, tagged
    "comments") is shown where its tag says, next to what it is about, and only there."""
    return [message for message in messages if not message.extra_tags]
