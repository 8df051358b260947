"""The test suite: fast hashing, in-memory email, throwaway media, debug off."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

# Set before base.py runs, which refuses to start without a key when debug is off.
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")

from .base import *  # noqa: E402, F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run the moment they are enqueued, so a test sees their effect at once.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "email"],
    }
}

# Uploads and static files go to one folder per process, which that process removes when it
# ends, so neither pytest nor `make bench` nor CI's migration check leaves anything in /tmp.
_THROWAWAY_DIR = Path(tempfile.mkdtemp(prefix="marquee-test-"))
atexit.register(shutil.rmtree, _THROWAWAY_DIR, ignore_errors=True)
MEDIA_ROOT = _THROWAWAY_DIR / "media"
STATIC_ROOT = _THROWAWAY_DIR / "static"
MEDIA_ROOT.mkdir()
STATIC_ROOT.mkdir()  # whitenoise warns about a missing STATIC_ROOT
# Off, so a page's second request renders again and tests can count its queries; the tests of
# the page cache (tests/core/test_page_cache.py) turn it on.
MARQUEE_PAGE_CACHE = False
MARQUEE_FRAGMENT_CACHE = False
# A change is seen by the very next request, as a test expects (production rechecks each second).
MARQUEE_GENERATION_RECHECK_MS = 0

# Tests never collect static files, so the manifest would be missing.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
