"""Sitemap sections for film and people pages, a page of PAGE_SIZE URLs at a time.

The sitemap index (config/urls.py) lists each section's pages with the section's latest change,
which each section works out with one aggregate query rather than from every item.
"""

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from films.models import Film, Person

# URLs per sitemap page: a crawler's request renders this many, never the whole catalogue.
PAGE_SIZE = 500


class FilmSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7
    limit = PAGE_SIZE

    def items(self):
        return Film.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, film: Film):
        return film.updated_at

    def get_latest_lastmod(self) -> datetime | None:
        return Film.objects.public().aggregate(latest=Max("updated_at"))["latest"]


class PersonSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = PAGE_SIZE

    def items(self):
        return Person.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, person: Person):
        return person.updated_at

    def get_latest_lastmod(self) -> datetime | None:
        return Person.objects.public().aggregate(latest=Max("updated_at"))["latest"]
