"""Reader pages of the magazine: the front page, sections and tags."""

from __future__ import annotations

from functools import cached_property
from itertools import groupby

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import ListView, TemplateView
from taggit.models import Tag

from core.mixins import KeptPartsMixin, PageMixin, SlugRedirectMixin
from core.page_cache import remembered
from films.models import Film
from picks.models import Post, Section
from picks.models.posts import CARD_SKIPS
from picks.workflow import BEST_PICK_SLUG

HOME_POSTS_PER_SECTION = 4
HOME_TOP_RATED = 6
HOME_WHATS_NEW = 6


class HomeView(KeptPartsMixin, TemplateView):
    """The front page, a kept part ({% kept %}): what it lists is read only where that part is
    rendered anew."""

    template_name = "picks/home.html"

    @cached_property
    def lists(self) -> dict:
        # One more than a section shows: the lead section's newest post becomes the featured one.
        latest = list(
            Post.objects.published().latest_per_section(HOME_POSTS_PER_SECTION + 1).for_cards()
        )
        chosen = Post.objects.featured().for_cards().first()
        return {
            **self.front_page(latest, chosen),
            # Ranking every film by its scores is the page's costliest query: kept until a change.
            "top_films": remembered(
                "home-top-films",
                lambda: list(Film.objects.public().top_rated().for_cards()[:HOME_TOP_RATED]),
            ),
            "whats_new": (
                Post.objects.published()
                .filter(section__is_active=True)
                .newest_first()
                .select_related("section")
                .defer(*CARD_SKIPS)[:HOME_WHATS_NEW]
            ),
        }

    @staticmethod
    def front_page(latest: list[Post], chosen: Post | None = None) -> dict:
        """The post an editor pinned leads, else the newest Best Pick, else the first active
        section's newest; the rest are grouped by section."""
        newest_best_pick = next((p for p in latest if p.section.slug == BEST_PICK_SLUG), None)
        featured = chosen or newest_best_pick or (latest[0] if latest else None)
        by_section = []
        for section, posts in groupby(latest, key=lambda post: post.section):
            posts = [post for post in posts if post != featured][:HOME_POSTS_PER_SECTION]
            if posts:
                by_section.append((section, posts))
        return {"featured": featured, "latest_by_section": by_section}


class SectionDetailView(SlugRedirectMixin, PageMixin, ListView):
    """A section's archive, newest first; a retired section says which one replaced it."""

    template_name = "picks/section_detail.html"
    context_object_name = "posts"

    def get_renamed_queryset(self) -> QuerySet:
        return Section.objects.public()

    def get_queryset(self) -> QuerySet:
        self.section = get_object_or_404(
            Section.objects.public().select_related("replaced_by"), slug=self.kwargs["slug"]
        )
        return Post.objects.published().filter(section=self.section).newest_first().for_cards()

    def get_context_data(self, **kwargs):
        last_updated = Post.objects.published().filter(section=self.section).last_updated()
        return super().get_context_data(section=self.section, last_updated=last_updated, **kwargs)


class TagDetailView(PageMixin, ListView):
    """Posts (paginated) and films that carry a tag."""

    template_name = "picks/tag_detail.html"
    context_object_name = "posts"
    films_shown = 24

    def get_queryset(self) -> QuerySet:
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return Post.objects.published().tagged(self.tag).newest_first().for_cards()

    def get_context_data(self, **kwargs):
        films = list(
            Film.objects.public()
            .filter(tags=self.tag)
            .for_cards()
            .order_by("title")[: self.films_shown]
        )
        context = super().get_context_data(tag=self.tag, films=films, **kwargs)
        if not films and not context["paginator"].count:
            raise Http404("Nothing readers can see carries this tag.")
        return context
