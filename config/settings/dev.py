"""Local development (`make run`): debug comes from DJANGO_DEBUG, which `make run` sets in .env."""

from .base import *  # noqa: F403
