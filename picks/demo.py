"""Loads the demo content in picks/demo/demo.yaml into the database, saving only what differs.

The data file owns the records it names: a second load creates, changes and deletes nothing, and
a line removed from the file (a credit, a score, a quote...) is removed from the database too.
"""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils.text import slugify

from core.models import SiteSettings, SocialLink
from films.models import AwardNomination, Credit, Film, Genre, Person, Quote
from picks import demo_art
from picks.models import Post, PostFilm, Section
from picks.workflow import post_save_revision
from reviews.models import CriticQuote, Outlet, Score

DATA_FILE = Path(__file__).resolve().parent / "demo" / "demo.yaml"

# Fields the loader fills itself and full_clean() cannot check before save().
SCORE_COMPUTED = ["scale_maximum", "normalized"]
IMAGE_FIELDS = ["poster", "photo", "hero_image"]


class DemoDataError(Exception):
    """The data file names something it does not define, or is shaped wrongly."""


@dataclass
class DemoReport:
    dry_run: bool = False
    counts: dict[str, Counter] = field(default_factory=dict)
    images_drawn: int = 0
    editor_created: bool = False
    editor_password: str | None = None

    def count(self, label: str, outcome: str, amount: int = 1) -> None:
        self.counts.setdefault(label, Counter())[outcome] += amount

    def total(self, outcome: str) -> int:
        return sum(counter[outcome] for counter in self.counts.values())

    @property
    def changed(self) -> bool:
        return bool(
            self.total("created") or self.total("updated") or self.total("deleted")
        ) or bool(self.images_drawn)

    def summary(self) -> str:
        verb = "would be " if self.dry_run else ""
        images = "would be drawn" if self.dry_run else "drawn"
        return (
            f"Demo content: {self.total('created')} {verb}created, "
            f"{self.total('updated')} {verb}updated, {self.total('deleted')} {verb}deleted, "
            f"{self.total('unchanged')} unchanged; {self.images_drawn} images {images}."
        )

    def details(self) -> list[str]:
        lines = []
        for label, counter in sorted(self.counts.items()):
            parts = [
                f"{counter[key]} {key}" for key in ("created", "updated", "deleted") if counter[key]
            ]
            lines.append(
                f"  {label}: {', '.join(parts) or 'unchanged'} ({counter['unchanged']} unchanged)"
            )
        return lines


