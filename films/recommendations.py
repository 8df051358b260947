"""'More like this': films ranked by what they share with a given film, each with its reasons.

Bounded work whatever the catalogue's size: the candidates are the films reached through the
film's own makers, top-billed cast, genres and tags, a limited number from each (indexed lookups,
one query), and only those few hundred are ranked, in a second. Six queries in all, reasons
included. Results are kept in the cache until any record they depend on changes
(`forget_recommendations`).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Count,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from taggit.models import TaggedItem

from films.models import Credit, Film, Person

logger = logging.getLogger(__name__)

MAKER_JOBS = [Credit.Job.DIRECTOR, Credit.Job.SCREENPLAY, Credit.Job.STORY]
# Per shared item. A shared director or writer counts once per job, so Chazelle writing and
# directing both films (12) outweighs any mix of shared genres, tags and cast.
WEIGHTS = {"makers": 6.0, "genres": 2.0, "tags": 1.0, "cast": 1.5}
JOB_VERBS = {
    Credit.Job.DIRECTOR: "directed",
    Credit.Job.SCREENPLAY: "written",
    Credit.Job.STORY: "written",
}
# Where candidates come from, and how many each source may offer: at most
# 100 + 8 x 25 + 4 x 40 + 6 x 25 = 610 films are ranked, whatever the catalogue's size. A source
# reaches its limit only for a prolific person (then their newest films count) or in a crowded
# genre or tag (then the index's choice, in practice the first recorded); every film considered
# is ranked on everything it shares.
MAKER_FILMS = 100
BILLED_CAST = 8
FILMS_PER_ACTOR = 25
GENRES = 4
FILMS_PER_GENRE = 40
TAGS = 6
FILMS_PER_TAG = 25


@dataclass
class Recommendation:
    film: Film
    relevance: float
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Traits:
    """What a film has that others may share: the people readers may see who made it or act
    in it (cast in billing order), and its genres and tags."""

    maker_ids: list[int]
    cast_ids: list[int]
    genre_ids: list[int]
    tag_ids: list[int]


def traits_of(film: Film) -> Traits:
    """The film's makers, cast, genres and tags, in one query (a UNION of three)."""
    film_type = ContentType.objects.get_for_model(Film)
    blank, zero = Value(""), Value(0)
    # Only people readers may see count: an unpublished person is neither named nor counted.
    credits = (
        Credit.objects.of_published_people()
        .filter(film=film)
        .order_by()
        .values_list(Value("credit"), "person_id", "role", "job", "billing_order", "id")
    )
    genres = (
        Film.genres.through.objects.filter(film=film)
        .order_by()
        .values_list(Value("genre"), "genre_id", blank, blank, zero, zero)
    )
    own_tags = TaggedItem.objects.filter(content_type=film_type, object_id=film.pk).order_by()
    tags = own_tags.values_list(Value("tag"), "tag_id", blank, blank, zero, zero)
    rows = sorted(credits.union(genres, tags, all=True), key=lambda row: row[4:])
    maker_ids, cast_ids = [], []
    for kind, item_id, role, job, _order, _id in rows:
        if kind != "credit":
            continue
        if role == Credit.Role.CAST and item_id not in cast_ids:
            cast_ids.append(item_id)
        elif job in MAKER_JOBS and item_id not in maker_ids:
            maker_ids.append(item_id)
    return Traits(
        maker_ids=maker_ids,
        cast_ids=cast_ids,
        genre_ids=sorted(row[1] for row in rows if row[0] == "genre"),
        tag_ids=sorted(row[1] for row in rows if row[0] == "tag"),
    )


