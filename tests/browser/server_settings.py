"""Settings of the browser tests' server process: production's, with its files in a temp folder."""

import os
from pathlib import Path

from config.settings.prod import *  # noqa: F403

_ROOT = Path(os.environ["MARQUEE_BROWSER_ROOT"])
STATIC_ROOT = _ROOT / "static"
MEDIA_ROOT = _ROOT / "media"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Mail is written to files the tests read (a reader's confirmation link, the newsletter).
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = _ROOT / "mail"
# Tasks (sending mail among them) run at once inside the request, so no worker is needed.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "email"],
    }
}