def read_demo_data(path: Path = DATA_FILE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def demo_load(*, path: Path = DATA_FILE, dry_run: bool = False) -> DemoReport:
    """Bring the database in line with the data file; with dry_run, report and roll back."""
    data = read_demo_data(path)
    report = DemoReport(dry_run=dry_run)
    with transaction.atomic():
        _Loader(data, report).load()
        if dry_run:
            transaction.set_rollback(True)
    return report


def _differs(obj: models.Model, values: dict[str, Any]) -> bool:
    for name, value in values.items():
        model_field = obj._meta.get_field(name)
        if model_field.many_to_one:
            # Compare ids: reading the relation itself would cost a query per row.
            if getattr(obj, model_field.attname) != (value.pk if value is not None else None):
                return True
        elif getattr(obj, name) != value:
            return True
    return False


class _Loader:
    def __init__(self, data: dict[str, Any], report: DemoReport) -> None:
        self.data = data
        self.report = report
        self.people: dict[str, Person] = {}
        self.films: dict[str, Film] = {}

    # -- generic steps ---------------------------------------------------------------------

    def sync(
        self,
        model: type[models.Model],
        index: dict[Any, models.Model],
        key: Any,
        values: dict[str, Any],
    ) -> models.Model:
        """Create the row under `key`, or update it if any of `values` differs; else leave it."""
        label = str(model._meta.verbose_name_plural)
        exclude = IMAGE_FIELDS + (SCORE_COMPUTED if model is Score else [])
        obj = index.get(key)
        if obj is None:
            obj = model(**values)
            outcome = "created"
        elif _differs(obj, values):
            for name, value in values.items():
                setattr(obj, name, value)
            outcome = "updated"
        else:
            self.report.count(label, "unchanged")
            return obj
        # The database enforces the named constraints on save; checking each of them in Python
        # first took half the load time, which `make run` and the tests pay on every start.
        obj.full_clean(exclude=exclude, validate_constraints=False)
        obj.save()
        index[key] = obj
        self.report.count(label, outcome)
        return obj

    def prune(self, model: type[models.Model], index: dict[Any, models.Model], keep: set) -> None:
        """Delete the rows the data file no longer lists."""
        stale_keys = [key for key in index if key not in keep]
        stale = [index.pop(key).pk for key in stale_keys]
        if stale:
            model.objects.filter(pk__in=stale).delete()
            self.report.count(str(model._meta.verbose_name_plural), "deleted", len(stale))

    def sync_set(self, label: str, manager, current: set, wanted: set) -> None:
        """Set a many-to-many (or tag) relation only if its members differ."""
        if current == wanted:
            self.report.count(label, "unchanged")
            return
        manager.set(list(wanted))
        self.report.count(label, "updated")

    def ensure_image(self, obj: models.Model, field_name: str, filename: str, draw) -> None:
        """Draw and store the image only when the record has none or its file has gone."""
        file = getattr(obj, field_name)
        if file and file.storage.exists(file.name):
            return
        self.report.images_drawn += 1
        if self.report.dry_run:
            return
        content = draw()
        storage = file.storage
        name = file.field.generate_filename(obj, filename)
        # A previous load may have left the very same picture (after a database reset): reuse it.
        if storage.exists(name):
            with storage.open(name, "rb") as existing:
                if existing.read() == content:
                    setattr(obj, field_name, name)
                    obj.save(update_fields=[field_name])
                    return
        file.save(filename, ContentFile(content), save=False)
        obj.save(update_fields=[field_name])

    def lookup(self, table: dict, key: str, what: str):
        try:
            return table[key]
        except KeyError:
            raise DemoDataError(
                f"The demo data names {what} {key!r}, which it does not define."
            ) from None

    # -- the content -------------------------------------------------------------------------

    def load(self) -> None:
        self.editor = self.load_editor()
        self.load_site_settings()
        self.genres = self.load_simple(Genre, self.data["genres"], ["name", "noun"])
        self.outlets = self.load_simple(
            Outlet, self.data["outlets"], ["name", "kind", "scale", "website"]
        )
        self.load_people()
        self.load_films()
        self.load_sections()
        self.load_posts()

    def load_editor(self):
        details = self.data["editor"]
        User = get_user_model()
        editor = User.objects.filter(username=details["username"]).first()
        if editor is not None:
            self.report.count("users", "unchanged")
            return editor
        self.report.editor_created = True
        self.report.count("users", "created")
        password = secrets.token_urlsafe(15)
        editor = User.objects.create_user(
            username=details["username"],
            email=details.get("email", ""),
            password=password,
            first_name=details.get("first_name", ""),
            last_name=details.get("last_name", ""),
            is_staff=True,
            is_superuser=True,
        )
        if not self.report.dry_run:
            self.report.editor_password = password
        return editor

    def load_site_settings(self) -> None:
        details = self.data["site_settings"]
        index = {1: obj} if (obj := SiteSettings.objects.filter(pk=1).first()) else {}
        settings_row = self.sync(
            SiteSettings,
            index,
            1,
            {
                "id": 1,
                "about_text": details["about_text"].strip(),
                "follow_text": details["follow_text"],
            },
        )
        links = {link.label: link for link in settings_row.social_links.all()}
        for order, link in enumerate(details.get("social_links", [])):
            self.sync(
                SocialLink,
                links,
                link["label"],
                {
                    "site_settings": settings_row,
                    "label": link["label"],
                    "url": link["url"],
                    "order": order,
                },
            )
        self.prune(SocialLink, links, {link["label"] for link in details.get("social_links", [])})

    def load_simple(self, model, rows: list[dict], fields: list[str]) -> dict[str, models.Model]:
        index = {obj.slug: obj for obj in model.objects.all()}
        for row in rows:
            values = {"slug": row["slug"], **{name: row.get(name, "") for name in fields}}
            self.sync(model, index, row["slug"], values)
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
            person = self.sync(
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
                    "photo_alt": demo_art.portrait_alt(slug=slug, name=name),
                },
            )
            self.ensure_image(
                person,
                "photo",
                f"{slug}.jpg",
                lambda slug=slug, name=name: demo_art.draw_portrait(slug=slug, name=name),
            )

    def person(self, name: str) -> Person:
        return self.lookup(self.people, slugify(name), "the person")

    def load_films(self) -> None:
        rows = self.data["films"]
        slugs = [row["slug"] for row in rows]
        self.films = {
            film.slug: film
            for film in Film.objects.filter(slug__in=slugs).prefetch_related("genres", "tags")
        }
        for row in rows:
            release_date = row.get("release_date")
            year = release_date.year if release_date else None
            film = self.sync(
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
                    "studio": row.get("studio", ""),
                    "imdb_id": row.get("imdb_id", ""),
                    "trailer_url": row.get("trailer_url", ""),
                    "poster_alt": demo_art.poster_alt(
                        slug=row["slug"], title=row["title"], year=year
                    ),
                },
            )
            self.ensure_image(
                film,
                "poster",
                f"{film.slug}.jpg",
                lambda film=film, year=year: demo_art.draw_poster(
                    slug=film.slug, title=film.title, year=year
                ),
            )
            genres = {
                self.lookup(self.genres, slug, "the genre").pk for slug in row.get("genres", [])
            }
            self.sync_set("film genres", film.genres, {g.pk for g in film.genres.all()}, genres)
            self.sync_set(
                "film tags", film.tags, {t.name for t in film.tags.all()}, set(row.get("tags", []))
            )
        films = list(self.films[slug] for slug in slugs)
        self.load_credits(rows, films)
        self.load_quotes(rows, films)
        self.load_scores(rows, films)
        self.load_critic_quotes(rows, films)
        self.load_nominations(rows, films)

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
                    self.sync(Credit, index, key, {**values, "billing_order": order})
            for order, (name, character) in enumerate(row.get("cast", []), start=1):
                person = self.person(name)
                key = (film.pk, person.pk, Credit.Role.CAST, "", character)
                keep.add(key)
                values = {"film": film, "person": person, "role": Credit.Role.CAST}
                self.sync(
                    Credit, index, key, {**values, "character": character, "billing_order": order}
                )
        self.prune(Credit, index, keep)

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
                self.sync(Quote, self.quotes, key, values)
        self.prune(Quote, self.quotes, keep)

    def load_scores(self, rows, films) -> None:
        index = {(s.film_id, s.outlet_id): s for s in Score.objects.filter(film__in=films)}
        keep = set()
        for row, film in zip(rows, films, strict=True):
            for outlet_slug, value in row.get("scores", {}).items():
                outlet = self.lookup(self.outlets, outlet_slug, "the outlet")
                key = (film.pk, outlet.pk)
                keep.add(key)
                values = {"film": film, "outlet": outlet, "value": Decimal(str(value))}
                self.sync(Score, index, key, values)
        self.prune(Score, index, keep)

    def load_critic_quotes(self, rows, films) -> None:
        self.critic_quotes = {
            (q.film_id, q.outlet_id, q.quote): q for q in CriticQuote.objects.filter(film__in=films)
        }
        keep = set()
        for row, film in zip(rows, films, strict=True):
            for item in row.get("critic_quotes", []):
                outlet = self.lookup(self.outlets, item["outlet"], "the outlet")
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
                self.sync(CriticQuote, self.critic_quotes, key, values)
        self.prune(CriticQuote, self.critic_quotes, keep)

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
                self.sync(AwardNomination, index, key, values)
        self.prune(AwardNomination, index, keep)

    def load_sections(self) -> None:
        self.sections = {section.slug: section for section in Section.objects.all()}
        for row in self.data["sections"]:
            replaced_by = row.get("replaced_by")
            self.sync(
                Section,
                self.sections,
                row["slug"],
                {
                    "name": row["name"],
                    "slug": row["slug"],
                    "description": row.get("description", "").strip(),
                    "order": row.get("order", 0),
                    "is_active": row.get("active", True),
                    "replaced_by": self.lookup(self.sections, replaced_by, "the section")
                    if replaced_by
                    else None,
                },
            )

    def featured_quote(self, item: dict) -> Quote:
        film = self.lookup(self.films, item["film"], "the film")
        for (film_pk, text), quote in self.quotes.items():
            if film_pk == film.pk and text.startswith(item["starts"]):
                return quote
        raise DemoDataError(f"No quote in {item['film']} starts with {item['starts']!r}.")

    def featured_critic_quote(self, item: dict) -> CriticQuote:
        film = self.lookup(self.films, item["film"], "the film")
        outlet = self.lookup(self.outlets, item["outlet"], "the outlet")
        for (film_pk, outlet_pk, _text), quote in self.critic_quotes.items():
            if (film_pk, outlet_pk) == (film.pk, outlet.pk):
                return quote
        raise DemoDataError(f"No {item['outlet']} quote on {item['film']}.")

    def load_posts(self) -> None:
        rows = self.data["posts"]
        posts = {
            post.slug: post
            for post in Post.objects.filter(
                slug__in=[row["slug"] for row in rows]
            ).prefetch_related("tags", "featured_quotes", "featured_critic_quotes")
        }
        for row in rows:
            section = self.lookup(self.sections, row["section"], "the section")
            headline = row.get("hero_text", "")
            publish_at = row.get("publish_at")
            post = self.sync(
                Post,
                posts,
                row["slug"],
                {
                    "section": section,
                    "title": row["title"],
                    "slug": row["slug"],
                    "standfirst": row.get("standfirst", "").strip(),
                    "body": row.get("body", "").strip(),
                    "status": row["status"],
                    "publish_at": datetime.fromisoformat(publish_at) if publish_at else None,
                    "author": self.editor,
                    "contains_spoilers": row.get("contains_spoilers", False),
                    "is_featured": row.get("featured", False),
                    "comments_close_after_days": row.get("comments_close_after_days"),
                    "reader_question": row.get("reader_question", ""),
                    "hero_image_alt": demo_art.hero_alt(
                        slug=row["slug"], headline=headline, kicker=section.name
                    )
                    if headline
                    else "",
                },
            )
            if headline:
                self.ensure_image(
                    post,
                    "hero_image",
                    f"{post.slug}.jpg",
                    lambda slug=post.slug, headline=headline, kicker=section.name: (
                        demo_art.draw_hero(slug=slug, headline=headline, kicker=kicker)
                    ),
                )
            self.sync_set(
                "post tags", post.tags, {t.name for t in post.tags.all()}, set(row.get("tags", []))
            )
            self.sync_set(
                "post featured quotes",
                post.featured_quotes,
                {q.pk for q in post.featured_quotes.all()},
                {self.featured_quote(item).pk for item in row.get("featured_quotes", [])},
            )
            self.sync_set(
                "post featured critic quotes",
                post.featured_critic_quotes,
                {q.pk for q in post.featured_critic_quotes.all()},
                {
                    self.featured_critic_quote(item).pk
                    for item in row.get("featured_critic_quotes", [])
                },
            )
        self.load_post_films(rows, [posts[row["slug"]] for row in rows])
        for row in rows:
            # A revision only when the content differs from the latest: a second load adds none.
            post_save_revision(post=posts[row["slug"]], by=self.editor, summary="Demo data loaded")

    def load_post_films(self, rows, posts) -> None:
        index = {
            (link.post_id, link.film_id): link for link in PostFilm.objects.filter(post__in=posts)
        }
        keep = set()
        for row, post in zip(rows, posts, strict=True):
            for order, slug in enumerate(row.get("films", [])):
                film = self.lookup(self.films, slug, "the film")
                keep.add((post.pk, film.pk))
                self.sync(
                    PostFilm,
                    index,
                    (post.pk, film.pk),
                    {"post": post, "film": film, "order": order},
                )
        self.prune(PostFilm, index, keep)
