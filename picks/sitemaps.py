"""Sitemap sections for posts, sections and tags: only what a reader can open."""

from django.contrib.contenttypes.models import ContentType
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse
from taggit.models import Tag

from films.models import Film
from picks.models import Post, Section


class PostSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Post.objects.published().order_by("-publish_at", "pk")

    def lastmod(self, post: Post):
        return post.last_modified


class SectionSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

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


class TagSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        """Tags that label at least one published post or one film."""
        post_type, film_type = ContentType.objects.get_for_models(Post, Film).values()
        return (
            Tag.objects.filter(
                Q(
                    taggit_taggeditem_items__content_type=post_type,
                    taggit_taggeditem_items__object_id__in=Post.objects.published().values("pk"),
                )
                | Q(
                    taggit_taggeditem_items__content_type=film_type,
                    taggit_taggeditem_items__object_id__in=Film.objects.public().values("pk"),
                )
            )
            .distinct()
            .order_by("slug")
        )

    def location(self, tag: Tag) -> str:
        return reverse("picks:tag_detail", kwargs={"slug": tag.slug})