def _count(queryset: QuerySet, outer_field: str, counted_field: str, *, where: dict):
    """How many rows of `queryset` belong to the outer film and match `where` (0 if none can)."""
    if any(isinstance(value, list) and not value for value in where.values()):
        return Value(0)
    counted = (
        queryset.filter(**{outer_field: OuterRef("pk")}, **where)
        .order_by()
        .values(outer_field)
        .annotate(n=Count(counted_field, distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def candidate_sources(traits: Traits) -> list[QuerySet]:
    """Film ids reached through each trait, a limited number from each (indexed lookups)."""
    film_type = ContentType.objects.get_for_model(Film)
    credits = Credit.objects.order_by(F("film__release_date").desc(nulls_last=True), "-film_id")
    sources = []
    if traits.maker_ids:
        makers = credits.filter(
            role=Credit.Role.CREW, job__in=MAKER_JOBS, person_id__in=traits.maker_ids
        )
        sources.append(makers.values_list("film_id")[:MAKER_FILMS])
    for person_id in traits.cast_ids[:BILLED_CAST]:
        acted = credits.filter(role=Credit.Role.CAST, person_id=person_id)
        sources.append(acted.values_list("film_id")[:FILMS_PER_ACTOR])
    genre_links = Film.genres.through.objects.order_by()
    for genre_id in traits.genre_ids[:GENRES]:
        links = genre_links.filter(genre_id=genre_id)
        sources.append(links.values_list("film_id")[:FILMS_PER_GENRE])
    tag_items = TaggedItem.objects.filter(content_type=film_type).order_by()
    for tag_id in traits.tag_ids[:TAGS]:
        sources.append(tag_items.filter(tag_id=tag_id).values_list("object_id")[:FILMS_PER_TAG])
    return sources


def candidate_ids(film: Film, traits: Traits) -> set[int]:
    """Every film the sources reach, in one query: a UNION where the database allows a limit
    in each part (PostgreSQL), else the same parts as OR-ed subqueries (SQLite)."""
    sources = candidate_sources(traits)
    if not sources:
        return set()
    if len(sources) == 1:
        reached = Film.objects.filter(pk__in=sources[0])
    elif connection.features.supports_slicing_ordering_in_compound:
        reached = Film.objects.filter(pk__in=sources[0].union(*sources[1:], all=True))
    else:
        reached = Film.objects.filter(reduce(or_, (Q(pk__in=source) for source in sources)))
    return set(reached.exclude(pk=film.pk).order_by().values_list("pk", flat=True))


def ranked_similar_films(film: Film, traits: Traits | None = None) -> QuerySet:
    """The candidates sharing something with `film` (found with one query now), best match
    first, as a queryset to slice."""
    traits = traits or traits_of(film)
    ids = candidate_ids(film, traits)
    film_type = ContentType.objects.get_for_model(Film)
    # A shared director or writer counts once per job; the rest once per person, genre, tag.
    shared_makers = _count(
        Credit.objects,
        "film_id",
        "id",
        where={"role": Credit.Role.CREW, "job__in": MAKER_JOBS, "person_id__in": traits.maker_ids},
    )
    shared_cast = _count(
        Credit.objects,
        "film_id",
        "person_id",
        where={"role": Credit.Role.CAST, "person_id__in": traits.cast_ids},
    )
    shared_genres = _count(
        Film.genres.through.objects,
        "film_id",
        "genre_id",
        where={"genre_id__in": traits.genre_ids},
    )
    shared_tags = _count(
        TaggedItem.objects.filter(content_type=film_type),
        "object_id",
        "tag_id",
        where={"tag_id__in": traits.tag_ids},
    )
    return (
        Film.objects.public()
        .filter(pk__in=ids)
        .with_combined_score()
        .annotate(
            shared_makers=shared_makers,
            shared_genres=shared_genres,
            shared_tags=shared_tags,
            shared_cast=shared_cast,
        )
        .annotate(
            relevance=(
                F("shared_makers") * WEIGHTS["makers"]
                + F("shared_genres") * WEIGHTS["genres"]
                + F("shared_tags") * WEIGHTS["tags"]
                + F("shared_cast") * WEIGHTS["cast"]
            )
        )
        .filter(relevance__gt=0)
        .order_by(
            F("relevance").desc(),
            Coalesce(F("combined_score"), Value(Decimal(0)), output_field=FloatField()).desc(),
            "title",
        )
    )


CACHE_VERSION_KEY = "films:recommendations:version"
SHARED_CACHE_SECONDS = 24 * 60 * 60
# A local-memory cache lives in one process: the others hear of a change only by expiry.
LOCAL_CACHE_SECONDS = 5 * 60


def cache_seconds() -> int:
    backend = settings.CACHES["default"]["BACKEND"]
    return LOCAL_CACHE_SECONDS if backend.endswith("LocMemCache") else SHARED_CACHE_SECONDS


def forget_recommendations(**kwargs) -> None:
    """A film, credit, person, score, genre or tag changed: every cached list may be stale.

    Dropping the version key retires all lists at once, in every process sharing the cache.
    """
    cache.delete(CACHE_VERSION_KEY)


def recommend_films(film: Film, *, limit: int = 6) -> list[Recommendation]:
    """The top `limit` films like `film`, each with reasons a reader understands (cached; a
    cache outage costs speed, never the page)."""
    try:
        version = cache.get_or_set(CACHE_VERSION_KEY, time.time_ns, cache_seconds())
        key = f"films:recommendations:{version}:{film.pk}:{limit}"
        recommendations = cache.get(key)
    except Exception:
        logger.exception("Cache unavailable; recommendations for %s computed live", film.pk)
        return compute_recommendations(film, limit=limit)
    if recommendations is None:
        recommendations = compute_recommendations(film, limit=limit)
        cache.set(key, recommendations, cache_seconds())
    return recommendations


def compute_recommendations(film: Film, *, limit: int = 6) -> list[Recommendation]:
    """The top `limit` films like `film`, each with reasons, straight from the database."""
    traits = traits_of(film)
    films = list(ranked_similar_films(film, traits).prefetch_related("genres")[:limit])
    if not films:
        return []
    ids = [candidate.pk for candidate in films]
    reasons: dict[int, list[str]] = {pk: [] for pk in ids}
    cast_names: dict[int, list[str]] = {pk: [] for pk in ids}
    verbs_by_maker: dict[tuple[int, Person], list[str]] = {}
    maker_ids, cast_ids = set(traits.maker_ids), set(traits.cast_ids)
    shared_credits = (
        Credit.objects.filter(film_id__in=ids, person_id__in=maker_ids | cast_ids)
        .select_related("person")
        .order_by("film_id", "job", "billing_order", "id")
    )
    for credit in shared_credits:
        if credit.role == Credit.Role.CAST:
            if credit.person_id in cast_ids:
                cast_names[credit.film_id].append(credit)
        elif credit.job in MAKER_JOBS and credit.person_id in maker_ids:
            verbs = verbs_by_maker.setdefault((credit.film_id, credit.person), [])
            if JOB_VERBS[credit.job] not in verbs:
                verbs.append(JOB_VERBS[credit.job])
    for (film_id, person), verbs in verbs_by_maker.items():
        # "written and directed", the way credits read.
        reasons[film_id].append(f"Also {_join(sorted(verbs, reverse=True))} by {person.name}")

    shared_tags: dict[int, list[str]] = {pk: [] for pk in ids}
    film_type = ContentType.objects.get_for_model(Film)
    tag_items = TaggedItem.objects.filter(
        content_type=film_type, object_id__in=ids, tag_id__in=traits.tag_ids
    )
    for item in tag_items.select_related("tag").order_by("tag__name"):
        shared_tags[item.object_id].append(item.tag.name)

    recommendations = []
    for candidate in films:
        candidate_reasons = reasons[candidate.pk]
        if names := _billed_names(cast_names[candidate.pk]):
            candidate_reasons.append("Also starring " + _join(names[:2]))
        shared_genres = [g for g in candidate.genres.all() if g.pk in traits.genre_ids]
        if shared_genres:
            candidate_reasons.append("Also " + _join([g.as_noun for g in shared_genres[:2]]))
        if shared_tags[candidate.pk] and len(candidate_reasons) < 3:
            tags = [f"“{name}”" for name in shared_tags[candidate.pk][:2]]
            candidate_reasons.append("Also tagged " + _join(tags))
        recommendations.append(
            Recommendation(
                film=candidate, relevance=float(candidate.relevance), reasons=candidate_reasons
            )
        )
    return recommendations


def _billed_names(credits: list[Credit]) -> list[str]:
    """The people of these acting credits in billing order, each once."""
    names: list[str] = []
    for credit in sorted(credits, key=lambda credit: (credit.billing_order, credit.pk)):
        if credit.person.name not in names:
            names.append(credit.person.name)
    return names


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def recommend_films_for_post(post, *, limit: int = 6) -> list[Recommendation]:
    """'If you liked this pick': films like the post's first film, minus those the post covers."""
    covered = post.films_in_order  # the editor's order: the lead film comes first
    if not covered:
        return []
    covered_ids = {film.pk for film in covered}
    recommendations = recommend_films(covered[0], limit=limit + len(covered_ids))
    return [r for r in recommendations if r.film.pk not in covered_ids][:limit]
