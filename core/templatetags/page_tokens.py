"""Per-view tokens on pages a cache may share: left empty there, for a script to fill in.

In a part kept for every reader ({% kept %}) they are left empty too, and the CSRF token is
filled in afterwards where the page itself is made for one reader (signed in, say)."""

from django import template
from django.middleware.csrf import get_token
from django.utils.html import format_html

from core.page_cache import SHARED_PAGE_ATTR

register = template.Library()

# Set in the context while a kept part renders.
IN_KEPT_PART = "in_kept_part"


def _shared(context) -> bool:
    return context.get(IN_KEPT_PART, False) or _shared_page(context)


def _shared_page(context) -> bool:
    return getattr(context.get("request"), SHARED_PAGE_ATTR, False)


def _csrf_input(value: str) -> str:
    return format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}" data-per-view>', value
    )


EMPTY_CSRF_INPUT = _csrf_input("")


def fill_in_csrf_tokens(html: str, context) -> str:
    """A kept part's empty CSRF inputs, given this view's token where the page is not shared."""
    if _shared_page(context) or EMPTY_CSRF_INPUT not in html:
        return html
    return html.replace(EMPTY_CSRF_INPUT, _csrf_input(get_token(context["request"])))


@register.simple_tag(takes_context=True)
def csrf_token_per_view(context) -> str:
    """Django's {% csrf_token %}, except on a shared page or in a kept part, where the value
    stays empty: a token is tied to one browser's cookie, so a cached copy would fail for every
    other reader."""
    return _csrf_input("" if _shared(context) else get_token(context["request"]))


@register.simple_tag(takes_context=True)
def per_view(context, value: str) -> str:
    """`value` on a page made for this view only; empty on a shared page."""
    return "" if _shared(context) else value
