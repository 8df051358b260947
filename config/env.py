"""Typed readers for environment variables: a bad value stops start-up with one line naming it."""

import os
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from dotenv import load_dotenv


class ConfigError(SystemExit):
    """Raised at start-up; SystemExit prints just the message, not a traceback."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"Configuration error: {name} {problem}")


def load_env_file(default_path: Path) -> None:
    """Read `.env` (or DJANGO_ENV_FILE) without overriding variables already set."""
    path = Path(os.environ.get("DJANGO_ENV_FILE", default_path))
    if path.is_file():
        load_dotenv(path, override=False)


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(name, f"must be one of 1/0, true/false, yes/no, on/off (got {raw!r}).")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(name, f"must be a whole number (got {raw!r}).") from None
    if value < minimum:
        raise ConfigError(name, f"must be at least {minimum} (got {value}).")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret_key(name: str, *, required: bool) -> str:
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if required:
        raise ConfigError(
            name,
            "is required when DJANGO_DEBUG is off (run `make run` once to write .env, or set it).",
        )
    return "insecure-development-key-only-used-with-debug-on"


def env_database(name: str, default: str) -> dict:
    raw = os.environ.get(name, "").strip() or default
    try:
        config = dj_database_url.parse(raw, conn_max_age=60, conn_health_checks=True)
    except Exception as error:  # dj-database-url raises several types for bad URLs
        raise ConfigError(name, f"is not a valid database URL ({error}).") from None
    if not config.get("NAME"):
        raise ConfigError(
            name, "names no database (expected e.g. postgres://user@host:5432/marquee)."
        )
    if config["ENGINE"].endswith("sqlite3"):
        config.pop("CONN_MAX_AGE", None)
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    if config["ENGINE"].endswith("postgresql"):
        # PostgreSQL's JIT compiles any query its planner thinks costly: on the front page's
        # posts with comment counts it spent 57 ms compiling a query that runs in 5.
        options = config.setdefault("OPTIONS", {})
        options.setdefault("options", "-c jit=off")
    return config


LOCAL_MEMORY_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "marquee",
}


def env_cache(name: str, default: dict = LOCAL_MEMORY_CACHE) -> dict:
    """Redis at the URL in `name`, or `default` when it is unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return dict(default)
    parsed = urlparse(raw)
    if parsed.scheme not in {"redis", "rediss", "unix"} or not (parsed.hostname or parsed.path):
        raise ConfigError(name, f"must look like redis://host:6379/0 (got {raw!r}).")
    try:
        parsed.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise ConfigError(name, f"has an invalid port (got {raw!r}).") from None
    return {"BACKEND": "core.redis_cache.RedisCache", "LOCATION": raw}


def env_path(name: str, default: Path) -> Path:
    raw = os.environ.get(name, "").strip()
    return Path(raw).expanduser().resolve() if raw else default
