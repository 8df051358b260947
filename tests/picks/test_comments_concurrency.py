"""Many readers commenting at once lose nothing: every comment is stored exactly once."""

from __future__ import annotations

import threading

import pytest
from django.core.cache import cache
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from picks.models import Comment
from tests.factories import make_comment, make_post
from tests.picks.test_comments import form_data

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test (CI runs it)",
)

READERS = 8


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_readers_commenting_at_once_are_each_stored_exactly_once(settings):
    cache.clear()
    settings.MARQUEE_COMMENT_RATE_LIMIT = {"count": 1000, "window_seconds": 600}
    post = make_post()
    for reader in range(READERS):
        make_comment(post=post, email=f"reader{reader}@example.test")  # known commenters
    url = reverse("picks:comment_create", args=[post.slug])
    # Each reader double-clicks: the same form arrives twice, from two threads.
    forms = [
        form_data(
            post,
            name=f"Reader {reader}",
            email=f"reader{reader}@example.test",
            comment=f"Take {reader}",
        )
        for reader in range(READERS)
    ]
    barrier = threading.Barrier(READERS * 2)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def send(data: dict) -> None:
        try:
            barrier.wait(timeout=10)
            statuses.append(Client().post(url, data, REMOTE_ADDR="192.0.2.1").status_code)
        except BaseException as error:  # reported below, the thread must not die silently
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(data,)) for data in forms * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert statuses == [303] * (READERS * 2)
    for reader in range(READERS):
        stored = Comment.objects.filter(post=post, body=f"Take {reader}")
        assert stored.count() == 1
        assert stored.get().status == Comment.Status.APPROVED
    cache.clear()
