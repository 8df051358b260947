"""Reader pages for films and people: browse, film page, person page."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.views.generic import DetailView, ListView

from films.forms import FilmFilterForm
from films.models import Film, Person
from films.recommendations import recommend_films
from picks.models import Post
from picks.structured_data import breadcrumb_data, film_data, person_data, to_script_tag
from picks.views import PageMixin, SlugRedirectMixin

POSTS_ABOUT = 6


class FilmListView(PageMixin, ListView):
    """Browse films: filters by genre, decade and minimum score combine; three sort orders."""

    context_object_name = "films"

    def get_queryset(self) -> QuerySet:
        self.filter_form = FilmFilterForm(self.request.GET or None)
        filters = self.filter_form.filters() if self.filter_form.is_bound else {}
        return Film.objects.public().browse(**filters)

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class FilmDetailView(SlugRedirectMixin, DetailView):
    def get_queryset(self) -> QuerySet:
        return Film.objects.public().for_detail()

    def get_context_data(self, **kwargs):
        film = self.object
        posts = Post.objects.published().about_film(film).newest_first().for_cards()
        structured_data = to_script_tag(
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
        return super().get_context_data(
            posts=posts[:POSTS_ABOUT],
            recommendations=recommend_films(film),
            structured_data=structured_data,
            **kwargs,
        )


class PersonDetailView(SlugRedirectMixin, DetailView):
    def get_queryset(self) -> QuerySet:
        return Person.objects.public().for_detail()

    def get_context_data(self, **kwargs):
        person = self.object
        posts = Post.objects.published().about_person(person).newest_first().for_cards()
        structured_data = to_script_tag(
            [
                person_data(self.request, person),
                breadcrumb_data(
                    self.request,
                    [("Home", reverse("picks:home")), (person.name, person.get_absolute_url())],
                ),
            ]
        )
        return super().get_context_data(
            posts=posts[:POSTS_ABOUT], structured_data=structured_data, **kwargs
        )
