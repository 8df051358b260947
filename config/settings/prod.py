"""Production: `make serve` and any real deployment. Debug is always off here."""

import sys

from config.env import env_bool, env_cache, env_int, env_secret_key

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env_secret_key("DJANGO_SECRET_KEY", required=True)

# One switch for a site served over HTTPS behind a proxy that sets X-Forwarded-Proto; each
# finer variable below can still override its part.
HTTPS = env_bool("DJANGO_HTTPS", False)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", HTTPS)
# Load balancers poll the health check over plain HTTP and treat a redirect as a failure.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 365 * 24 * 3600 if HTTPS else 0)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_PROXY", HTTPS) else None
)

SILENCED_SYSTEM_CHECKS = [
    # HSTS for subdomains would bind other sites on the domain, which are not ours to decide for.
    "security.W005",
    # Preloading is a request the domain's owner sends to the browsers, not a setting.
    "security.W021",
]

# Rate limits and reader flags count in the cache, so every worker must share it: Redis when
# REDIS_URL is set, otherwise a table in the database (`make serve` runs createcachetable).
DATABASE_CACHE_TABLE = "marquee_cache"
CACHES = {
    "default": env_cache(
        "REDIS_URL",
        default={
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": DATABASE_CACHE_TABLE,
        },
    )
}


def _cache_description(cache: dict) -> str:
    if cache["BACKEND"].endswith("RedisCache"):
        return "Redis (REDIS_URL)"
    return f"the database table {cache['LOCATION']} (set REDIS_URL to use Redis)"


def _quiet_command(argv: list[str]) -> bool:
    """A management command asked for silence (cron runs them so), which this line would break."""
    return any(
        arg in ("-v0", "--verbosity=0") or (arg in ("-v", "--verbosity") and following == "0")
        for arg, following in zip(argv, [*argv[1:], ""], strict=True)
    )


if not _quiet_command(sys.argv):
    print(f"Marquee: the cache is {_cache_description(CACHES['default'])}.", file=sys.stderr)
