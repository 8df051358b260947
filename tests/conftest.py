"""Fixtures shared by the whole suite: named personas."""

import pytest
from django.contrib.auth import get_user_model


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(
        username="chief", email="chief@marquee.test", password="correct horse battery staple"
    )


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client
