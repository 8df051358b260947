"""Reader pages for films and people: browse, film page, person page.

The posts about a film or person come from the editorial layer's template tags
(`posts_about_film`, `posts_about_person`), so this layer knows nothing of posts.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.views.generic import DetailView, ListView

from core.fragments import kept
from core.mixins import KeptDetailMixin, KeptPartsMixin, PageMixin, SlugRedirectMixin
from core.structured_data import breadcrumb_data, to_script_tag
from films.forms import FilmFilterForm
from films.models import Film, Person
from films.recommendations import recommend_films
from films.structured_data import film_data, person_data


class FilmListView(KeptPartsMixin, PageMixin, ListView):
    """Browse films: filters by genre, decade and minimum score combine; three sort orders.
    The listing is a kept part ({% kept %}), and so is the count of films the filters find."""

    context_object_name = "films"

    def get_queryset(self) -> QuerySet:
        self.filter_form = FilmFilterForm(self.request.GET or None)
        self.filters = self.filter_form.filters() if self.filter_form.is_bound else {}
        return Film.objects.public().browse(**self.filters)

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        if self.keeps_parts:
            chosen = sorted(
                f"{name}={getattr(value, 'pk', value)}" for name, value in self.filters.items()
            )
            paginator.count = kept("film-count", chosen, queryset.count)
        return paginator

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class UnpublishedPreviewMixin:
    """A record waiting for review is found for staff only (visible_to): they see it with a
    banner, and no shared cache keeps that page."""

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not self.object.is_published:
            patch_cache_control(response, private=True, no_store=True)
        return response


class FilmDetailView(KeptDetailMixin, UnpublishedPreviewMixin, SlugRedirectMixin, DetailView):
    """The film page. Its article is a kept part: the film's related rows, recommendations
    and structured data are read only where it is rendered anew."""

    def get_queryset(self) -> QuerySet:
        return Film.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            recommendations=SimpleLazyObject(lambda: recommend_films(self.object_in_full)),
            structured_data=SimpleLazyObject(self.structured_data),
            **kwargs,
        )

    def structured_data(self) -> str:
        film = self.object_in_full
        return to_script_tag(
            [
                film_data(self.request, film),
                breadcrumb_data(
                    self.request,
                    [
                        ("Home", reverse("picks:home")),
                        ("Films", reverse("films:film_list")),
                        (film.title, film.get_absolute_url()),
                    ],
                ),
            ]
        )


class PersonDetailView(KeptDetailMixin, UnpublishedPreviewMixin, SlugRedirectMixin, DetailView):
    """The person page, its article a kept part like the film page's."""

    def get_queryset(self) -> QuerySet:
        return Person.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            structured_data=SimpleLazyObject(self.structured_data), **kwargs
        )

    def structured_data(self) -> str:
        person = self.object_in_full
        return to_script_tag(
            [
                person_data(self.request, person),
                breadcrumb_data(
                    self.request,
                    [("Home", reverse("picks:home")), (person.name, person.get_absolute_url())],
                ),
            ]
        )
