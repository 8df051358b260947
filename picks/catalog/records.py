"""The generated catalogue's records: genres, outlets, people, films, their credits, genres, tags
and scores, bulk-inserted in batches.

People fall into pools by trade (directors, writers, composers, cinematographers, editors, actors);
a few hundred "regular" actors take a quarter of the parts, as in a real catalogue, and two records
are made on purpose for the pages that must stay bounded: a film with a 60-person cast and an actor
with 80 credits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import accumulate
from random import Random

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from films.models import Credit, Film, Genre, Person
from picks.catalog import words
from reviews.models import Outlet, Score

PREFIX = "gen-"
BATCH = 2_000
ENSEMBLE_CAST = 60
PROLIFIC_CREDITS = 80
ENSEMBLE_FILM = {"title": "The Grand Ensemble", "slug": f"{PREFIX}the-grand-ensemble"}
PROLIFIC_PERSON = {"name": "Harriet Vale", "slug": f"{PREFIX}harriet-vale"}
OWN_GENRES = [
    ("Western", "a western"),
    ("Science fiction", "a science-fiction film"),
    ("Horror", "a horror film"),
    ("Animation", "an animated film"),
    ("Documentary", "a documentary"),
    ("War", "a war film"),
    ("Mystery", "a mystery"),
    ("Adventure", "an adventure"),
]
OWN_OUTLETS = [
    ("The Evening Reel", Outlet.Kind.PUBLICATION, Outlet.Scale.HUNDRED),
    ("Screen Ledger", Outlet.Kind.PUBLICATION, Outlet.Scale.STARS),
    ("Cinephile Index", Outlet.Kind.AGGREGATOR, Outlet.Scale.TEN),
]
# Shares of the people by trade; actors are the rest.
TRADES = {"director": 0.04, "writer": 0.06, "composer": 0.01, "camera": 0.02, "editor": 0.02}
MINIMUM_PEOPLE = len(TRADES) + 2  # one of each trade, one actor and the prolific actor

Progress = Callable[[str, int, int], None]


def insert(
    model: type[models.Model],
    objects: Iterable[models.Model],
    *,
    total: int,
    label: str,
    progress: Progress,
    into: list[models.Model] | None = None,
) -> int:
    """bulk_create in batches, reporting progress; the saved rows (with ids) go `into` a list."""
    batch: list[models.Model] = []
    done = 0
    for obj in objects:
        batch.append(obj)
        if len(batch) == BATCH:
            done += _insert_batch(model, batch, into)
            batch = []
            progress(label, done, max(total, done + 1))
    if batch:
        done += _insert_batch(model, batch, into)
    progress(label, done, done)
    return done


def _insert_batch(model, batch: list[models.Model], into: list[models.Model] | None) -> int:
    rows = model.objects.bulk_create(batch)
    if into is not None:
        into += rows
    return len(rows)


@dataclass
class Catalogue:
    """What the records step made, for the editorial step and the report."""

    counts: dict[str, int] = field(default_factory=dict)
    film_ids: list[int] = field(default_factory=list)
    film_titles: dict[int, str] = field(default_factory=dict)
    director_names: dict[int, str] = field(default_factory=dict)
    ensemble_film_id: int | None = None
    tags: list[Tag] = field(default_factory=list)


class Pools:
    """People grouped by trade, and a weighted draw of actors: regulars first."""

    def __init__(self, rng: Random, people: list[tuple[int, str]]) -> None:
        self.rng = rng
        self.prolific = people[0]
        rest = people[1:]
        self.trades: dict[str, list[tuple[int, str]]] = {}
        start = 0
        for trade, share in TRADES.items():
            size = max(1, int(len(rest) * share))
            self.trades[trade] = rest[start : start + size]
            start += size
        self.actors = rest[start:] or rest
        regulars = max(1, len(self.actors) // 50)
        # A regular is 16 times likelier to be cast than anyone else.
        self.actor_weights = [16 if i < regulars else 1 for i in range(len(self.actors))]
        self._cumulative = list(accumulate(self.actor_weights))

    def pick(self, trade: str) -> tuple[int, str]:
        return self.rng.choice(self.trades[trade])

    def cast(self, size: int) -> list[tuple[int, str]]:
        size = min(size, len(self.actors))
        chosen: dict[int, tuple[int, str]] = {}
        while len(chosen) < size:
            for actor in self.rng.choices(self.actors, cum_weights=self._cumulative, k=size):
                chosen.setdefault(actor[0], actor)
        return list(chosen.values())[:size]


def make_records(rng: Random, *, films: int, people: int, progress: Progress) -> Catalogue:
    catalogue = Catalogue()
    genres = make_genres(catalogue)
    outlets = make_outlets(catalogue)
    pools = Pools(rng, make_people(rng, people, catalogue, progress))
    film_rows = make_films(rng, films, catalogue, progress)
    make_credits(rng, film_rows, pools, catalogue, progress)
    make_genre_links(rng, film_rows, genres, catalogue, progress)
    catalogue.tags = make_tags()
    tag_films(rng, film_rows, catalogue, progress)
    make_scores(rng, film_rows, outlets, catalogue, progress)
    return catalogue


def make_genres(catalogue: Catalogue) -> list[Genre]:
    """Every genre there is, the demo's included, plus the catalogue's own that are missing."""
    existing = list(Genre.objects.all())
    taken = {g.name.lower() for g in existing} | {g.slug for g in existing}
    own = [
        Genre(name=name, slug=f"{PREFIX}{slugify(name)}", noun=noun)
        for name, noun in OWN_GENRES
        if name.lower() not in taken and f"{PREFIX}{slugify(name)}" not in taken
    ]
    catalogue.counts["genres"] = len(Genre.objects.bulk_create(own))
    return existing + own


def make_outlets(catalogue: Catalogue) -> list[Outlet]:
    existing = list(Outlet.objects.all())
    taken = {o.name for o in existing} | {o.slug for o in existing}
    own = [
        Outlet(name=name, slug=f"{PREFIX}{slugify(name)}", kind=kind, scale=scale)
        for name, kind, scale in OWN_OUTLETS
        if name not in taken
    ]
    catalogue.counts["outlets"] = len(Outlet.objects.bulk_create(own))
    return existing + own


def make_people(
    rng: Random, total: int, catalogue: Catalogue, progress: Progress
) -> list[tuple[int, str]]:
    def rows() -> Iterator[Person]:
        yield Person(
            name=PROLIFIC_PERSON["name"],
            slug=PROLIFIC_PERSON["slug"],
            birth_date=date(1961, 4, 2),
            birth_place="Galway",
            bio=words.bio(rng, PROLIFIC_PERSON["name"]),
        )
        for n in range(1, total):
            name = words.person_name(rng)
            yield Person(
                name=name,
                slug=f"{PREFIX}{slugify(name)}-{n}",
                birth_date=date(1930, 1, 1) + timedelta(days=rng.randrange(70 * 365)),
                birth_place=rng.choice(words.PLACES) if rng.random() < 0.6 else "",
                bio=words.bio(rng, name) if rng.random() < 0.3 else "",
            )

    saved: list[Person] = []
    catalogue.counts["people"] = insert(
        Person, rows(), total=total, label="people", progress=progress, into=saved
    )
    return [(person.pk, person.name) for person in saved]


def make_films(rng: Random, total: int, catalogue: Catalogue, progress: Progress) -> list[Film]:
    def rows() -> Iterator[Film]:
        for n in range(total):
            title = ENSEMBLE_FILM["title"] if n == 0 else words.film_title(rng)
            budget = rng.randrange(1, 200) * 1_000_000 if rng.random() < 0.4 else None
            yield Film(
                title=title,
                slug=ENSEMBLE_FILM["slug"] if n == 0 else f"{PREFIX}{slugify(title)}-{n}",
                release_date=date(1950, 1, 1) + timedelta(days=rng.randrange(75 * 365)),
                runtime_minutes=rng.randint(78, 175),
                tagline=rng.choice(words.TAGLINES),
                synopsis=words.synopsis(rng),
                studio=rng.choice(words.STUDIOS),
                budget_usd=budget,
                box_office_usd=budget * rng.randint(0, 8) if budget else None,
            )

    saved: list[Film] = []
    catalogue.counts["films"] = insert(
        Film, rows(), total=total, label="films", progress=progress, into=saved
    )
    catalogue.film_ids = [film.pk for film in saved]
    catalogue.film_titles = {film.pk: film.title for film in saved}
    catalogue.ensemble_film_id = saved[0].pk if saved else None
    return saved


def make_credits(
    rng: Random, films: list[Film], pools: Pools, catalogue: Catalogue, progress: Progress
) -> None:
    prolific_films = set(rng.sample(range(len(films)), min(PROLIFIC_CREDITS, len(films))))

    def rows() -> Iterator[Credit]:
        for index, film in enumerate(films):
            director = pools.pick("director")
            catalogue.director_names[film.pk] = director[1]
            jobs = [(Credit.Job.DIRECTOR, director)]
            if rng.random() < 0.4:
                jobs.append((Credit.Job.SCREENPLAY, director))  # written and directed
            for _ in range(rng.choice([0, 1, 1, 2]) if len(jobs) == 2 else rng.choice([1, 1, 2])):
                jobs.append((Credit.Job.SCREENPLAY, pools.pick("writer")))
            for job, trade, chance in (
                (Credit.Job.MUSIC, "composer", 0.8),
                (Credit.Job.CINEMATOGRAPHY, "camera", 0.8),
                (Credit.Job.EDITING, "editor", 0.7),
            ):
                if rng.random() < chance:
                    jobs.append((job, pools.pick(trade)))
            seen = set()
            for order, (job, person) in enumerate(jobs, start=1):
                if (job, person[0]) not in seen:
                    seen.add((job, person[0]))
                    yield Credit(
                        film=film,
                        person_id=person[0],
                        role=Credit.Role.CREW,
                        job=job,
                        billing_order=order,
                    )
            size = ENSEMBLE_CAST if index == 0 else rng.randint(5, 12)
            if index in prolific_films:
                cast = pools.cast(size - 1)
                cast.insert(rng.randrange(min(len(cast), 4) + 1), pools.prolific)
            else:
                cast = pools.cast(size)
            for order, person in enumerate(cast, start=1):
                yield Credit(
                    film=film,
                    person_id=person[0],
                    role=Credit.Role.CAST,
                    character=f"{rng.choice(words.FIRST_NAMES)} {rng.choice(words.LAST_NAMES)}",
                    billing_order=order,
                )

    # About 13 credits a film: the exact number is known only once they are made.
    estimate = len(films) * 13 + ENSEMBLE_CAST
    catalogue.counts["credits"] = insert(
        Credit, rows(), total=estimate, label="credits", progress=progress
    )


def make_genre_links(
    rng: Random, films: list[Film], genres: list[Genre], catalogue: Catalogue, progress: Progress
) -> None:
    through = Film.genres.through
    rows = (
        through(film_id=film.pk, genre_id=genre.pk)
        for film in films
        for genre in rng.sample(genres, min(len(genres), rng.choice([1, 1, 2, 2, 3])))
    )
    catalogue.counts["film genres"] = insert(
        through, rows, total=len(films) * 2, label="film genres", progress=progress
    )


def make_tags() -> list[Tag]:
    """The catalogue's tag words: existing tags of the same name are reused, never changed."""
    existing = {tag.name: tag for tag in Tag.objects.filter(name__in=words.TAGS)}
    taken_slugs = set(Tag.objects.values_list("slug", flat=True))
    missing = [
        Tag(name=name, slug=slugify(name))
        for name in words.TAGS
        if name not in existing and slugify(name) not in taken_slugs
    ]
    return list(existing.values()) + Tag.objects.bulk_create(missing)


