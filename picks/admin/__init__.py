"""The admin for the editorial side, one module per concern; importing them registers each admin.

Writers' profiles (authors), sections, posts (with their preview, history and restore pages in
post_views), the image library, and comments with the blocklist. The admin home
(templates/admin/index.html) shows the editors' desk (picks/desk.py) beside the app list, which
lists the editorial apps first (home).
A delete that editorial work blocks names what is in the way (refusals). The newsletter's issues
and subscribers (newsletter).
"""

from django.contrib import admin

from picks.admin import (
    authors,
    comments,
    home,
    media,
    newsletter,
    posts,
    refusals,
    sections,
)

home.use_editorial_app_list(admin.site)
refusals.explain_refusals(admin.site)

__all__ = [
    "authors",
    "comments",
    "home",
    "media",
    "newsletter",
    "posts",
    "refusals",
    "sections",
]
