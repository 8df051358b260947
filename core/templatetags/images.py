"""{% image %}: a picture with its WebP renditions (core.renditions), its size, and lazy loading
unless it is the page's main picture."""

from __future__ import annotations

from html import escape

from django import template
from django.db.models.fields.files import FieldFile
from django.utils.safestring import SafeString, mark_safe

from core.renditions import picture_of

register = template.Library()


@register.simple_tag
def image(file: FieldFile | None, *, alt: str, sizes: str, main: bool = False, **attrs) -> str:
    """`<img>` for an image field's file: `srcset` of its renditions and the original, `sizes`
    (how wide the layout shows it), width and height (so nothing moves as it loads), and
    `loading="lazy"`, or for the page's main picture (`main=True`) `fetchpriority="high"`.
    Other keyword arguments become attributes: `class_` or `class` gives the class."""
    if not file:
        return ""
    picture = picture_of(file)
    attributes = {"src": picture.url, "alt": alt}
    if picture.renditions is not None:
        attributes["srcset"] = picture.srcset
        attributes["sizes"] = sizes
        attributes["width"] = picture.renditions.width
        attributes["height"] = picture.renditions.height
    if main:
        attributes["fetchpriority"] = "high"
    else:
        attributes["loading"] = "lazy"
    attributes["decoding"] = "async"
    for name, value in attrs.items():
        attributes[name.rstrip("_")] = value
    return _img(attributes)


def _img(attributes: dict) -> SafeString:
    # conditional_escape, written out: format_html_join cost more than the rest of the tag.
    written = "".join(
        f' {name}="{value.__html__() if hasattr(value, "__html__") else escape(str(value))}"'
        for name, value in attributes.items()
    )
    return mark_safe(f"<img{written}>")  # noqa: S308 - every value escaped above
