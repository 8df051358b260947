"""Tests that need the real queue: the database backend the site runs, and a worker run by hand.

The test settings run tasks at once (ImmediateBackend); `database_queue(settings)` switches a
test to django-tasks-db, and `run_queued_tasks()` does what `manage.py db_worker --batch` does,
inside the test's transaction (the command itself would close the test's connection).
"""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def database_queue(settings) -> None:
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "email"],
        }
    }


def run_queued_tasks() -> int:
    """Run every task that is due, in order, until none is; return how many ran."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while (result := DBTaskResult.objects.ready().first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    return ran
