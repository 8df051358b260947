"""Sitemap sections for posts, sections and tags: only what a reader can open, a page of
PAGE_SIZE URLs at a time, each section's latest change from one aggregate query."""

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from taggit.models import Tag, TaggedItem

from films.models import Film
from films.sitemaps import PAGE_SIZE
from picks.models import Post, Section


class PostSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = PAGE_SIZE

    def items(self):
        fields = ("slug", "updated_at", "publish_at")
        return Post.objects.published().only(*fields).order_by("-publish_at", "pk")

    def lastmod(self, post: Post):
        return post.last_modified

    def get_latest_lastmod(self) -> datetime | None:
        # Post.last_modified, for every post at once.
        latest = Max(Coalesce("updated_at", "publish_at"))
        return Post.objects.published().aggregate(latest=latest)["latest"]


class SectionSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6
    limit = PAGE_SIZE

    def items(self):
        return (
            Section.objects.public()
            .annotate(
                latest_post=Max("posts__publish_at", filter=Q(posts__in=Post.objects.published()))
            )
            .order_by("order", "pk")
        )

    def lastmod(self, section: Section):
        return section.latest_post

    def get_latest_lastmod(self) -> datetime | None:
        published = Post.objects.published().filter(section__in=Section.objects.public())
        return published.aggregate(latest=Max("publish_at"))["latest"]


class TagSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.4
    limit = PAGE_SIZE

    def items(self):
        """Tags that label at least one published post or one film: an EXISTS per tag on its
        tagged items' index, rather than a DISTINCT over every tagged item."""
        post_type, film_type = ContentType.objects.get_for_models(Post, Film).values()
        labels = TaggedItem.objects.filter(tag=OuterRef("pk"))
        on_a_post = labels.filter(
            content_type=post_type, object_id__in=Post.objects.published().values("pk")
        )
        on_a_film = labels.filter(
            content_type=film_type, object_id__in=Film.objects.public().values("pk")
        )
        return Tag.objects.filter(Exists(on_a_post) | Exists(on_a_film)).order_by("slug")

    def location(self, tag: Tag) -> str:
        return reverse("picks:tag_detail", kwargs={"slug": tag.slug})
