"""Sitemap sections for film and people pages."""

from django.contrib.sitemaps import Sitemap

from films.models import Film, Person


class FilmSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Film.objects.public().order_by("pk")

    def lastmod(self, film: Film):
        return film.updated_at


class PersonSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Person.objects.public().order_by("pk")

    def lastmod(self, person: Person):
        return person.updated_at
