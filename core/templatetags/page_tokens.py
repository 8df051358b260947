"""Per-view tokens on pages a cache may share: left empty there, for a script to fill in."""

from django import template
from django.middleware.csrf import get_token
from django.utils.html import format_html

from core.page_cache import SHARED_PAGE_ATTR
from core.templatetags.fragments import IN_KEPT_PART

register = template.Library()


def _shared(context) -> bool:
    """On a page a cache may share, or in a part of one kept for every reader ({% kept %})."""
    return context.get(IN_KEPT_PART, False) or getattr(
        context.get("request"), SHARED_PAGE_ATTR, False
    )


@register.simple_tag(takes_context=True)
def csrf_token_per_view(context) -> str:
    """Django's {% csrf_token %}, except on a shared page or in a kept part, where the value
    stays empty: a token is tied to one browser's cookie, so a cached copy would fail for every
    other reader."""
    value = "" if _shared(context) else get_token(context["request"])
    return format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}" data-per-view>', value
    )


@register.simple_tag(takes_context=True)
def per_view(context, value: str) -> str:
    """`value` on a page made for this view only; empty on a shared page."""
    return "" if _shared(context) else value
