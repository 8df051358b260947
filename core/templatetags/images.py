"""{% image %}: a picture with its WebP renditions (core.renditions), its size, and lazy loading
unless it is the page's main picture."""

from __future__ import annotations

from django import template
from django.db.models.fields.files import FieldFile
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from core.renditions import renditions_of, srcset

register = template.Library()


@register.simple_tag
def image(file: FieldFile | None, *, alt: str, sizes: str, main: bool = False, **attrs) -> str:
    """`<img>` for an image field's file: `srcset` of its renditions and the original, `sizes`
    (how wide the layout shows it), width and height (so nothing moves as it loads), and
    `loading="lazy"`, or for the page's main picture (`main=True`) `fetchpriority="high"`.
    Other keyword arguments become attributes: `class_` or `class` gives the class."""
    if not file:
        return ""
    attributes = {"src": file.url, "alt": alt}
    renditions = renditions_of(file)
    if renditions is not None:
        attributes["srcset"] = srcset(file, renditions)
        attributes["sizes"] = sizes
        attributes["width"] = renditions.width
        attributes["height"] = renditions.height
    if main:
        attributes["fetchpriority"] = "high"
    else:
        attributes["loading"] = "lazy"
    attributes["decoding"] = "async"
    for name, value in attrs.items():
        attributes[name.rstrip("_")] = value
    return _img(attributes)


def _img(attributes: dict) -> SafeString:
    return format_html(
        "<img{}>", format_html_join("", ' {}="{}"', ((k, v) for k, v in attributes.items()))
    )
