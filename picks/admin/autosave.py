"""The writing screen's small endpoints: autosave of an existing post while the editor types.

PostAdmin (picks/admin/posts.py) routes to these through get_urls().
"""

from __future__ import annotations

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, JsonResponse

from picks.autosave import AUTOSAVED_FIELDS, post_autosave
from picks.models import Post
from picks.workflow import readable_time


def post_autosave_view(model_admin, request, object_id: str):
    """POST the typed title, standfirst and body; answers when they were kept."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        post = Post.objects.get(pk=unquote(object_id))
    except (Post.DoesNotExist, ValueError, ValidationError):
        raise Http404("No post has that id.") from None
    if not model_admin.has_change_permission(request, post):
        raise PermissionDenied
    text = {name: request.POST[name] for name in AUTOSAVED_FIELDS if name in request.POST}
    revision = post_autosave(post=post, by=request.user, text=text)
    if revision is None:
        return JsonResponse({"saved": False})
    return JsonResponse({"saved": True, "at": readable_time(revision.created_at)})
