"""Template context every page needs: site name, year, the sections menu and the footer record."""

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from picks.models import Section, SiteSettings


def site(request: HttpRequest) -> dict:
    # Both lazy: a page that shows neither header nor footer runs neither query.
    return {
        "site_name": settings.MARQUEE_SITE_NAME,
        "current_year": timezone.now().year,
        "nav_sections": Section.objects.active().only("name", "slug"),
        "site_settings": SimpleLazyObject(SiteSettings.load),
    }
