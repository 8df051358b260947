"""Background work: tasks that retry with backoff and, when they keep failing, stay for an editor.

django-tasks runs a task once. `retrying_task` wraps a function so a failed attempt queues the
next one after a growing wait; the last failure is kept (django-tasks-db keeps the row with its
traceback), listed by `failed_tasks()` and run again by `task_retry`. Every task must be safe to
run twice: a retry, or an editor's Retry, may repeat work that half succeeded.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

# The waits before attempts 2, 3, 4 and 5: a mail server or Akismet that is down for an hour
# is ridden out; after that, an editor decides.
BACKOFF_SECONDS = (30, 5 * 60, 30 * 60, 2 * 3600)
ATTEMPT_KWARG = "_attempt"


class RetryScheduled(Exception):
    """This attempt failed and the next one is queued. Its row keeps this attempt's error
    (chained), and the desk does not list it: the task is not given up yet."""


def _backoff(attempt: int, backoff: tuple[int, ...]) -> timedelta:
    return timedelta(seconds=backoff[min(attempt, len(backoff)) - 1])


def _enqueue_attempt(
    queued: Task, args: tuple, kwargs: dict, *, attempt: int, wait: timedelta
) -> None:
    """Queue attempt number `attempt`, after `wait` where the backend can wait (the test
    settings' immediate backend runs it at once)."""
    if wait and queued.get_backend().supports_defer:
        queued = queued.using(run_after=timezone.now() + wait)
    queued.enqueue(*args, **{**kwargs, ATTEMPT_KWARG: attempt})


def retrying_task(
    *, queue_name: str = "default", attempts: int = len(BACKOFF_SECONDS) + 1, backoff=None
) -> Callable[[Callable], Task]:
    """@task, plus: a failed attempt queues the next, `backoff` seconds later (BACKOFF_SECONDS),
    up to `attempts` in all; the last failure is kept for the desk's failed tasks."""
    waits = tuple(backoff or BACKOFF_SECONDS)

    def decorate(func: Callable) -> Task:
        @functools.wraps(func)
        def run(*args, **kwargs):
            attempt = kwargs.pop(ATTEMPT_KWARG, 1)
            try:
                return func(*args, **kwargs)
            except Exception as error:
                if attempt >= attempts:
                    raise
                wait = _backoff(attempt, waits)
                _enqueue_attempt(queued, args, kwargs, attempt=attempt + 1, wait=wait)
                raise RetryScheduled(
                    f"Attempt {attempt} of {attempts} failed; the next runs in {wait}."
                ) from error

        queued = task(queue_name=queue_name)(run)
        return queued

    return decorate


# Failed tasks, for the desk -----------------------------------------------------------------

RETRIED_KEY = "retried_as"


def failed_tasks():
    """Tasks given up after their last attempt and not yet retried by an editor, newest first.

    An editor's Retry marks the failed row in its (otherwise empty) return value, so the row
    and its error stay in the database while the new run takes its place.
    """
    return (
        DBTaskResult.objects.failed()
        .exclude(exception_class_path=f"{RetryScheduled.__module__}.{RetryScheduled.__name__}")
        .filter(return_value__isnull=True)
        .order_by("-finished_at")
    )


def task_retry(*, result: DBTaskResult) -> str:
    """Queue `result`'s task again with its arguments, from the first attempt; return the new
    run's id. The failed row is kept, marked as retried."""
    with transaction.atomic():
        locked = failed_tasks().select_for_update().filter(pk=result.pk).first()
        if locked is None:  # retried already (a double click) or not failed
            return ""
        args = locked.args_kwargs["args"]
        kwargs = {
            key: value
            for key, value in locked.args_kwargs["kwargs"].items()
            if key != ATTEMPT_KWARG
        }
        new = import_string(locked.task_path).enqueue(*args, **kwargs)
        locked.return_value = {RETRIED_KEY: str(new.id)}
        locked.save(update_fields=["return_value"])
    return str(new.id)


def task_label(result: DBTaskResult) -> str:
    """The task's name as an editor reads it: "send email", "check comment with akismet"."""
    return result.task_path.rsplit(".", 1)[-1].replace("_", " ")


def task_error(result: DBTaskResult) -> str:
    """The last line of the traceback: the error itself ("ConnectionError: timed out")."""
    lines = [line for line in result.traceback.strip().splitlines() if line.strip()]
    return lines[-1] if lines else result.exception_class_path
