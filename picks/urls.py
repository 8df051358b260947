"""Reader URLs of the magazine: the front page, posts, sections, tags, search, feeds, comments."""

from django.urls import path

from picks import feeds, views
from picks.views.authors import AuthorDetailView

app_name = "picks"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("picks/<slug:slug>/", views.PostDetailView.as_view(), name="post_detail"),
    path("sections/<slug:slug>/", views.SectionDetailView.as_view(), name="section_detail"),
    path("tags/<slug:slug>/", views.TagDetailView.as_view(), name="tag_detail"),
    path("authors/<slug:slug>/", AuthorDetailView.as_view(), name="author_detail"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feeds/rss/", feeds.LatestPostsFeed(), name="feed_rss"),
    path("feeds/atom/", feeds.LatestPostsAtomFeed(), name="feed_atom"),
    path("sections/<slug:slug>/rss/", feeds.SectionFeed(), name="section_feed_rss"),
    path("sections/<slug:slug>/atom/", feeds.SectionAtomFeed(), name="section_feed_atom"),
    path("picks/<slug:slug>/comments/", views.comment_create, name="comment_create"),
    path("comments/<int:pk>/flag/", views.comment_flag_view, name="comment_flag"),
]
