"""Comment URLs, included from picks/urls.py so their names live in the `picks` namespace."""

from django.urls import path

from picks import comment_views

urlpatterns = [
    path(
        "picks/<slug:slug>/comments/",
        comment_views.comment_create,
        name="comment_create",
    ),
    path("comments/<int:pk>/flag/", comment_views.comment_flag_view, name="comment_flag"),
]
