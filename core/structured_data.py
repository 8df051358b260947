"""schema.org JSON-LD plumbing every page shares: the script tag, absolute links, breadcrumbs."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def to_script_tag(data: dict[str, Any] | list[dict[str, Any]]) -> SafeString:
    """A <script type="application/ld+json"> data block (never executed), escaped as json_script."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308


def absolute(request: HttpRequest, url: str) -> str:
    return request.build_absolute_uri(url)


def breadcrumb_data(request: HttpRequest, trail: list[tuple[str, str]]) -> dict:
    """BreadcrumbList from (name, url) pairs, home first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": absolute(request, url),
            }
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }
