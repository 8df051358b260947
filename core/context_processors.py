"""Template context every page needs: site name, year, canonical address and the footer record."""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from core.models import SiteSettings
from core.page_cache import remembered


def site(request: HttpRequest) -> dict:
    origin = site_origin(request)
    # Lazy: a page without the footer runs no query for it.
    return {
        "site_origin": origin,
        "canonical_url": canonical_url(request, origin),
        "default_social_image": origin + static("img/og-default.png"),
        "site_name": settings.MARQUEE_SITE_NAME,
        "current_year": timezone.now().year,
        "site_settings": SimpleLazyObject(site_settings),
    }


def site_origin(request: HttpRequest) -> str:
    """`https://host` for absolute links; empty (links stay relative) when the Host header is not
    one of ALLOWED_HOSTS, as on the 400 page a scanner's made-up host gets."""
    try:
        return f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:
        return ""


def canonical_url(request: HttpRequest, origin: str) -> str:
    """The page's own address, without its query string. List templates add the page they
    show (their `canonical_url` block), since only the view knows which page that is."""
    return origin + request.path


def site_settings() -> SiteSettings:
    """The footer's record, read again only after something a reader page shows changed."""
    return remembered("site-settings", SiteSettings.load)
