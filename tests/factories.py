"""Plain factory functions: each fills unique defaults, and any field can be overridden."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from films.models import AwardNomination, Credit, Film, Genre, Person, Quote
from picks.models import Post, PostFilm, Section
from reviews.models import CriticQuote, Outlet, Score

_sequence = itertools.count(1)


def _n() -> int:
    return next(_sequence)


def image_file(name: str = "image.png", size=(40, 60), color="#8a1c2b", fmt="PNG"):
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}[fmt]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def make_user(**fields):
    n = _n()
    fields.setdefault("username", f"user{n}")
    fields.setdefault("email", f"user{n}@marquee.test")
    password = fields.pop("password", "a-long-test-password")
    return get_user_model().objects.create_user(password=password, **fields)


def make_genre(**fields) -> Genre:
    n = _n()
    fields.setdefault("name", f"Genre {n}")
    fields.setdefault("slug", f"genre-{n}")
    return Genre.objects.create(**fields)


def make_person(**fields) -> Person:
    n = _n()
    fields.setdefault("name", f"Person {n}")
    fields.setdefault("slug", f"person-{n}")
    return Person.objects.create(**fields)


def make_film(**fields) -> Film:
    n = _n()
    genres = fields.pop("genres", [])
    tags = fields.pop("tags", [])
    fields.setdefault("title", f"Film {n}")
    fields.setdefault("slug", f"film-{n}")
    fields.setdefault("release_date", date(2000, 1, 1) + timedelta(days=n))
    fields.setdefault("synopsis", f"A story numbered {n}.")
    film = Film.objects.create(**fields)
    if genres:
        film.genres.set(genres)
    if tags:
        film.tags.set(tags)
    return film


def make_credit(**fields) -> Credit:
    fields.setdefault("film", fields.get("film") or make_film())
    fields.setdefault("person", fields.get("person") or make_person())
    fields.setdefault("role", Credit.Role.CAST)
    if fields["role"] == Credit.Role.CAST:
        fields.setdefault("character", f"Character {_n()}")
    else:
        fields.setdefault("job", Credit.Job.DIRECTOR)
    return Credit.objects.create(**fields)


def make_quote(**fields) -> Quote:
    fields.setdefault("film", fields.get("film") or make_film())
    fields.setdefault("text", f"A line worth remembering, number {_n()}.")
    fields.setdefault("character", "Someone")
    return Quote.objects.create(**fields)


def make_nomination(**fields) -> AwardNomination:
    fields.setdefault("film", fields.get("film") or make_film())
    fields.setdefault("ceremony", "Academy Awards")
    fields.setdefault("year", 2017)
    fields.setdefault("category", f"Category {_n()}")
    return AwardNomination.objects.create(**fields)


def make_outlet(**fields) -> Outlet:
    n = _n()
    fields.setdefault("name", f"Outlet {n}")
    fields.setdefault("slug", f"outlet-{n}")
    fields.setdefault("scale", Outlet.Scale.HUNDRED)
    return Outlet.objects.create(**fields)


def make_score(**fields) -> Score:
    fields.setdefault("film", fields.get("film") or make_film())
    fields.setdefault("outlet", fields.get("outlet") or make_outlet())
    fields.setdefault("value", Decimal("80"))
    return Score.objects.create(**fields)


def make_critic_quote(**fields) -> CriticQuote:
    fields.setdefault("film", fields.get("film") or make_film())
    fields.setdefault("outlet", fields.get("outlet") or make_outlet())
    fields.setdefault("quote", f"A remarkable film, review {_n()}.")
    return CriticQuote.objects.create(**fields)


def make_section(**fields) -> Section:
    n = _n()
    fields.setdefault("name", f"Section {n}")
    fields.setdefault("slug", f"section-{n}")
    return Section.objects.create(**fields)


def make_post(**fields) -> Post:
    """A published post by default; pass status/publish_at for drafts and scheduled posts."""
    n = _n()
    films = fields.pop("films", [])
    tags = fields.pop("tags", [])
    fields.setdefault("section", fields.get("section") or make_section())
    fields.setdefault("title", f"Post {n}")
    fields.setdefault("slug", f"post-{n}")
    fields.setdefault("standfirst", f"Why post {n} matters.")
    fields.setdefault("body", f"The body of post {n}.")
    fields.setdefault("status", Post.Status.PUBLISHED)
    if fields["status"] == Post.Status.PUBLISHED:
        fields.setdefault("publish_at", timezone.now() - timedelta(days=1, minutes=n))
    post = Post.objects.create(**fields)
    for order, film in enumerate(films):
        PostFilm.objects.create(post=post, film=film, order=order)
    if tags:
        post.tags.set(tags)
    return post


def make_la_la_land(*, cast_size: int = 2, extra_scores: int = 0) -> Film:
    """A La La Land-like film: two leads (plus `cast_size - 2` extras), three outlets' scores
    (93, 91%, 8.0/10, plus `extra_scores` more), a director, quotes and 6 wins from 14 nominations.
    """
    film = make_film(
        title="La La Land",
        slug="la-la-land",
        release_date=date(2016, 12, 9),
        runtime_minutes=128,
        tagline="Here's to the fools who dream.",
        budget_usd=30_000_000,
        box_office_usd=446_100_000,
        trailer_url="https://www.youtube.com/watch?v=0pdqf4P9MB8",
        genres=[make_genre(name="Musical", slug="musical")],
    )
    emma = make_person(name="Emma Stone", slug="emma-stone")
    ryan = make_person(name="Ryan Gosling", slug="ryan-gosling")
    make_credit(film=film, person=emma, character="Mia Dolan", billing_order=1)
    make_credit(film=film, person=ryan, character="Sebastian Wilder", billing_order=2)
    for order in range(3, cast_size + 1):
        make_credit(film=film, billing_order=order)
    damien = make_person(name="Damien Chazelle", slug="damien-chazelle")
    make_credit(film=film, person=damien, role=Credit.Role.CREW, job=Credit.Job.DIRECTOR)
    make_credit(film=film, person=damien, role=Credit.Role.CREW, job=Credit.Job.SCREENPLAY)
    outlets = [
        (make_outlet(name="Metacritic", slug="metacritic", scale="100"), "93"),
        (make_outlet(name="Rotten Tomatoes", slug="rotten-tomatoes", scale="percent"), "91"),
        (make_outlet(name="IMDb", slug="imdb", scale="10"), "8.0"),
    ]
    for outlet, value in outlets:
        make_score(film=film, outlet=outlet, value=Decimal(value))
    for _ in range(extra_scores):
        make_score(film=film, value=Decimal("88"))
    make_critic_quote(
        film=film,
        outlet=make_outlet(name="USA Today", slug="usa-today"),
        quote="Both delightful confection and life-affirming food for the soul.",
    )
    make_quote(
        film=film,
        text="They worship everything and they value nothing.",
        character="Sebastian",
        person=ryan,
    )
    for number in range(14):
        make_nomination(film=film, category=f"Category {number}", won=number < 6)
    return film


def make_comment(**fields):
    """An approved top-level comment by default; pass parent= for a reply (depth follows)."""
    from picks.models import Comment

    n = _n()
    fields.setdefault("post", fields.get("post") or make_post())
    parent = fields.get("parent")
    fields.setdefault("depth", parent.depth + 1 if parent else 0)
    fields.setdefault("name", f"Reader {n}")
    fields.setdefault("email", f"reader{n}@example.test")
    fields.setdefault("body", f"Comment number {n}.")
    fields.setdefault("status", Comment.Status.APPROVED)
    return Comment.objects.create(**fields)


def make_media_image(**fields):
    """A library image with its renditions, 2000 × 1000 pixels unless `image=` says otherwise."""
    from picks.media import media_image_store
    from picks.models import MediaImage

    n = _n()
    by = fields.pop("by", None)
    fields.setdefault("image", image_file(f"library-{n}.jpg", size=(2000, 1000), fmt="JPEG"))
    fields.setdefault("title", f"Still {n}")
    fields.setdefault("alt_text", f"A film still, number {n}")
    fields.setdefault("credit", "Photo: Studio")
    return media_image_store(media=MediaImage(**fields), by=by)
