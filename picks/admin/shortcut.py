"""The admin's "view on site" redirect, refused for a post the user may not see.

Django's own (/admin/r/<content type>/<id>/) redirects any staff member to any object's page,
so a contributor could read the slugs of other people's drafts and scheduled posts from it.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse

from picks.models import Comment, Post

# Objects whose page is a post's page, and how to find that post from the object's id.
POST_LOOKUPS = {Post: "pk", Comment: "comments__pk"}


def view_on_site(request: HttpRequest, content_type_id: int, object_id: str) -> HttpResponse:
    """Redirect to the object's page, as Django does, unless it is a post (or a comment on one)
    that Post.objects.visible_to() hides from this user: then 404, as for a missing object."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404("No such content type.") from None
    if lookup := POST_LOOKUPS.get(model):
        try:
            visible = Post.objects.visible_to(request.user).filter(**{lookup: object_id}).exists()
        except (ValueError, ValidationError):
            visible = False
        if not visible:
            raise Http404("No post you may see has that id.")
    return shortcut(request, content_type_id, object_id)
