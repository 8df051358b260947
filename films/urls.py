"""Reader URLs for films and people, through core.page_cache like every reader page."""

from django.urls import path

from core.page_cache import cache_reader_page as cached
from films import views

app_name = "films"

urlpatterns = [
    path("films/", cached(views.FilmListView.as_view()), name="film_list"),
    path("films/<slug:slug>/", cached(views.FilmDetailView.as_view()), name="film_detail"),
    path("people/<slug:slug>/", cached(views.PersonDetailView.as_view()), name="person_detail"),
]
