"""Top-level URLs: only includes and the site-wide plumbing."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from config import views
from films.sitemaps import FilmSitemap, PersonSitemap
from picks.comment_views import PrivacyView
from picks.sitemaps import PostSitemap, SectionSitemap, TagSitemap

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
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("privacy/", PrivacyView.as_view(), name="privacy"),
    path("", include("films.urls")),
    path("", include("picks.urls")),
]

# Uploaded images in development; in production the web server in front serves MEDIA_ROOT.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
