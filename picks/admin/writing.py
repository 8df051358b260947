"""The writing screen's helpers: the body's live preview, rendered by the site's own sanitised
renderer, and the film and person finder behind the toolbar's "Film or person link" button.

PostAdmin (picks/admin/posts.py) routes to these through get_urls().
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse

from films.models import Film, Person
from picks.markdown import render_markdown

# Enough choices to find the right one by typing a little more, few enough to list at once.
LINK_CHOICES = 8
MIN_TERM = 2


def _check_writer(model_admin, request) -> None:
    if not (model_admin.has_add_permission(request) or model_admin.has_change_permission(request)):
        raise PermissionDenied


def post_render_preview(model_admin, request):
    """POST body=… answers with the body as readers would see it (HTML, already sanitised)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    _check_writer(model_admin, request)
    response = HttpResponse(render_markdown(request.POST.get("body", "")))
    response["Cache-Control"] = "private, no-store"
    return response


def _year(film: Film) -> str:
    return f", {film.release_date.year}" if film.release_date else ""


def post_link_choices(model_admin, request):
    """?q=… answers with films and people whose name starts a word like it: label and page."""
    _check_writer(model_admin, request)
    term = request.GET.get("q", "").strip()
    if len(term) < MIN_TERM:
        return JsonResponse({"results": []})
    films = Film.objects.filter(title__icontains=term).order_by("title")[:LINK_CHOICES]
    people = Person.objects.filter(name__icontains=term).order_by("name")[:LINK_CHOICES]
    results = [
        {
            "label": f"{film.title} (film{_year(film)})",
            "text": film.title,
            "url": film.get_absolute_url(),
        }
        for film in films.only("title", "slug", "release_date")
    ] + [
        {"label": f"{person.name} (person)", "text": person.name, "url": person.get_absolute_url()}
        for person in people.only("name", "slug")
    ]
    return JsonResponse({"results": results})
