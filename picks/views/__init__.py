"""Reader views of the editorial layer, one module per page kind."""

from picks.views.comments import PrivacyView, comment_create, comment_flag_view, comment_tokens
from picks.views.pages import HomeView, SectionDetailView, TagDetailView
from picks.views.posts import PostDetailView
from picks.views.search import SearchView

__all__ = [
    "HomeView",
    "PostDetailView",
    "PrivacyView",
    "SearchView",
    "SectionDetailView",
    "TagDetailView",
    "comment_create",
    "comment_flag_view",
    "comment_tokens",
]
