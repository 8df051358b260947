"""Local development (`make run`, and manage.py by default): debug is on unless DJANGO_DEBUG=0."""

from config.env import env_bool, env_list, env_secret_key

from .base import *  # noqa: F403

# A fresh checkout's manage.py (makemigrations, check) works before `make run` writes .env;
# production runs config.settings.prod, which never turns debug on.
DEBUG = env_bool("DJANGO_DEBUG", True)
# With debug on, a missing key falls back to a fixed development one; with it off, it is required.
SECRET_KEY = env_secret_key("DJANGO_SECRET_KEY", required=not DEBUG)
# As in Django's own debug default, IPv6's localhost is allowed only while debugging.
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS",
    ["127.0.0.1", "localhost", "[::1]"] if DEBUG else ["127.0.0.1", "localhost"],
)
# Kept parts of pages (core/fragments.py) would hide a template edit until the data changes:
# off while debugging, unless asked for.
MARQUEE_FRAGMENT_CACHE = env_bool("MARQUEE_FRAGMENT_CACHE", not DEBUG)
