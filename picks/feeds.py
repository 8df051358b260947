"""RSS and Atom feeds of all posts and of each section, built on Django's syndication framework."""

from __future__ import annotations

import mimetypes

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from picks.models import Post, Section

FEED_LENGTH = 20
SPOILER_NOTE = "This post discusses the whole plot, including the ending."


class LatestPostsFeed(Feed):
    title = f"{settings.MARQUEE_SITE_NAME}: latest picks"
    description = "New Best Picks, reviews and long reads from Marquee."

    def link(self) -> str:
        return reverse("picks:home")

    def items(self):
        return Post.objects.published().select_related("author__author_profile", "section")[
            :FEED_LENGTH
        ]

    def item_title(self, item: Post) -> str:
        return item.title

    def item_description(self, item: Post) -> str:
        """The standfirst only: it is written spoiler-free; the body may not be."""
        if item.contains_spoilers:
            return f"{item.standfirst} ({SPOILER_NOTE})".strip()
        return item.standfirst

    def item_author_name(self, item: Post) -> str:
        return item.byline

    def item_pubdate(self, item: Post):
        return item.publish_at

    def item_updateddate(self, item: Post):
        return item.last_modified

    def item_categories(self, item: Post) -> list[str]:
        return [item.section.name]

    def item_enclosure_url(self, item: Post) -> str | None:
        if not item.hero_image:
            return None
        return self._request.build_absolute_uri(item.hero_image.url)

    def item_enclosure_length(self, item: Post) -> int:
        try:
            return item.hero_image.size
        except OSError:  # the file went missing from storage; the feed still works
            return 0

    def item_enclosure_mime_type(self, item: Post) -> str:
        return mimetypes.guess_type(item.hero_image.name)[0] or "image/jpeg"

    def __call__(self, request: HttpRequest, *args, **kwargs):
        self._request = request
        return super().__call__(request, *args, **kwargs)


class LatestPostsAtomFeed(LatestPostsFeed):
    feed_type = Atom1Feed
    subtitle = LatestPostsFeed.description


class SectionFeed(LatestPostsFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Section:
        return get_object_or_404(Section.objects.public(), slug=slug)

    def title(self, section: Section) -> str:
        return f"{settings.MARQUEE_SITE_NAME}: {section.name}"

    def description(self, section: Section) -> str:
        return section.description or f"Posts in {section.name} from Marquee."

    def link(self, section: Section) -> str:
        return section.get_absolute_url()

    def items(self, section: Section):
        return (
            Post.objects.published()
            .filter(section=section)
            .select_related("author__author_profile", "section")[:FEED_LENGTH]
        )


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed

    def subtitle(self, section: Section) -> str:
        return self.description(section)
