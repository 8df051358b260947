"""Template context every page needs: the site's name and the current year."""

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone


def site(request: HttpRequest) -> dict:
    return {
        "site_name": settings.MARQUEE_SITE_NAME,
        "current_year": timezone.now().year,
    }
