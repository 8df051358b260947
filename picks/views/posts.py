"""The post page. Readers see a post once published; editors also preview drafts and
scheduled posts."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.views.generic import DetailView

from core.mixins import KeptDetailMixin, SlugRedirectMixin
from picks.models import Post
from picks.post_page import post_page_context


class PostDetailView(KeptDetailMixin, SlugRedirectMixin, DetailView):
    """The post page. Its article and comment list are kept parts ({% kept %}): the post is
    read alone, and with everything its article shows only where that is rendered anew."""

    def get_queryset(self) -> QuerySet:
        return Post.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        in_full = SimpleLazyObject(lambda: self.object_in_full)
        return {**context, **post_page_context(self.request, self.object, post_in_full=in_full)}

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not self.object.is_live or context.get("comment_confirm_token"):
            # A preview is for one editor, a comment to confirm for its writer: never let a
            # shared cache keep them.
            patch_cache_control(response, private=True, no_store=True)
        return response
