"""Reader URLs of the magazine: the front page, posts, sections and tags."""

from django.urls import include, path

from picks import views

app_name = "picks"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("picks/<slug:slug>/", views.PostDetailView.as_view(), name="post_detail"),
    path("sections/<slug:slug>/", views.SectionDetailView.as_view(), name="section_detail"),
    path("tags/<slug:slug>/", views.TagDetailView.as_view(), name="tag_detail"),
    path("", include("picks.comment_urls")),
]
