"""schema.org JSON-LD for films and people, built from the records (never typed by hand).

Scores and critics' quotes (the reviews layer) are read through the film's prefetched
relations and the models' own properties, never imported.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from core.structured_data import absolute
from films.models import Film, Person


def _iso_duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"PT{hours}H{rest}M" if hours else f"PT{rest}M"


def _person_ref(request: HttpRequest, person: Person) -> dict[str, Any]:
    return {
        "@type": "Person",
        "name": person.name,
        "url": absolute(request, person.get_absolute_url()),
    }


def film_data(request: HttpRequest, film: Film) -> dict:
    """schema.org Movie from a film with its credits, scores and critics' quotes prefetched
    (Film.objects.for_detail())."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Movie",
        "name": film.title,
        "url": absolute(request, film.get_absolute_url()),
    }
    if film.release_date:
        data["datePublished"] = film.release_date.isoformat()
    if film.runtime_minutes:
        data["duration"] = _iso_duration(film.runtime_minutes)
    if film.synopsis:
        data["description"] = film.synopsis
    if film.poster:
        data["image"] = absolute(request, film.poster.url)
    if directors := film.directors:
        data["director"] = [_person_ref(request, person) for person in directors]
    actors = [credit.person for credit in film.cast[:10]]
    if actors:
        data["actor"] = [_person_ref(request, person) for person in actors]
    aggregates = [score for score in film.scores.all() if score.is_aggregate_rating]
    if aggregates:
        best = max(aggregates, key=lambda s: s.review_count)
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": str(best.value),
            "bestRating": str(best.scale_maximum.normalize()),
            "worstRating": "0",
            "ratingCount": best.review_count,
            "author": {"@type": "Organization", "name": best.outlet.name},
        }
    reviews = [
        {
            "@type": "Review",
            "reviewBody": quote.quote,
            "author": {"@type": "Person", "name": quote.critic}
            if quote.critic
            else {"@type": "Organization", "name": quote.outlet.name},
            "publisher": {"@type": "Organization", "name": quote.outlet.name},
            **({"url": quote.link} if quote.link else {}),
        }
        for quote in film.critic_quotes.all()
    ]
    if reviews:
        data["review"] = reviews
    return data


def person_data(request: HttpRequest, person: Person) -> dict:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": person.name,
        "url": absolute(request, person.get_absolute_url()),
    }
    if person.birth_date:
        data["birthDate"] = person.birth_date.isoformat()
    if person.birth_place:
        data["birthPlace"] = {"@type": "Place", "name": person.birth_place}
    if person.bio:
        data["description"] = person.bio.split("\n\n")[0]
    if person.photo:
        data["image"] = absolute(request, person.photo.url)
    if person.alternative_name_list:
        data["alternateName"] = person.alternative_name_list
    return data
