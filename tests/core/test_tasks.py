"""Background tasks: a failed attempt is tried again later, a task that keeps failing stays on
the editors' desk with its error until an editor retries it, and mail goes through the queue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.email import send_email
from core.tasks import failed_tasks, retrying_task
from tests.factories import make_user
from tests.queue import database_queue, run_queued_tasks

pytestmark = pytest.mark.django_db

CALLS: list[str] = []
BROKEN: set[str] = set()


@retrying_task(attempts=3, backoff=(30, 300))
def flaky(key: str, failures: int) -> str:
    """Fails its first `failures` runs for `key`, then succeeds."""
    CALLS.append(key)
    if CALLS.count(key) <= failures:
        raise ConnectionError(f"mail server down ({key})")
    return f"done {key}"


@retrying_task(attempts=3, backoff=(30, 300))
def broken(key: str) -> str:
    """Fails for as long as `key` is in BROKEN: a setting an editor has to fix."""
    CALLS.append(key)
    if key in BROKEN:
        raise ConnectionError(f"mail server refused the login ({key})")
    return f"done {key}"


@pytest.fixture(autouse=True)
def fresh_calls():
    CALLS.clear()
    BROKEN.clear()


def let_time_pass() -> None:
    """Make every task waiting for its backoff due now."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def test_a_task_failing_twice_then_succeeding_is_retried_with_growing_waits(settings):
    database_queue(settings)
    flaky.enqueue("twice", 2)

    run_queued_tasks()
    first_retry = DBTaskResult.objects.get(status="READY")
    wait = first_retry.run_after - first_retry.enqueued_at
    assert timedelta(seconds=25) < wait <= timedelta(seconds=30)
    assert run_queued_tasks() == 0  # not due yet: nothing runs before the wait is over

    let_time_pass()
    run_queued_tasks()
    second_retry = DBTaskResult.objects.get(status="READY")
    wait = second_retry.run_after - second_retry.enqueued_at
    assert timedelta(seconds=295) < wait <= timedelta(seconds=300)

    let_time_pass()
    run_queued_tasks()
    assert CALLS == ["twice"] * 3
    assert DBTaskResult.objects.successful().get().return_value == "done twice"
    # Each failed attempt keeps its error, but none is listed as given up.
    assert DBTaskResult.objects.failed().count() == 2
    assert "mail server down" in DBTaskResult.objects.failed().first().traceback
    assert not failed_tasks().exists()


def test_where_tasks_run_at_once_the_retries_run_at_once_too():
    flaky.enqueue("inline", 2)
    assert CALLS == ["inline"] * 3


@pytest.fixture
def desk_editor(editor, client):
    client.force_login(editor)
    return editor


def test_a_task_that_keeps_failing_is_shown_on_the_desk_and_retry_runs_it_again(
    settings, client, desk_editor
):
    database_queue(settings)
    BROKEN.add("login")
    broken.enqueue("login")
    for _ in range(3):
        run_queued_tasks()
        let_time_pass()
    assert CALLS == ["login"] * 3
    given_up = failed_tasks().get()
    assert DBTaskResult.objects.ready().count() == 0  # no fourth attempt

    desk = client.get(reverse("admin:index")).content.decode()
    assert "Failed background tasks" in desk
    assert "ConnectionError: mail server refused the login (login)" in desk

    page = client.get(reverse("admin:failed_tasks")).content.decode()
    assert "Broken" in page and "mail server refused the login" in page
    assert reverse("admin:failed_task_retry", args=[given_up.pk]) in page

    BROKEN.clear()  # the editor fixed the setting
    response = client.post(reverse("admin:failed_task_retry", args=[given_up.pk]), follow=True)
    assert "is queued to run again" in response.content.decode()
    run_queued_tasks()

    assert CALLS == ["login"] * 4
    assert DBTaskResult.objects.successful().get().return_value == "done login"
    assert not failed_tasks().exists()
    assert "Failed background tasks" not in client.get(reverse("admin:index")).content.decode()
    given_up.refresh_from_db()  # never dropped: the failure and its error are still there
    assert given_up.status == "FAILED" and "refused the login" in given_up.traceback


def test_retry_twice_queues_one_run(settings, client, desk_editor):
    database_queue(settings)
    broken.enqueue("double-click")
    BROKEN.add("double-click")
    for _ in range(3):
        run_queued_tasks()
        let_time_pass()
    given_up = failed_tasks().get()
    url = reverse("admin:failed_task_retry", args=[given_up.pk])
    client.post(url)
    assert client.post(url).status_code == 404  # no longer a failed task waiting for an editor
    assert DBTaskResult.objects.ready().count() == 1


def test_failed_tasks_are_for_editors_only(client, contributor):
    client.force_login(contributor)
    assert client.get(reverse("admin:failed_tasks")).status_code == 403
    client.force_login(make_user(username="reader", is_staff=False))
    assert client.get(reverse("admin:failed_tasks")).status_code == 302  # to the login page


def test_password_reset_mail_waits_in_the_queue_then_goes_out_once(settings, client):
    database_queue(settings)
    make_user(username="edith", email="edith@marquee.test", is_staff=True)

    client.post("/admin/password_reset/", {"email": "edith@marquee.test"})
    assert mail.outbox == []  # the request only queued it
    assert DBTaskResult.objects.ready().get().queue_name == "email"

    run_queued_tasks()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["edith@marquee.test"]
    assert "/reset/" in mail.outbox[0].body


def test_a_keyed_mail_queued_twice_is_sent_once(settings):
    database_queue(settings)
    for _ in range(2):
        send_email.enqueue(subject="Hello", body="Once.", to=["a@example.test"], key="hello-a")
    run_queued_tasks()
    assert len(mail.outbox) == 1


def test_a_mail_server_that_is_down_makes_the_mail_wait_and_go_out_later(settings, monkeypatch):
    database_queue(settings)
    sent_ok = mail.get_connection().__class__.send_messages

    def down(self, messages):
        raise ConnectionRefusedError("SMTP server down")

    monkeypatch.setattr(mail.get_connection().__class__, "send_messages", down)
    send_email.enqueue(subject="Hello", body="Later.", to=["a@example.test"], key="later")
    run_queued_tasks()
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # the next, after a wait

    monkeypatch.setattr(mail.get_connection().__class__, "send_messages", sent_ok)
    let_time_pass()
    run_queued_tasks()
    assert [message.body for message in mail.outbox] == ["Later."]
