"""Template helpers for film pages: readable money, a link's site name and score colour bands."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlsplit

from django import template

register = template.Library()


def _short(amount: Decimal) -> str:
    text = f"{amount:.1f}"
    return text[:-2] if text.endswith(".0") else text


@register.filter
def usd(value) -> str:
    """446_100_000 reads "$446.1 million", 30_000_000 "$30 million", 1.2e9 "$1.2 billion"."""
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    billions = (amount / 10**9).quantize(Decimal("0.1"))
    if billions >= 1:
        return f"${_short(billions)} billion"
    millions = (amount / 10**6).quantize(Decimal("0.1"))
    if millions >= 1:
        return f"${_short(millions)} million"
    return f"${amount:,.0f}"


@register.filter
def site_name(url: str) -> str:
    """A link's site, for its text: "https://www.boxofficemojo.com/…" reads "boxofficemojo.com"."""
    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.")


@register.filter
def score_band(normalized) -> str:
    """A CSS modifier for a 0-100 score: good (75+), mixed (50-74) or poor."""
    if normalized is None or normalized == "":
        return "none"
    value = Decimal(normalized)
    if value >= 75:
        return "good"
    if value >= 50:
        return "mixed"
    return "poor"
