"""schema.org JSON-LD built from the records (never typed by hand) for films, posts and people."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from films.models import Film, Person
from picks.models import Post
from reviews.models import Outlet

_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def to_script_tag(data: dict[str, Any] | list[dict[str, Any]]) -> SafeString:
    """A <script type="application/ld+json"> data block (never executed), escaped as json_script."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308


def _absolute(request: HttpRequest, url: str) -> str:
    return request.build_absolute_uri(url)


def _iso_duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"PT{hours}H{rest}M" if hours else f"PT{rest}M"


def _person_ref(request: HttpRequest, person: Person) -> dict[str, Any]:
    return {
        "@type": "Person",
        "name": person.name,
        "url": _absolute(request, person.get_absolute_url()),
    }


def film_data(request: HttpRequest, film: Film) -> dict:
    """schema.org Movie from a film with its credits, scores and critics' quotes prefetched
    (Film.objects.for_detail())."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Movie",
        "name": film.title,
        "url": _absolute(request, film.get_absolute_url()),
    }
    if film.release_date:
        data["datePublished"] = film.release_date.isoformat()
    if film.runtime_minutes:
        data["duration"] = _iso_duration(film.runtime_minutes)
    if film.synopsis:
        data["description"] = film.synopsis
    if film.poster:
        data["image"] = _absolute(request, film.poster.url)
    if directors := film.directors:
        data["director"] = [_person_ref(request, person) for person in directors]
    actors = [credit.person for credit in film.cast[:10]]
    if actors:
        data["actor"] = [_person_ref(request, person) for person in actors]
    # An aggregator's mean rating is an AggregateRating; a percent-positive figure (Rotten
    # Tomatoes) is not a rating, and a figure without a review count cannot be stated honestly.
    aggregates = [
        s
        for s in film.scores.all()
        if s.outlet.kind == Outlet.Kind.AGGREGATOR
        and s.outlet.scale != Outlet.Scale.PERCENT
        and s.review_count
    ]
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


def post_data(request: HttpRequest, post: Post, *, films) -> dict:
    """An Article, or a Review with itemReviewed when the post is a pick about one film."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": post.title,
        "url": _absolute(request, post.get_absolute_url()),
        "author": {"@type": "Person", "name": post.byline},
        "publisher": {"@type": "Organization", "name": "Marquee"},
    }
    if post.standfirst:
        data["description"] = post.standfirst
    if post.publish_at:
        data["datePublished"] = post.publish_at.isoformat()
    data["dateModified"] = (post.last_modified or post.modified_at).isoformat()
    if post.hero_image:
        data["image"] = _absolute(request, post.hero_image.url)
    if len(films) == 1:
        film = films[0]
        data["@type"] = "Review"
        data["itemReviewed"] = {
            "@type": "Movie",
            "name": film.title,
            "url": _absolute(request, film.get_absolute_url()),
            **({"datePublished": film.release_date.isoformat()} if film.release_date else {}),
        }
    elif films:
        data["about"] = [
            {
                "@type": "Movie",
                "name": film.title,
                "url": _absolute(request, film.get_absolute_url()),
            }
            for film in films
        ]
    return data


def person_data(request: HttpRequest, person: Person) -> dict:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": person.name,
        "url": _absolute(request, person.get_absolute_url()),
    }
    if person.birth_date:
        data["birthDate"] = person.birth_date.isoformat()
    if person.birth_place:
        data["birthPlace"] = {"@type": "Place", "name": person.birth_place}
    if person.bio:
        data["description"] = person.bio.split("\n\n")[0]
    if person.photo:
        data["image"] = _absolute(request, person.photo.url)
    if person.alternative_name_list:
        data["alternateName"] = person.alternative_name_list
    return data


def breadcrumb_data(request: HttpRequest, trail: list[tuple[str, str]]) -> dict:
    """BreadcrumbList from (name, url) pairs, home first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": _absolute(request, url),
            }
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }
