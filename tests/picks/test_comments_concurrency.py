"""Many readers commenting at once lose nothing: every comment is stored exactly once."""

from __future__ import annotations

import threading

import pytest
from django.core.cache import cache
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from picks.models import Comment
from tests.factories import make_post
from tests.picks.test_comments import form_data, vouch

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
    url = reverse("picks:comment_create", args=[post.slug])
    # Each reader, a known commenter in their own browser, double-clicks: the same form
    # arrives twice, from two threads.
    sends = []
    for reader in range(READERS):
        email = f"reader{reader}@example.test"
        browser = Client()
        vouch(browser, post=post, email=email)
        data = form_data(post, name=f"Reader {reader}", email=email, comment=f"Take {reader}")
        sends += [(browser.cookies, data), (browser.cookies, data)]
    barrier = threading.Barrier(READERS * 2)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def send(cookies, data: dict) -> None:
        client = Client()
        client.cookies.update(cookies)
        try:
            barrier.wait(timeout=10)
            statuses.append(client.post(url, data, REMOTE_ADDR="192.0.2.1").status_code)
        except BaseException as error:  # reported below, the thread must not die silently
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=pair) for pair in sends]
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
