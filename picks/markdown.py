"""Post bodies: Markdown rendered to HTML, then sanitised, whatever an editor types."""

from __future__ import annotations

import re

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString

from picks.media import expand_image_references

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "del", "em", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "q", "s", "strong", "sub", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"align"},
    "th": {"align"},
}
# Whole elements whose text must never reach the page either.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript"}
URL_SCHEMES = {"http", "https", "mailto"}
TOP_HEADING = re.compile(r"<(/?)h1>")
# No <img>: a remote src would call a third-party host on page load; posts carry a hero image
# and library images ({image:42}, picks/media.py).


def render_markdown(text: str) -> SafeString:
    """Markdown to safe HTML: no script, no event attributes, links only to http(s) and mailto."""
    html = markdown_lib.markdown(
        text or "",
        extensions=["sane_lists", "smarty", "tables"],
        output_format="html",
    )
    # "# Heading" becomes <h2>, like "## Heading": the page's one <h1> is the post title.
    html = TOP_HEADING.sub(r"<\1h2>", html)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
    )
    # Library images ({image:42} alone on a line) are our own markup, added after cleaning.
    return expand_image_references(cleaned)
