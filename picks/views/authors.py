"""A writer's page: their name, photo and short bio, and their published posts, newest first."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from core.mixins import PageMixin
from picks.models import AuthorProfile, Post


class AuthorDetailView(PageMixin, ListView):
    template_name = "picks/author_detail.html"
    context_object_name = "posts"

    def get_queryset(self) -> QuerySet:
        self.author = get_object_or_404(AuthorProfile, slug=self.kwargs["slug"])
        return (
            Post.objects.published()
            .filter(author_id=self.author.user_id)
            .newest_first()
            .for_cards()
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)
