"""Reader pages for films and people: browse, film page, person page."""

from __future__ import annotations

from django.db.models import QuerySet
from django.views.generic import DetailView, ListView

from films.forms import FilmFilterForm
from films.models import Film, Person
from picks.models import Post
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
        posts = Post.objects.published().about_film(self.object).newest_first().for_cards()
        return super().get_context_data(posts=posts[:POSTS_ABOUT], **kwargs)


class PersonDetailView(SlugRedirectMixin, DetailView):
    def get_queryset(self) -> QuerySet:
        return Person.objects.public().for_detail()

    def get_context_data(self, **kwargs):
        posts = Post.objects.published().about_person(self.object).newest_first().for_cards()
        return super().get_context_data(posts=posts[:POSTS_ABOUT], **kwargs)
