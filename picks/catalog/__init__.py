"""A generated catalogue at a mature magazine's size, to measure pages against: films, people,
credits, scores, posts and comments, bulk-inserted beside the demo content without changing it.

Every record it makes has a slug (or username) starting `gen-`, which is how `catalogue_remove`
finds them and nothing else; it links them to the records already there (genres, outlets,
sections, tags) only by new rows. `records` makes the films and people, `editorial` the posts and
comments, `words` the names and text.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from random import Random

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from taggit.models import TaggedItem

from core.models import SlugRedirect
from films.models import Credit, Film, Genre, Person
from films.recommendations import forget_recommendations
from picks.catalog.editorial import BUSY_POST, make_editorial
from picks.catalog.records import (
    ENSEMBLE_FILM,
    MINIMUM_PEOPLE,
    PREFIX,
    PROLIFIC_PERSON,
    Progress,
    make_records,
)
from picks.models import Comment, Post, PostFilm, Section
from reviews.models import Outlet, Score

__all__ = [
    "BUSY_POST",
    "DEFAULT_SEED",
    "ENSEMBLE_FILM",
    "PREFIX",
    "PROLIFIC_PERSON",
    "CatalogueError",
    "CatalogueReport",
    "CatalogueSize",
    "catalogue_generate",
    "catalogue_remove",
]
DEFAULT_SEED = 2016


class CatalogueError(Exception):
    """The sizes asked for cannot be made, or a catalogue is already there."""


@dataclass(frozen=True)
class CatalogueSize:
    films: int = 10_000
    people: int = 50_000
    posts: int = 2_000
    comments: int = 100_000


@dataclass
class CatalogueReport:
    counts: dict[str, int] = field(default_factory=dict)
    removed: int = 0
    seconds: float = 0.0
    dry_run: bool = False

    def summary(self) -> str:
        made = ", ".join(f"{count:,} {label}" for label, count in self.counts.items() if count)
        verb = "Would make" if self.dry_run else "Made"
        removed = f" after removing {self.removed:,} generated rows" if self.removed else ""
        return f"{verb} {made or 'nothing'}{removed} in {self.seconds:.1f} s."


def _no_progress(label: str, done: int, total: int) -> None:
    pass


def catalogue_exists() -> bool:
    return (
        Film.objects.filter(slug__startswith=PREFIX).exists()
        or Person.objects.filter(slug__startswith=PREFIX).exists()
        or Post.objects.filter(slug__startswith=PREFIX).exists()
    )


def catalogue_generate(
    *,
    size: CatalogueSize,
    seed: int = DEFAULT_SEED,
    replace: bool = False,
    dry_run: bool = False,
    progress: Progress = _no_progress,
) -> CatalogueReport:
    """Make the catalogue in one transaction; with dry_run, make it, count it and roll back."""
    if min(size.films, size.posts, size.comments) < 0:
        raise CatalogueError("Sizes cannot be negative.")
    if size.films < 1 or size.people < MINIMUM_PEOPLE:
        raise CatalogueError(
            f"Make at least 1 film and {MINIMUM_PEOPLE} people (one of each trade and two actors)."
        )
    started = time.perf_counter()
    report = CatalogueReport(dry_run=dry_run)
    with transaction.atomic():
        if catalogue_exists():
            if not replace:
                raise CatalogueError(
                    "A generated catalogue is already here; pass replace (--replace) to remove "
                    "it first."
                )
            report.removed = catalogue_remove()
        rng = Random(seed)
        catalogue = make_records(rng, films=size.films, people=size.people, progress=progress)
        make_editorial(
            rng, posts=size.posts, comments=size.comments, catalogue=catalogue, progress=progress
        )
        report.counts = catalogue.counts
        if dry_run:
            transaction.set_rollback(True)
    if not dry_run:
        # Bulk inserts send no signals: retire cached recommendations by hand.
        forget_recommendations()
        analyze()
    report.seconds = time.perf_counter() - started
    return report


def catalogue_remove() -> int:
    """Delete every generated record (and only those); return how many rows went.

    Films, people and the big tables hanging off them go in one statement each, without
    signals: a signal per row (slug redirects, cached recommendations) made this take minutes.
    Their slug redirects go here, and cached recommendations are retired once by
    `catalogue_generate`. A row of another's that still points at a generated film or person
    stops the removal with the database's error, as it should.
    """
    film_type, person_type, post_type = ContentType.objects.get_for_models(
        Film, Person, Post
    ).values()
    posts = Post.objects.filter(slug__startswith=PREFIX)
    films = Film.objects.filter(slug__startswith=PREFIX)
    people = Person.objects.filter(slug__startswith=PREFIX)
    in_bulk = [
        Comment.objects.filter(post__in=posts),
        TaggedItem.objects.filter(content_type=post_type, object_id__in=posts.values("pk")),
        TaggedItem.objects.filter(content_type=film_type, object_id__in=films.values("pk")),
        PostFilm.objects.filter(post__in=posts),
        Score.objects.filter(film__in=films),
        Credit.objects.filter(film__in=films),
        Credit.objects.filter(person__in=people),
        Film.genres.through.objects.filter(film__in=films),
        SlugRedirect.objects.filter(content_type=film_type, object_id__in=films.values("pk")),
        SlugRedirect.objects.filter(content_type=person_type, object_id__in=people.values("pk")),
        films,
        people,
    ]
    removed = sum(queryset._raw_delete(queryset.db) for queryset in in_bulk)
    one_by_one = [
        posts,
        Section.objects.filter(slug__startswith=PREFIX),
        get_user_model().objects.filter(username__startswith=PREFIX),
        Genre.objects.filter(slug__startswith=PREFIX),
        Outlet.objects.filter(slug__startswith=PREFIX),
    ]
    return removed + sum(queryset.delete()[0] for queryset in one_by_one)


# The tables a run writes to.
WRITTEN = [
    Person,
    Film,
    Credit,
    Film.genres.through,
    Score,
    TaggedItem,
    Post,
    PostFilm,
    Comment,
    Section,
    Genre,
    Outlet,
]


def analyze() -> None:
    """What autovacuum would do some minutes later: fresh statistics for the planner, and GIN
    indexes whose pending list of bulk-inserted rows is merged (until then PostgreSQL finds
    the search indexes dear and reads whole tables). VACUUM cannot run inside a transaction
    (a test's, say); ANALYZE alone then."""
    if connection.vendor != "postgresql":
        return
    statement = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for model in WRITTEN:
            cursor.execute(f"{statement} {connection.ops.quote_name(model._meta.db_table)}")
