"""The admin for the editorial side, one module per concern; importing them registers each admin.

Sections, posts (with their preview, history and restore pages in post_views), the image
library, and comments with the blocklist. The admin home (templates/admin/index.html) shows the
editors' desk (picks/desk.py) above the app list, which lists the editorial apps first (home).
"""

from django.contrib import admin

from picks.admin import comments, home, media, posts, sections

home.use_editorial_app_list(admin.site)

__all__ = ["comments", "home", "media", "posts", "sections"]
