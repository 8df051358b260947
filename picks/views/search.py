"""`/search/`: posts, films and people grouped by type, or one type page by page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.views.generic import ListView

from core.mixins import PageMixin
from picks.forms import SearchForm
from picks.models import Post
from picks.search import (
    KINDS,
    PEOPLE,
    SearchKind,
    best_known_films,
    clean_query,
    count_label,
    find,
    index_scans_preferred,
    nearest_title,
    query_terms,
    snippet,
    uses_postgres_search,
)


@dataclass
class SearchHit:
    kind: SearchKind
    object: Any
    title: str
    url: str
    snippet: str
    best_known: Any = None  # a person's best-known film


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
        with index_scans_preferred():
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

    def get_paginator(self, queryset, *args, **kwargs):
        paginator = super().get_paginator(queryset, *args, **kwargs)
        if self.found is not None and self.found.ranked_count is not None:
            paginator.count = self.found.ranked_count  # known already: no COUNT query
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=self.form, search_query=self.query, kind=self.kind, terms=self.terms)
        if self.kind is not None:
            context["hits"] = self.hits(self.kind, context["hits"])
            # Everything that matches; the pages list the ranked matches (picks/search.py).
            context["match_count"] = self.found.count if self.found else 0
            context["match_count_label"] = count_label(context["match_count"])
            nothing_found = not context["hits"]
        elif self.terms:
            groups = []
            for kind in KINDS.values():
                found = find(kind, self.query)
                top = self.hits(kind, found.ranked[: self.overview_size])
                count = len(top) if len(top) < self.overview_size else found.count
                groups.append(
                    {"kind": kind, "hits": top, "count": count, "count_label": count_label(count)}
                )
            # A kind holding the record named exactly as asked comes first ("Whiplash": the film).
            groups.sort(key=lambda group: not group["hits"] or not group["hits"][0].object.exact)
            context["groups"] = groups
            context["total"] = sum(group["count"] for group in groups)
            context["total_label"] = count_label(context["total"])
            nothing_found = not context["total"]
        else:
            nothing_found = False
        if nothing_found and (nearest := nearest_title(self.query)):
            kind, obj = nearest
            context["suggestion"] = SearchHit(
                kind=kind,
                object=obj,
                title=kind.title_of(obj),
                url=obj.get_absolute_url(),
                snippet="",
            )
        return context

    def hits(self, kind: SearchKind, objects) -> list[SearchHit]:
        hits = [self.hit(kind, obj) for obj in objects]
        if kind is PEOPLE and hits:
            films = best_known_films([hit.object for hit in hits])
            for hit in hits:
                hit.best_known = films.get(hit.object.pk)
        return hits

    def hit(self, kind: SearchKind, obj) -> SearchHit:
        return SearchHit(
            kind=kind,
            object=obj,
            title=kind.title_of(obj),
            url=obj.get_absolute_url(),
            snippet=snippet(
                kind.snippet_source(obj), self.terms, whole_words=not uses_postgres_search()
            ),
        )
