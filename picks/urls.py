"""Reader URLs of the magazine: the front page, posts, sections, tags, search, feeds, comments.

Reader pages go through core.page_cache: anonymous readers share one cached copy."""

from django.urls import path

from core.page_cache import cache_reader_page as cached
from picks import feeds, views
from picks.views import newsletter, replies
from picks.views.authors import AuthorDetailView

app_name = "picks"

urlpatterns = [
    path("", cached(views.HomeView.as_view()), name="home"),
    path("picks/<slug:slug>/", cached(views.PostDetailView.as_view()), name="post_detail"),
    path("sections/<slug:slug>/", cached(views.SectionDetailView.as_view()), name="section_detail"),
    path("tags/<slug:slug>/", cached(views.TagDetailView.as_view()), name="tag_detail"),
    path("authors/<slug:slug>/", AuthorDetailView.as_view(), name="author_detail"),
    path("search/", cached(views.SearchView.as_view()), name="search"),
    path("feeds/rss/", cached(feeds.LatestPostsFeed()), name="feed_rss"),
    path("feeds/atom/", cached(feeds.LatestPostsAtomFeed()), name="feed_atom"),
    path("sections/<slug:slug>/rss/", cached(feeds.SectionFeed()), name="section_feed_rss"),
    path("sections/<slug:slug>/atom/", cached(feeds.SectionAtomFeed()), name="section_feed_atom"),
    path("picks/<slug:slug>/comments/", views.comment_create, name="comment_create"),
    path("picks/<slug:slug>/comments/tokens/", views.comment_tokens, name="comment_tokens"),
    path("comments/<int:pk>/flag/", views.comment_flag_view, name="comment_flag"),
    path("replies/confirm/<str:token>/", replies.reply_confirm, name="reply_confirm"),
    path(
        "replies/unsubscribe/<str:token>/",
        replies.reply_unsubscribe_view,
        name="reply_unsubscribe",
    ),
    path("newsletter/", newsletter.newsletter_page, name="newsletter"),
    path("newsletter/subscribe/", newsletter.newsletter_signup, name="newsletter_signup"),
    path("newsletter/token/", newsletter.newsletter_token, name="newsletter_token"),
    path(
        "newsletter/confirm/<str:token>/",
        newsletter.newsletter_confirm,
        name="newsletter_confirm",
    ),
    path(
        "newsletter/unsubscribe/<str:token>/",
        newsletter.newsletter_unsubscribe,
        name="newsletter_unsubscribe",
    ),
    path("newsletter/remove/", newsletter.newsletter_remove_request, name="newsletter_remove"),
    path(
        "newsletter/remove/<str:token>/",
        newsletter.newsletter_remove_confirm,
        name="newsletter_remove_confirm",
    ),
]
