"""Reader pages of the magazine: the front page, posts, sections and tags.

Also the two mixins every reader page shares: old slugs redirect, and lists paginate the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from films.models import Film
from films.recommendations import recommend_films_for_post
from picks.comment_views import comment_context
from picks.forms import SearchForm
from picks.models import Post, Section, SlugRedirect
from picks.search import (
    KINDS,
    SearchKind,
    clean_query,
    query_terms,
    search,
    snippet,
)
from picks.structured_data import breadcrumb_data, post_data, to_script_tag

HOME_POSTS_PER_SECTION = 4
HOME_TOP_RATED = 6
RELATED_POSTS = 4


class SlugRedirectMixin:
    """When no object has the slug, answer 301 to the object that used to have it, else 404."""

    def get_renamed_queryset(self) -> QuerySet:
        """Where the renamed object must be found; defaults to the view's own queryset."""
        return self.get_queryset()

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            target = self.find_renamed_object(kwargs.get("slug", ""))
            if target is None:
                raise
        url = target.get_absolute_url()
        if query := request.META.get("QUERY_STRING"):
            url = f"{url}?{query}"
        return HttpResponsePermanentRedirect(url)

    def find_renamed_object(self, old_slug: str):
        queryset = self.get_renamed_queryset()
        content_type = ContentType.objects.get_for_model(queryset.model)
        object_ids = SlugRedirect.objects.filter(
            content_type=content_type, old_slug=old_slug
        ).values("object_id")
        return queryset.filter(pk__in=object_ids).first()


class PageMixin:
    """MARQUEE_PAGE_SIZE items a page; a page past the end shows the last one, junk is a 404."""

    def get_paginate_by(self, queryset) -> int:
        return settings.MARQUEE_PAGE_SIZE

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        raw = self.request.GET.get(self.page_kwarg) or "1"
        try:
            number = int(raw)
        except ValueError:
            raise Http404("That page number isn't a number.") from None
        if number < 1:
            raise Http404("Pages start at 1.")
        page = paginator.page(min(number, paginator.num_pages))
        return paginator, page, page.object_list, page.has_other_pages()


class HomeView(TemplateView):
    template_name = "picks/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # One more than a section shows: the lead section's newest post becomes the featured one.
        latest = list(
            Post.objects.published().latest_per_section(HOME_POSTS_PER_SECTION + 1).for_cards()
        )
        chosen = Post.objects.featured().for_cards().first()
        context.update(self.front_page(latest, chosen))
        context["top_films"] = Film.objects.top_rated().for_cards()[:HOME_TOP_RATED]
        return context

    @staticmethod
    def front_page(latest: list[Post], chosen: Post | None = None) -> dict:
        """The post an editor featured leads (else the first active section's newest); the
        rest are grouped by section."""
        featured = chosen or (latest[0] if latest else None)
        by_section = []
        for section, posts in groupby(latest, key=lambda post: post.section):
            posts = [post for post in posts if post != featured][:HOME_POSTS_PER_SECTION]
            if posts:
                by_section.append((section, posts))
        return {"featured": featured, "latest_by_section": by_section}


class PostDetailView(SlugRedirectMixin, DetailView):
    """A post. Readers see it once published; editors also preview drafts and scheduled posts."""

    def get_queryset(self) -> QuerySet:
        return Post.objects.visible_to(self.request.user).for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        post = self.object
        context["related_posts"] = (
            Post.objects.published().related_to(post).newest_first().for_cards()[:RELATED_POSTS]
        )
        context.update(comment_context(self.request, post, form=context.get("comment_form")))
        context["recommendations"] = recommend_films_for_post(post)
        context["structured_data"] = to_script_tag(
            [
                post_data(self.request, post, films=post.films_in_order),
                breadcrumb_data(
                    self.request,
                    [
                        ("Home", reverse("picks:home")),
                        (post.section.name, post.section.get_absolute_url()),
                        (post.title, post.get_absolute_url()),
                    ],
                ),
            ]
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not self.object.is_live:
            # A preview is for one editor: never let a shared cache keep it.
            patch_cache_control(response, private=True, no_store=True)
        return response


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
        return super().get_context_data(section=self.section, **kwargs)


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
            Film.objects.filter(tags=self.tag).for_cards().order_by("title")[: self.films_shown]
        )
        context = super().get_context_data(tag=self.tag, films=films, **kwargs)
        if not films and not context["paginator"].count:
            raise Http404("Nothing readers can see carries this tag.")
        return context


@dataclass
class SearchHit:
    kind: SearchKind
    object: Any
    title: str
    url: str
    snippet: str


class SearchView(PageMixin, ListView):
    """`/search/?q=`: posts, films and people grouped by type; `type=` pages through one group."""

    template_name = "picks/search.html"
    context_object_name = "hits"
    overview_size = 5

    def get(self, request, *args, **kwargs):
        data = request.GET.copy()
        data["q"] = clean_query(data.get("q", ""))
        self.form = SearchForm(data)
        valid = self.form.is_valid()
        self.query = self.form.cleaned_data.get("q", "") if valid else ""
        self.kind = KINDS.get(self.form.cleaned_data.get("type", "")) if valid else None
        self.terms = query_terms(self.query)
        response = super().get(request, *args, **kwargs)
        if not valid:
            response.status_code = 400
        return response

    def get_queryset(self):
        if self.kind is None or not self.terms:
            return Post.objects.none()
        return search(self.kind, self.query)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=self.form, search_query=self.query, kind=self.kind, terms=self.terms)
        if self.kind is not None:
            context["hits"] = [self.hit(self.kind, obj) for obj in context["hits"]]
        elif self.terms:
            groups = []
            for kind in KINDS.values():
                results = search(kind, self.query)
                top = [self.hit(kind, obj) for obj in results[: self.overview_size]]
                count = len(top) if len(top) < self.overview_size else results.count()
                groups.append({"kind": kind, "hits": top, "count": count})
            context["groups"] = groups
            context["total"] = sum(group["count"] for group in groups)
        return context

    def hit(self, kind: SearchKind, obj) -> SearchHit:
        return SearchHit(
            kind=kind,
            object=obj,
            title=kind.title_of(obj),
            url=obj.get_absolute_url(),
            snippet=snippet(kind.snippet_source(obj), self.terms),
        )
