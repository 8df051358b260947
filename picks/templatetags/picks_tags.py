"""Template helpers for reader pages: Markdown bodies and share links."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.utils.safestring import SafeString

from picks.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def share_links(context, post) -> list[tuple[str, str]]:
    """Plain links to share a post: nothing loads from those hosts until a reader clicks."""
    request = context.get("request")
    url = request.build_absolute_uri(post.get_absolute_url()) if request else ""
    title = post.title
    return [
        ("Email", "mailto:?" + urlencode({"subject": title, "body": url})),
        ("Bluesky", "https://bsky.app/intent/compose?" + urlencode({"text": f"{title} {url}"})),
        ("X", "https://x.com/intent/post?" + urlencode({"text": title, "url": url})),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
    ]
