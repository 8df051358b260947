"""schema.org JSON-LD for posts: an Article, or a Review of the film a pick is about."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from core.structured_data import absolute
from picks.models import Post


def author_data(request: HttpRequest, post: Post) -> dict:
    """The byline as a Person; a writer with a profile also gets their author page's URL."""
    person = {"@type": "Person", "name": post.byline}
    if profile := post.author_profile:
        person["url"] = absolute(request, profile.get_absolute_url())
    return person


def post_data(request: HttpRequest, post: Post, *, films) -> dict:
    """An Article, or a Review with itemReviewed when the post is a pick about one film."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": post.title,
        "url": absolute(request, post.get_absolute_url()),
        "author": author_data(request, post),
        "publisher": {"@type": "Organization", "name": "Marquee"},
    }
    if post.standfirst:
        data["description"] = post.standfirst
    if post.publish_at:
        data["datePublished"] = post.publish_at.isoformat()
    data["dateModified"] = (post.last_modified or post.modified_at).isoformat()
    if post.hero_image:
        data["image"] = absolute(request, post.hero_image.url)
    if len(films) == 1:
        film = films[0]
        data["@type"] = "Review"
        data["itemReviewed"] = {
            "@type": "Movie",
            "name": film.title,
            "url": absolute(request, film.get_absolute_url()),
            **({"datePublished": film.release_date.isoformat()} if film.release_date else {}),
        }
        if post.rating is not None:
            data["reviewRating"] = {
                "@type": "Rating",
                "ratingValue": float(post.rating),
                "bestRating": 5,
                "worstRating": 0.5,
            }
    elif films:
        data["about"] = [
            {
                "@type": "Movie",
                "name": film.title,
                "url": absolute(request, film.get_absolute_url()),
            }
            for film in films
        ]
    return data
