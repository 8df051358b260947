"""What an admin change form posts besides its fields: each inline's management form."""

from __future__ import annotations

# The post form's inlines, by formset prefix: films, featured quotes, featured critics' quotes.
POST_INLINES = ("film_links", "quote_links", "critic_quote_links")


def management_form(prefix: str, total: int = 0, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def empty_inlines(*prefixes: str) -> dict[str, str]:
    data: dict[str, str] = {}
    for prefix in prefixes:
        data.update(management_form(prefix))
    return data
