"""What an IMDb id and a trailer link must look like, for films and people alike."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

IMDB_ID = RegexValidator(
    r"^(tt|nm)\d{7,9}$", "An IMDb id looks like tt3783958 (films) or nm1297015."
)
TRAILER_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "youtu.be",
    "www.youtube-nocookie.com",
    "vimeo.com",
    "www.vimeo.com",
    "player.vimeo.com",
}
YOUTUBE_ID = re.compile(r"(?:v=|youtu\.be/|embed/|shorts/)([A-Za-z0-9_-]{11})")
VIMEO_ID = re.compile(r"vimeo\.com/(?:video/)?(\d+)")


def validate_trailer_url(value: str) -> None:
    parsed = urlparse(value)
    if parsed.scheme != "https" or parsed.hostname not in TRAILER_HOSTS:
        raise ValidationError(
            "Trailers must be an https link to YouTube or Vimeo (for example "
            "https://www.youtube.com/watch?v=0pdqf4P9MB8).",
            code="trailer_host",
        )
    if not (YOUTUBE_ID.search(value) or VIMEO_ID.search(value)):
        raise ValidationError(
            "This link does not point at a single video. Copy the video's own address.",
            code="trailer_video",
        )
