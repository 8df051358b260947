"""Production: `make serve` and any real deployment. Debug is always off here."""

from config.env import env_bool, env_int, env_secret_key

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env_secret_key("DJANGO_SECRET_KEY", required=True)

SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_PROXY") else None
)
