"""Fixtures shared by the whole suite: named personas, a clean cache, throwaway media."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from picks.roles import CONTRIBUTOR, EDITOR
from tests.factories import make_user


@pytest.fixture
def fresh_cache():
    """Rate limits, flags and cached recommendations live in the cache: start with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    """Uploaded and drawn images go to this test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def editor(db):
    """Edith: staff in the Editor group; publishes, edits every post, moderates comments."""
    user = make_user(username="edith", first_name="Edith", last_name="Tor", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    return user


@pytest.fixture
def contributor(db):
    """Colin: staff in the Contributor group; writes posts and edits his own drafts only."""
    user = make_user(username="colin", first_name="Colin", last_name="Tribe", is_staff=True)
    user.groups.add(Group.objects.get(name=CONTRIBUTOR))
    return user


@pytest.fixture
def reader(db):
    """Rita: a signed-in reader with no staff access."""
    return make_user(username="rita", first_name="Rita", last_name="Reed")
