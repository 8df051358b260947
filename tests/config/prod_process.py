"""Run Python or manage.py in a fresh process on production settings, with a clean environment."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_prod(args: list[str], **env_overrides: str) -> subprocess.CompletedProcess:
    """Only the variables given here (and a random secret key) reach the settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.prod",
            "DJANGO_ENV_FILE": "/nonexistent/.env",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        }
    )
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def run_python(script: str, **env_overrides: str) -> subprocess.CompletedProcess:
    return run_prod(["-c", f"import django; django.setup(); {script}"], **env_overrides)
