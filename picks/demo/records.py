"""The demo's records: genres, outlets, people, films, and each film's credits, quotes, scores,
critics' quotes and award nominations.

The indexes stay on the Records object: the editorial content cites these rows by slug.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.text import slugify

from films.models import Availability, AwardNomination, Credit, Film, Genre, Person, Quote
from picks.demo import art
from picks.demo.sync import DemoDataError, Sync, lookup
from reviews.models import CriticQuote, Outlet, Score

# Fields Score.save() computes from the outlet, which full_clean() cannot check before save().
SCORE_COMPUTED = ["scale_maximum", "normalized"]


def check_box_office_is_sourced(row: dict[str, Any]) -> None:
    """A box-office figure keeps growing after release: it comes with where and when it was read."""
    if row.get("box_office_usd") is None:
        return
    if not (row.get("box_office_source") and row.get("box_office_as_of")):
        raise DemoDataError(
            f"{row['slug']}: a box-office figure needs `box_office_source` and `box_office_as_of`."
        )


class Records:
    def __init__(self, data: dict[str, Any], sync: Sync) -> None:
        self.data = data
        self.sync = sync
        self.genres: dict[str, Genre] = {}
        self.outlets: dict[str, Outlet] = {}
        self.people: dict[str, Person] = {}
        self.films: dict[str, Film] = {}
        self.quotes: dict[tuple[int, str], Quote] = {}
        self.critic_quotes: dict[tuple[int, int, str], CriticQuote] = {}
        # Quotes the data file no longer lists: deleted by prune_stale_quotes, once the posts
        # that featured them have let go.
        self.stale_quotes: dict[tuple[int, str], Quote] = {}
        self.stale_critic_quotes: dict[tuple[int, int, str], CriticQuote] = {}

    def load(self) -> None:
        self.genres = self.load_simple(Genre, self.data["genres"], ["name", "noun"])
        self.outlets = self.load_simple(
            Outlet, self.data["outlets"], ["name", "kind", "scale", "website"]
        )
        self.load_people()
        self.load_films()

    def load_simple(self, model, rows: list[dict], fields: list[str]) -> dict[str, models.Model]:
        index = {obj.slug: obj for obj in model.objects.all()}
        for row in rows:
            values = {"slug": row["slug"], **{name: row.get(name, "") for name in fields}}
            self.sync.row(model, index, row["slug"], values)
        return index

    def load_people(self) -> None:
        details = {person["name"]: person for person in self.data.get("people", [])}
        names = list(details)
        for film in self.data["films"]:
            names += [name for crew in film.get("crew", {}).values() for name in crew]
            names += [name for name, _character in film.get("cast", [])]
        self.people = {person.slug: person for person in Person.objects.all()}
        done = set()
        for name in names:
            slug = slugify(name)
            if slug in done:
                continue
            done.add(slug)
            extra = details.get(name, {})
            person = self.sync.row(
                Person,
                self.people,
                slug,
                {
                    "name": name,
                    "slug": slug,
                    "bio": extra.get("bio", "").strip(),
                    "birth_date": extra.get("birth_date"),
                    "birth_place": extra.get("birth_place", ""),
                    "alternative_names": extra.get("alternative_names", ""),
                    "imdb_id": extra.get("imdb_id", ""),
                    "photo_alt": art.portrait_alt(slug=slug, name=name),
                    "is_published": True,  # the operator's records need no editor's review
                },
            )
            self.sync.image(
                person,
                "photo",
                f"{slug}.jpg",
                lambda slug=slug, name=name: art.draw_portrait(slug=slug, name=name),
            )

    def person(self, name: str) -> Person:
        return lookup(self.people, slugify(name), "the person")

    def load_films(self) -> None:
        rows = self.data["films"]
        slugs = [row["slug"] for row in rows]
        self.films = {
            film.slug: film
            for film in Film.objects.filter(slug__in=slugs).prefetch_related("genres", "tags")
        }
        for row in rows:
            check_box_office_is_sourced(row)
            release_date = row.get("release_date")
            year = release_date.year if release_date else None
            film = self.sync.row(
                Film,
                self.films,
                row["slug"],
                {
                    "title": row["title"],
                    "slug": row["slug"],
                    "release_date": release_date,
                    "runtime_minutes": row.get("runtime_minutes"),
                    "tagline": row.get("tagline", ""),
                    "synopsis": row.get("synopsis", "").strip(),
                    "storyline": row.get("storyline", "").strip(),
                    "budget_usd": row.get("budget_usd"),
                    "box_office_usd": row.get("box_office_usd"),
                    "box_office_source": row.get("box_office_source", ""),
                    "box_office_as_of": row.get("box_office_as_of"),
                    "studio": row.get("studio", ""),
                    "imdb_id": row.get("imdb_id", ""),
                    "trailer_url": row.get("trailer_url", ""),
                    "certificate_body": row.get("certificate", {}).get("body", ""),
                    "certificate": row.get("certificate", {}).get("rating", ""),
                    "original_language": row.get("original_language", ""),
                    "countries": ", ".join(row.get("countries", [])),
                    "poster_alt": art.poster_alt(slug=row["slug"], title=row["title"], year=year),
                    "is_published": True,
                },
            )
            self.sync.image(
                film,
                "poster",
                f"{film.slug}.jpg",
                lambda film=film, year=year: art.draw_poster(
                    slug=film.slug, title=film.title, year=year
                ),
            )
            genres = {lookup(self.genres, slug, "the genre").pk for slug in row.get("genres", [])}
            self.sync.members("film genres", film.genres, {g.pk for g in film.genres.all()}, genres)
            self.sync.members(
                "film tags", film.tags, {t.name for t in film.tags.all()}, set(row.get("tags", []))
            )
        films = list(self.films[slug] for slug in slugs)
        self.load_credits(rows, films)
        self.load_quotes(rows, films)
        self.load_scores(rows, films)
        self.load_critic_quotes(rows, films)
        self.load_nominations(rows, films)
        self.load_availability(films)

    def load_credits(self, rows, films) -> None:
        index = {
            (c.film_id, c.person_id, c.role, c.job, c.character): c
            for c in Credit.objects.filter(film__in=films)
        }
        keep = set()
        for row, film in zip(rows, films, strict=True):
            order = 0
            for job, names in row.get("crew", {}).items():
                if job not in Credit.Job.values:
                    raise DemoDataError(f"{film.slug}: {job!r} is not a Credit.Job value.")
                for name in names:
                    order += 1
                    person = self.person(name)
                    key = (film.pk, person.pk, Credit.Role.CREW, job, "")
                    keep.add(key)
                    values = {"film": film, "person": person, "role": Credit.Role.CREW, "job": job}
                    self.sync.row(Credit, index, key, {**values, "billing_order": order})
            for order, (name, character) in enumerate(row.get("cast", []), start=1):
                person = self.person(name)
                key = (film.pk, person.pk, Credit.Role.CAST, "", character)
                keep.add(key)
                values = {"film": film, "person": person, "role": Credit.Role.CAST}
                self.sync.row(
                    Credit, index, key, {**values, "character": character, "billing_order": order}
                )
        self.sync.prune(Credit, index, keep)

    def load_quotes(self, rows, films) -> None:
        self.quotes = {(q.film_id, q.text): q for q in Quote.objects.filter(film__in=films)}
        keep = set()
        for row, film in zip(rows, films, strict=True):
            actors = {character: self.person(name) for name, character in row.get("cast", [])}
            for order, (character, text) in enumerate(row.get("quotes", [])):
                key = (film.pk, text)
                keep.add(key)
                values = {
                    "film": film,
                    "text": text,
                    "character": character,
                    "person": actors.get(character),
                    "order": order,
                }
                self.sync.row(Quote, self.quotes, key, values)
        stale = [key for key in self.quotes if key not in keep]
        self.stale_quotes = {key: self.quotes.pop(key) for key in stale}

    def load_scores(self, rows, films) -> None:
        index = {(s.film_id, s.outlet_id): s for s in Score.objects.filter(film__in=films)}
        keep = set()
        for row, film in zip(rows, films, strict=True):
            for outlet_slug, value in row.get("scores", {}).items():
                outlet = lookup(self.outlets, outlet_slug, "the outlet")
                key = (film.pk, outlet.pk)
                keep.add(key)
                values = {"film": film, "outlet": outlet, "value": Decimal(str(value))}
                self.sync.row(Score, index, key, values, computed=SCORE_COMPUTED)
        self.sync.prune(Score, index, keep)

    def load_critic_quotes(self, rows, films) -> None:
        self.critic_quotes = {
            (q.film_id, q.outlet_id, q.quote): q for q in CriticQuote.objects.filter(film__in=films)
        }
        keep = set()
        for row, film in zip(rows, films, strict=True):
            for item in row.get("critic_quotes", []):
                if not item.get("link"):
                    raise DemoDataError(
                        f"{film.slug}: the {item['outlet']} quote needs the `link` of its review."
                    )
                outlet = lookup(self.outlets, item["outlet"], "the outlet")
                key = (film.pk, outlet.pk, item["quote"])
                keep.add(key)
                values = {
                    "film": film,
                    "outlet": outlet,
                    "quote": item["quote"],
                    "critic": item.get("critic", ""),
                    "link": item.get("link", ""),
                    "published_on": item.get("published_on"),
                }
                self.sync.row(CriticQuote, self.critic_quotes, key, values)
        self.stale_critic_quotes = {
            key: self.critic_quotes.pop(key) for key in list(self.critic_quotes) if key not in keep
        }

    def prune_stale_quotes(self) -> None:
        """Delete the quotes the data file dropped. Run after the posts: a featured quote is
        protected, so a demo post lets go of it first; one a post outside the file still
        features is kept."""
        for model, stale in ((Quote, self.stale_quotes), (CriticQuote, self.stale_critic_quotes)):
            featured = set(
                model.objects.filter(
                    pk__in=[quote.pk for quote in stale.values()], featured_links__isnull=False
                ).values_list("pk", flat=True)
            )
            unfeatured = {key: quote for key, quote in stale.items() if quote.pk not in featured}
            self.sync.prune(model, unfeatured, keep=set())

    def load_nominations(self, rows, films) -> None:
        index = {
            (n.film_id, n.ceremony, n.year, n.category, n.person_id): n
            for n in AwardNomination.objects.filter(film__in=films)
        }
        keep = set()
        for row, film in zip(rows, films, strict=True):
            for item in row.get("nominations", []):
                person = self.person(item["person"]) if item.get("person") else None
                ceremony = item.get("ceremony", "Academy Awards")
                key = (film.pk, ceremony, item["year"], item["category"], person and person.pk)
                keep.add(key)
                values = {
                    "film": film,
                    "person": person,
                    "ceremony": ceremony,
                    "year": item["year"],
                    "category": item["category"],
                    "won": item["won"],
                }
                self.sync.row(AwardNomination, index, key, values)
        self.sync.prune(AwardNomination, index, keep)

    def load_availability(self, films) -> None:
        """Where to watch: illustrative entries (the data file says so), with their checked date."""
        details = self.data.get("availability", {})
        if details and details.get("illustrative") is not True:
            raise DemoDataError("Availability in the demo must be marked `illustrative: true`.")
        index = {
            (a.film_id, a.service, a.kind, a.region): a
            for a in Availability.objects.filter(film__in=films)
        }
        keep = set()
        for slug, entries in details.get("films", {}).items():
            film = lookup(self.films, slug, "the film")
            for item in entries:
                key = (film.pk, item["service"], item["kind"], item["region"])
                keep.add(key)
                values = {
                    "film": film,
                    "service": item["service"],
                    "kind": item["kind"],
                    "region": item["region"],
                    "link": item.get("link", ""),
                    "checked_on": item.get("checked_on", details["checked_on"]),
                }
                self.sync.row(Availability, index, key, values)
        self.sync.prune(Availability, index, keep)
