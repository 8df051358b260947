"""Template helpers for comments: plain text made safe, and the moderation count for the admin."""

from functools import lru_cache

from django import template
from django.template.defaultfilters import urlize
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines

from picks.models import Comment

register = template.Library()

_URLIZE_REL = 'rel="nofollow"'
_COMMENT_REL = 'rel="nofollow ugc noopener"'


@register.filter(is_safe=True)
def comment_text(value: str) -> SafeString:
    """Everything escaped, line breaks kept, web addresses made links that pass no credit."""
    return _comment_html(str(value))


# The same text always gives the same HTML, and urlize is slow: a page of 300 comments spent
# a third of its time there every time it was rendered again.
@lru_cache(maxsize=4096)
def _comment_html(value: str) -> SafeString:
    """`urlize` escapes the text around the links it makes, so after it the only `rel="nofollow"`
    strings left are the ones it wrote (a reader's own quotes come out as &quot;)."""
    text = normalize_newlines(value).strip()
    linked = urlize(text, autoescape=True).replace(_URLIZE_REL, _COMMENT_REL)
    return mark_safe(linebreaks(linked, autoescape=False))


@register.simple_tag
def pending_comment_count() -> int:
    return Comment.objects.awaiting_moderation().count()
