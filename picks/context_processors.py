"""The header's sections menu, on every page."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from core.page_cache import remembered
from picks.models import Section


def sections(request: HttpRequest) -> dict:
    # Lazy: a page without the header runs no query for it.
    return {"nav_sections": SimpleLazyObject(active_sections)}


def active_sections() -> list[Section]:
    return remembered("nav-sections", lambda: list(Section.objects.active()))
