"""Top-level URLs: only includes and the site-wide plumbing."""

import re

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path

from core import views
from films.sitemaps import FilmSitemap, PersonSitemap
from picks.admin.shortcut import view_on_site
from picks.sitemaps import PostSitemap, SectionSitemap, TagSitemap
from picks.views import PrivacyView

SITEMAPS = {
    "posts": PostSitemap,
    "sections": SectionSitemap,
    "films": FilmSitemap,
    "people": PersonSitemap,
    "tags": TagSitemap,
}

admin.site.site_header = "Marquee editors"
admin.site.site_title = "Marquee admin"
admin.site.index_title = "The magazine's records"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Password reset for staff, in the admin's look; the admin login links to it.
    path(
        "admin/password_reset/",
        views.PasswordResetView.as_view(),
        name="admin_password_reset",
    ),
    path(
        "admin/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # The admin's "view on site" redirect, answered first by ours: it hides unseen posts.
    path("admin/r/<int:content_type_id>/<path:object_id>/", admin.site.admin_view(view_on_site)),
    path("admin/", admin.site.urls),
    # An index of the sections' pages, so no request lists the whole catalogue.
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("privacy/", PrivacyView.as_view(), name="privacy"),
    path("", include("films.urls")),
    path("", include("picks.urls")),
]

# Uploaded images. Django serves them unless MARQUEE_SERVE_MEDIA is off, which a deployment
# with a web server or object storage in front of MEDIA_ROOT should set.
if settings.MARQUEE_SERVE_MEDIA:
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            views.media,
            name="media",
        )
    ]
