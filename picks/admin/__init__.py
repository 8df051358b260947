"""The admin for the editorial side, one module per concern; importing them registers each admin.

Writers' profiles (authors), sections, posts (with their preview, history and restore pages in
post_views), the image library, and comments with the blocklist. The admin home
(templates/admin/index.html) shows the editors' desk (picks/desk.py) beside the app list, which
lists the editorial apps first (home).
A delete that editorial work blocks names what is in the way (refusals). The newsletter's issues
and subscribers (newsletter).
Every image field (posts', films' and people's) offers the image library (image_chooser).
The desk's Import a film page, from TMDb (importing).
Background tasks that failed for good, with Retry (tasks).
"""

from django.contrib import admin

from films.models import Film, Person
from picks.admin import (
    authors,
    comments,
    home,
    image_chooser,
    importing,
    media,
    newsletter,
    posts,
    refusals,
    sections,
    tasks,
)

home.use_editorial_app_list(admin.site)
refusals.explain_refusals(admin.site)
importing.add_import_page(admin.site)
tasks.add_failed_tasks_pages(admin.site)
image_chooser.offer_library_images(admin.site, posts.Post, Film, Person)

__all__ = [
    "authors",
    "comments",
    "home",
    "image_chooser",
    "importing",
    "media",
    "newsletter",
    "posts",
    "refusals",
    "sections",
    "tasks",
]
