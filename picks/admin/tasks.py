"""Failed background tasks, for editors: each with its error and a Retry button, on a page of
the admin (/admin/tasks/failed/) that the desk links to when anything failed.

A task is listed once its last attempt failed (core.tasks); Retry queues it again and keeps the
failed row, marked as retried, so nothing an editor could look into is lost.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from core.tasks import failed_tasks, task_label, task_retry
from picks.desk import can_see_failed_tasks, failed_task_rows

PAGE_ROWS = 100


def failed_tasks_view(request: HttpRequest, site: AdminSite) -> HttpResponse:
    if not can_see_failed_tasks(request.user):
        raise PermissionDenied
    context = {
        **site.each_context(request),
        "title": "Failed background tasks",
        "rows": failed_task_rows(PAGE_ROWS),
        "total": failed_tasks().count(),
    }
    return TemplateResponse(request, "picks/admin/failed_tasks.html", context)


def retry_view(request: HttpRequest, pk) -> HttpResponse:
    if not can_see_failed_tasks(request.user):
        raise PermissionDenied
    result = get_object_or_404(failed_tasks(), pk=pk)
    try:
        new_id = task_retry(result=result)
    except ImportError:  # the task's code is gone from this version of the site
        messages.error(request, f"“{task_label(result)}” no longer exists: it cannot run again.")
    else:
        if new_id:
            messages.success(request, f"“{task_label(result)}” is queued to run again.")
    return HttpResponseRedirect(reverse("admin:failed_tasks"))


def add_failed_tasks_pages(site: AdminSite) -> None:
    """Give `site` the failed tasks page and its Retry button."""
    site_urls = site.get_urls

    def get_urls():
        return [
            path(
                "tasks/failed/",
                site.admin_view(lambda request: failed_tasks_view(request, site)),
                name="failed_tasks",
            ),
            path(
                "tasks/failed/<uuid:pk>/retry/",
                site.admin_view(require_POST(retry_view)),
                name="failed_task_retry",
            ),
            *site_urls(),
        ]

    site.get_urls = get_urls