def tag_objects(
    rng: Random,
    model: type[models.Model],
    ids: list[int],
    tags: list[Tag],
    *,
    choices: list[int],
    label: str,
    progress: Progress,
) -> int:
    content_type = ContentType.objects.get_for_model(model)
    rows = (
        TaggedItem(content_type=content_type, object_id=pk, tag=tag)
        for pk in ids
        for tag in rng.sample(tags, min(len(tags), rng.choice(choices)))
    )
    return insert(TaggedItem, rows, total=len(ids) * 2, label=label, progress=progress)


def tag_films(rng: Random, films: list[Film], catalogue: Catalogue, progress: Progress) -> None:
    ids = [film.pk for film in films]
    catalogue.counts["film tags"] = tag_objects(
        rng,
        Film,
        ids,
        catalogue.tags,
        choices=[0, 1, 2, 3, 4],
        label="film tags",
        progress=progress,
    )


def make_scores(
    rng: Random, films: list[Film], outlets: list[Outlet], catalogue: Catalogue, progress: Progress
) -> None:
    def rows() -> Iterator[Score]:
        for film in films:
            quality = rng.gauss(65, 15)
            for outlet in rng.sample(outlets, min(len(outlets), rng.choice([1, 2, 2, 3]))):
                yield score(rng, film, outlet, quality)

    catalogue.counts["scores"] = insert(
        Score, rows(), total=len(films) * 2, label="scores", progress=progress
    )


def score(rng: Random, film: Film, outlet: Outlet, quality: float) -> Score:
    """A score on the outlet's own scale, with the fields Score.save() would compute."""
    out_of_100 = min(100.0, max(0.0, quality + rng.gauss(0, 8)))
    maximum = outlet.scale_maximum
    step = Decimal("0.5") if outlet.scale == Outlet.Scale.STARS else Decimal("1")
    if outlet.scale == Outlet.Scale.TEN:
        step = Decimal("0.1")
    value = (Decimal(out_of_100) * maximum / 100 / step).quantize(Decimal(1)) * step
    value = min(value, maximum)
    normalized = (value * 100 / maximum).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Score(
        film=film,
        outlet=outlet,
        value=value,
        scale_maximum=maximum,
        normalized=normalized,
        review_count=rng.randint(20, 400) if outlet.kind == Outlet.Kind.AGGREGATOR else None,
        as_of=date(2025, 1, 1),
    )
