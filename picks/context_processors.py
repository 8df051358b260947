"""The header's sections menu, on every page."""

from django.http import HttpRequest

from picks.models import Section


def sections(request: HttpRequest) -> dict:
    # A queryset is lazy: a page without the header runs no query for it.
    return {"nav_sections": Section.objects.active()}
