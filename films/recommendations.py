"""'More like this': films ranked by what they share with a given film, each with its reasons.

Ranking happens in one SQL query (correlated subqueries count shared makers, genres, tags and
cast); the reasons for the few films shown take a fixed number of further queries. Results are
kept in the cache until any record they depend on changes (`forget_recommendations`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import (
    Count,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from taggit.models import TaggedItem

from films.models import Credit, Film, Person

MAKER_JOBS = [Credit.Job.DIRECTOR, Credit.Job.SCREENPLAY, Credit.Job.STORY]
# Per shared item. A shared director or writer counts once per job, so Chazelle writing and
# directing both films (12) outweighs any mix of shared genres, tags and cast.
WEIGHTS = {"makers": 6.0, "genres": 2.0, "tags": 1.0, "cast": 1.5}
JOB_VERBS = {
    Credit.Job.DIRECTOR: "directed",
    Credit.Job.SCREENPLAY: "written",
    Credit.Job.STORY: "written",
}


@dataclass
class Recommendation:
    film: Film
    relevance: float
    reasons: list[str] = field(default_factory=list)


def _count_subquery(queryset, outer_field: str, counted_field: str) -> Coalesce:
    counted = (
        queryset.filter(**{outer_field: OuterRef("pk")})
        .order_by()
        .values(outer_field)
        .annotate(n=Count(counted_field, distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


@dataclass(frozen=True)
class SharedWith:
    """Rows of any film that match something of one film's, as lazy querysets (subqueries)."""

    maker_credits: QuerySet  # directing or writing credits of this film's directors and writers
    cast_credits: QuerySet  # acting credits of this film's cast
    genre_links: QuerySet  # film-genre links to this film's genres
    tag_items: QuerySet  # film tags this film carries too


def shared_with(film: Film) -> SharedWith:
    film_type = ContentType.objects.get_for_model(Film)
    own = Credit.objects.filter(film=film)
    own_makers = own.filter(role=Credit.Role.CREW, job__in=MAKER_JOBS).values("person_id")
    own_cast = own.filter(role=Credit.Role.CAST).values("person_id")
    genre_links = Film.genres.through.objects
    own_tags = TaggedItem.objects.filter(content_type=film_type, object_id=film.pk)
    # Only people readers may see are reasons: an unpublished person is neither named nor counted.
    credits = Credit.objects.of_published_people()
    return SharedWith(
        maker_credits=credits.filter(
            role=Credit.Role.CREW, job__in=MAKER_JOBS, person_id__in=own_makers
        ),
        cast_credits=credits.filter(role=Credit.Role.CAST, person_id__in=own_cast),
        genre_links=genre_links.filter(
            genre_id__in=genre_links.filter(film_id=film.pk).values("genre_id")
        ),
        tag_items=TaggedItem.objects.filter(
            content_type=film_type, tag_id__in=own_tags.values("tag_id")
        ),
    )


def ranked_similar_films(film: Film):
    """Every other film sharing something with `film`, best match first, as one queryset."""
    shared = shared_with(film)
    # A shared director or writer counts once per job; the rest once per person, genre, tag.
    shared_makers = _count_subquery(shared.maker_credits, "film_id", "id")
    shared_cast = _count_subquery(shared.cast_credits, "film_id", "person_id")
    shared_genres = _count_subquery(shared.genre_links, "film_id", "genre_id")
    shared_tags = _count_subquery(shared.tag_items, "object_id", "tag_id")
    return (
        Film.objects.public()
        .exclude(pk=film.pk)
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
    """The top `limit` films like `film`, each with reasons a reader understands (cached)."""
    version = cache.get_or_set(CACHE_VERSION_KEY, time.time_ns, cache_seconds())
    key = f"films:recommendations:{version}:{film.pk}:{limit}"
    recommendations = cache.get(key)
    if recommendations is None:
        recommendations = compute_recommendations(film, limit=limit)
        cache.set(key, recommendations, cache_seconds())
    return recommendations


def compute_recommendations(film: Film, *, limit: int = 6) -> list[Recommendation]:
    """The top `limit` films like `film`, each with reasons, straight from the database."""
    films = list(ranked_similar_films(film).prefetch_related("genres")[:limit])
    if not films:
        return []
    ids = [candidate.pk for candidate in films]
    reasons: dict[int, list[str]] = {pk: [] for pk in ids}

    shared = shared_with(film)
    shared_maker_credits = (
        shared.maker_credits.filter(film_id__in=ids)
        .select_related("person")
        .order_by("film_id", "job", "billing_order")
    )
    verbs_by_maker: dict[tuple[int, Person], list[str]] = {}
    for credit in shared_maker_credits:
        verbs = verbs_by_maker.setdefault((credit.film_id, credit.person), [])
        if JOB_VERBS[credit.job] not in verbs:
            verbs.append(JOB_VERBS[credit.job])
    for (film_id, person), verbs in verbs_by_maker.items():
        # "written and directed", the way credits read.
        reasons[film_id].append(f"Also {_join(sorted(verbs, reverse=True))} by {person.name}")

    own_genres = {genre.pk: genre for genre in film.genres.all()}
    shared_cast_credits = (
        shared.cast_credits.filter(film_id__in=ids)
        .select_related("person")
        .order_by("film_id", "billing_order")
    )
    cast_names: dict[int, list[str]] = {pk: [] for pk in ids}
    for credit in shared_cast_credits:
        if credit.person.name not in cast_names[credit.film_id]:
            cast_names[credit.film_id].append(credit.person.name)

    shared_tags: dict[int, list[str]] = {pk: [] for pk in ids}
    for item in (
        shared.tag_items.filter(object_id__in=ids).select_related("tag").order_by("tag__name")
    ):
        shared_tags[item.object_id].append(item.tag.name)

    recommendations = []
    for candidate in films:
        candidate_reasons = reasons[candidate.pk]
        if cast_names[candidate.pk]:
            candidate_reasons.append("Also starring " + _join(cast_names[candidate.pk][:2]))
        shared_genres = [g for g in candidate.genres.all() if g.pk in own_genres]
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
