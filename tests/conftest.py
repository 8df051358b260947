"""Fixtures shared by the whole suite: named personas."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from picks.roles import CONTRIBUTOR, EDITOR
from tests.factories import make_user


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(
        username="chief", email="chief@marquee.test", password="correct horse battery staple"
    )


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


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
