"""Fixtures shared by the whole suite: named personas, a clean cache, throwaway media, and the
demo content for modules that only read it."""

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.management import call_command

from core.page_cache import bump_site_generation
from picks.mentions.index import renew_name_index
from picks.roles import CONTRIBUTOR, EDITOR
from tests.factories import make_user


@pytest.fixture(autouse=True)
def new_site_generation():
    """Each test's database starts afresh, which no signal announces: retire cached pages."""
    bump_site_generation()


@pytest.fixture(autouse=True)
def new_name_index():
    """Nor is a film or person rolled back with a test: the mentions' name index is rebuilt."""
    renew_name_index()


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


@pytest.fixture(scope="module")
def demo_magazine(django_db_setup, django_db_blocker):
    """The demo content, loaded once for a module whose tests only read it, and removed after
    the module (flush, as Django's TransactionTestCase does) so no other test sees it."""
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0, stdout=StringIO())
    cache.clear()
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
    cache.clear()


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


# The apps whose records the admin tests' staff member may change; nothing else.
EDITORIAL_APPS = ["core", "films", "reviews", "picks", "taggit"]


@pytest.fixture
def records_editor(db):
    """A staff member with every permission on the magazine's records and nothing else: the
    admin tests look at screens, not at the Editor/Contributor roles (tests/picks/test_roles)."""
    user = make_user(username="editor", first_name="Edith", last_name="Tor", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=EDITORIAL_APPS))
    return user


@pytest.fixture
def editor_client(client, records_editor):
    client.force_login(records_editor)
    return client


@pytest.fixture
def reader(db):
    """Rita: a signed-in reader with no staff access."""
    return make_user(username="rita", first_name="Rita", last_name="Reed")
