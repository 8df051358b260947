"""The demo's editorial content: the editor account, site settings, sections and posts.

Posts cite the records (films, their quotes, critics' quotes) through the Records indexes.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model

from core.models import SiteSettings, SocialLink
from films.models import Quote
from picks.demo import art
from picks.demo.records import Records
from picks.demo.sync import DemoDataError, Sync, lookup
from picks.models import AuthorProfile, Post, PostFilm, Section
from picks.workflow import post_save_revision
from reviews.models import CriticQuote

# Domains reserved for examples (RFC 2606, RFC 6761): no real person can own a handle there.
RESERVED_DOMAINS = ("example.com", "example.net", "example.org", "example", "invalid", "test")


def is_reserved_address(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == domain or host.endswith("." + domain) for domain in RESERVED_DOMAINS)


class Editorial:
    def __init__(self, data: dict[str, Any], sync: Sync, records: Records) -> None:
        self.data = data
        self.sync = sync
        self.report = sync.report
        self.records = records
        self.editor = None  # set by load_editor, before the posts that name it as author
        self.sections: dict[str, Section] = {}
        self.writers: dict[str, AuthorProfile] = {}  # by slug, set by load_writers

    def load_editor(self) -> None:
        details = self.data["editor"]
        User = get_user_model()
        editor = User.objects.filter(username=details["username"]).first()
        if editor is not None:
            self.report.count("users", "unchanged")
            self.editor = editor
            return
        self.report.editor_created = True
        self.report.count("users", "created")
        password = secrets.token_urlsafe(15)
        self.editor = User.objects.create_user(
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

    def load_writers(self) -> None:
        """The magazine's named writers: a staff account each (no password: they never sign in
        to the demo) and a public profile with a drawn portrait."""
        User = get_user_model()
        rows = self.data.get("writers", [])
        users = {
            u.username: u for u in User.objects.filter(username__in=[r["username"] for r in rows])
        }
        self.writers = {profile.slug: profile for profile in AuthorProfile.objects.all()}
        for row in rows:
            first, _, last = row["display_name"].partition(" ")
            user = users.get(row["username"])
            if user is None:
                user = User(
                    username=row["username"], first_name=first, last_name=last, is_staff=True
                )
                user.set_unusable_password()
                user.save()
                self.report.count("users", "created")
            else:
                self.report.count("users", "unchanged")
            slug, name = row["slug"], row["display_name"]
            profile = self.sync.row(
                AuthorProfile,
                self.writers,
                slug,
                {
                    "user": user,
                    "slug": slug,
                    "display_name": name,
                    "bio": row["bio"].strip(),
                    "photo_alt": art.portrait_alt(slug=slug, name=name),
                },
            )
            self.sync.image(
                profile,
                "photo",
                f"{slug}.jpg",
                lambda slug=slug, name=name: art.draw_portrait(slug=slug, name=name),
            )

    def post_author(self, row: dict):
        if slug := row.get("author"):
            return lookup(self.writers, slug, "the writer").user
        return self.editor

    def load_site_settings(self) -> None:
        details = self.data["site_settings"]
        index = {1: obj} if (obj := SiteSettings.objects.filter(pk=1).first()) else {}
        settings_row = self.sync.row(
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
            if not is_reserved_address(link["url"]):
                raise DemoDataError(
                    f"The demo's {link['label']} link must be on a reserved example domain."
                )
            self.sync.row(
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
        self.sync.prune(
            SocialLink, links, {link["label"] for link in details.get("social_links", [])}
        )

    def load_sections(self) -> None:
        self.sections = {section.slug: section for section in Section.objects.all()}
        for row in self.data["sections"]:
            replaced_by = row.get("replaced_by")
            self.sync.row(
                Section,
                self.sections,
                row["slug"],
                {
                    "name": row["name"],
                    "slug": row["slug"],
                    "description": row.get("description", "").strip(),
                    "order": row.get("order", 0),
                    "is_active": row.get("active", True),
                    "replaced_by": lookup(self.sections, replaced_by, "the section")
                    if replaced_by
                    else None,
                },
            )

    def featured_quote(self, item: dict) -> Quote:
        film = lookup(self.records.films, item["film"], "the film")
        for (film_pk, text), quote in self.records.quotes.items():
            if film_pk == film.pk and text.startswith(item["starts"]):
                return quote
        raise DemoDataError(f"No quote in {item['film']} starts with {item['starts']!r}.")

    def featured_critic_quote(self, item: dict) -> CriticQuote:
        film = lookup(self.records.films, item["film"], "the film")
        outlet = lookup(self.records.outlets, item["outlet"], "the outlet")
        for (film_pk, outlet_pk, _text), quote in self.records.critic_quotes.items():
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
            section = lookup(self.sections, row["section"], "the section")
            headline = row.get("hero_text", "")
            publish_at = row.get("publish_at")
            post = self.sync.row(
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
                    "author": self.post_author(row),
                    "rating": Decimal(str(row["rating"])) if "rating" in row else None,
                    "verdict": row.get("verdict", ""),
                    "contains_spoilers": row.get("contains_spoilers", False),
                    "is_featured": row.get("featured", False),
                    "comments_close_after_days": row.get("comments_close_after_days"),
                    "reader_question": row.get("reader_question", ""),
                    "hero_image_alt": art.hero_alt(
                        slug=row["slug"], headline=headline, kicker=section.name
                    )
                    if headline
                    else "",
                },
            )
            if headline:
                self.sync.image(
                    post,
                    "hero_image",
                    f"{post.slug}.jpg",
                    lambda slug=post.slug, headline=headline, kicker=section.name: art.draw_hero(
                        slug=slug, headline=headline, kicker=kicker
                    ),
                )
            self.sync.members(
                "post tags", post.tags, {t.name for t in post.tags.all()}, set(row.get("tags", []))
            )
            self.sync.members(
                "post featured quotes",
                post.featured_quotes,
                {q.pk for q in post.featured_quotes.all()},
                {self.featured_quote(item).pk for item in row.get("featured_quotes", [])},
            )
            self.sync.members(
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
                film = lookup(self.records.films, slug, "the film")
                keep.add((post.pk, film.pk))
                self.sync.row(
                    PostFilm,
                    index,
                    (post.pk, film.pk),
                    {"post": post, "film": film, "order": order},
                )
        self.sync.prune(PostFilm, index, keep)
