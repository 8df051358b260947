"""Where a request comes from: the one reading of the client's address, for every limit."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or the proxy header named in MARQUEE_CLIENT_IP_HEADER."""
    raw = request.META.get("REMOTE_ADDR", "")
    header = settings.MARQUEE_CLIENT_IP_HEADER
    if header and request.META.get(header):
        # The last entry is the one our own proxy added; earlier ones are the client's claim.
        raw = request.META[header].split(",")[-1]
    try:
        return str(ipaddress.ip_address(raw.strip()))
    except ValueError:
        return None
