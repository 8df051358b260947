"""Template helpers for reader pages: share links, and the posts about or mentioning a film or
person (how the film and person pages, one layer down, show the magazine's posts)."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template

from films.models import Film
from picks.models import MediaImage, Mention, Post
from picks.models.posts import CARD_SKIPS

register = template.Library()

POSTS_ABOUT = 6
MENTIONED_IN = 10
STILLS = 12


@register.simple_tag(takes_context=True)
def share_links(context, post) -> list[tuple[str, str]]:
    """Plain links to share a post: nothing loads from those hosts until a reader clicks."""
    request = context.get("request")
    url = request.build_absolute_uri(post.get_absolute_url()) if request else ""
    title = post.title
    return [
        ("Email", "mailto:?" + urlencode({"subject": title, "body": url})),
        ("Bluesky", "https://bsky.app/intent/compose?" + urlencode({"text": f"{title} {url}"})),
        ("X", "https://x.com/intent/post?" + urlencode({"text": title, "url": url})),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
    ]


@register.simple_tag
def posts_about_film(film) -> list[Post]:
    return list(Post.objects.published().about_film(film).newest_first().for_cards()[:POSTS_ABOUT])


@register.simple_tag
def posts_about_person(person) -> list[Post]:
    """Posts about any film the person worked on."""
    posts = Post.objects.published().about_person(person).newest_first().for_cards()
    return list(posts[:POSTS_ABOUT])


@register.simple_tag
def posts_mentioning(record, exclude=()) -> list[Post]:
    """Published posts that name the film or person (unless an editor said "not this"),
    newest first, leaving out those already shown (`exclude`): one query."""
    named = Mention.objects.kept().filter(
        **{"film" if isinstance(record, Film) else "person": record}
    )
    posts = (
        Post.objects.published()
        .filter(pk__in=named.values("post_id"))
        .exclude(pk__in=[post.pk for post in exclude])
        .newest_first()
        .select_related("section")
        .defer(*CARD_SKIPS)
    )
    return list(posts[:MENTIONED_IN])


@register.inclusion_tag("picks/includes/film_stills.html")
def film_stills(film) -> dict:
    """The film page's stills gallery: library images an editor marked as stills from it."""
    stills = MediaImage.objects.filter(films=film).order_by("created_at", "id")[:STILLS]
    return {"film": film, "stills": list(stills)}
