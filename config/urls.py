"""Top-level URLs: only includes and the site-wide plumbing."""

from django.contrib import admin
from django.urls import path

from config import views

admin.site.site_header = "Marquee editors"
admin.site.site_title = "Marquee admin"
admin.site.index_title = "The magazine's records"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("admin/", admin.site.urls),
]
