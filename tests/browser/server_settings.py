"""Settings of the browser tests' server process: production's, with its files in a temp folder."""

import os
from pathlib import Path

from config.settings.prod import *  # noqa: F403

_ROOT = Path(os.environ["MARQUEE_BROWSER_ROOT"])
STATIC_ROOT = _ROOT / "static"
MEDIA_ROOT = _ROOT / "media"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
