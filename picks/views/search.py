"""`/search/`: posts, films and people grouped by type, or one type page by page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.views.generic import ListView

from core.mixins import PageMixin
from picks.forms import SearchForm
from picks.models import Post
from picks.search import KINDS, SearchKind, clean_query, find, query_terms, snippet


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
            self.found = None
            return Post.objects.none()
        self.found = find(self.kind, self.query)
        return self.found.ranked

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=self.form, search_query=self.query, kind=self.kind, terms=self.terms)
        if self.kind is not None:
            context["hits"] = [self.hit(self.kind, obj) for obj in context["hits"]]
            # Everything that matches; the pages list the ranked matches (picks/search.py).
            context["match_count"] = self.found.count if self.found else 0
        elif self.terms:
            groups = []
            for kind in KINDS.values():
                found = find(kind, self.query)
                top = [self.hit(kind, obj) for obj in found.ranked[: self.overview_size]]
                count = len(top) if len(top) < self.overview_size else found.count
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
