"""The editorial side: sections of the magazine and the posts editors write in them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager

from films.images import validate_image_file
from films.models import Film, Quote
from reviews.models import CriticQuote


class SectionQuerySet(models.QuerySet):
    def public(self) -> SectionQuerySet:
        """Every section has a public page; retired ones keep their archive."""
        return self.all()

    def active(self) -> SectionQuerySet:
        return self.filter(is_active=True)


class Section(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")
    is_active = models.BooleanField(
        "active", default=True, help_text="Untick to retire: the archive stays readable."
    )
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
        help_text="For a retired section: the section that carries on its work.",
    )

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(replaced_by=models.F("pk")), name="section_not_replaced_by_itself"
            ),
        ]

    def __str__(self) -> str:
        return self.name if self.is_active else f"{self.name} (retired)"

    def get_absolute_url(self) -> str:
        return reverse("picks:section_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.replaced_by_id and self.replaced_by_id == self.pk:
            raise ValidationError({"replaced_by": "A section cannot replace itself."})
        if self.replaced_by_id and self.is_active:
            raise ValidationError(
                {"replaced_by": "Only a retired section has a replacement. Untick 'active' first."}
            )


class PostQuerySet(models.QuerySet):
    def published(self) -> PostQuerySet:
        """The one definition of what readers may see: published, and its publish time has come."""
        return self.filter(status=Post.Status.PUBLISHED, publish_at__lte=timezone.now())

    def scheduled(self) -> PostQuerySet:
        return self.filter(status=Post.Status.PUBLISHED, publish_at__gt=timezone.now())

    def newest_first(self) -> PostQuerySet:
        return self.order_by("-publish_at", "-id")


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="posts")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    standfirst = models.TextField(
        blank=True, help_text="One or two sentences under the title that say why to read on."
    )
    body = models.TextField(
        blank=True,
        help_text="Markdown: **bold**, *italic*, [link](https://…), ## headings, > quotes, "
        "- lists. HTML is removed.",
    )
    hero_image = models.ImageField(
        upload_to="heroes/",
        blank=True,
        validators=[validate_image_file],
        help_text="JPEG, PNG or WebP, at most 10 MB and 40 megapixels.",
    )
    hero_image_alt = models.CharField(
        "hero image alt text",
        max_length=250,
        blank=True,
        help_text="What the image shows. Required with an image.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="posts",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        "publish date",
        null=True,
        blank=True,
        help_text="A future date schedules the post; it goes live on its own at that time.",
    )
    updated_at = models.DateTimeField(
        "updated date",
        null=True,
        blank=True,
        help_text="Shown to readers as 'Updated' after a material change.",
    )
    films = models.ManyToManyField(Film, through="PostFilm", blank=True, related_name="posts")
    tags = TaggableManager(blank=True)
    contains_spoilers = models.BooleanField(
        default=False, help_text="Readers see a spoiler warning before the body."
    )
    reader_question = models.CharField(
        "question for readers",
        max_length=300,
        blank=True,
        help_text="Ends the post and opens the comments, e.g. 'Did the ending work for you?'",
    )
    comments_open = models.BooleanField(default=True)
    featured_quotes = models.ManyToManyField(
        Quote,
        blank=True,
        related_name="featured_in",
        help_text="Memorable lines from the film to show with the post.",
    )
    featured_critic_quotes = models.ManyToManyField(
        CriticQuote,
        blank=True,
        related_name="featured_in",
        help_text="Critics' lines to show with the post.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        indexes = [
            models.Index(fields=["status", "publish_at"], name="post_status_publish_idx"),
            models.Index(
                fields=["section", "status", "publish_at"], name="post_section_publish_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(publish_at__isnull=False),
                name="post_published_has_publish_date",
            ),
            models.CheckConstraint(
                condition=Q(hero_image="") | ~Q(hero_image_alt=""),
                name="post_hero_image_has_alt_text",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("picks:post_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.hero_image and not self.hero_image_alt.strip():
            raise ValidationError(
                {"hero_image_alt": "Describe the hero image for readers who cannot see it."}
            )
        if self.status == self.Status.PUBLISHED and not self.publish_at:
            self.publish_at = timezone.now()

    @property
    def is_live(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > timezone.now()
        )

    @property
    def state_label(self) -> str:
        """Draft, Scheduled, Published or Unpublished: what an editor needs at a glance."""
        return "Scheduled" if self.is_scheduled else self.get_status_display()

    @property
    def byline(self) -> str:
        if self.author_id is None:
            return "The Marquee editors"
        return self.author.get_full_name() or self.author.get_username()


class PostFilm(models.Model):
    """Links a post to a film it is about; the film cannot be deleted while a post is about it."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="film_links")
    film = models.ForeignKey(Film, on_delete=models.PROTECT, related_name="post_links")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["post", "order", "id"]
        verbose_name = "film this post is about"
        verbose_name_plural = "films this post is about"
        constraints = [
            models.UniqueConstraint(fields=["post", "film"], name="post_film_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.post.title} → {self.film.title}"


class SiteSettings(models.Model):
    """The one record of site-wide text editors control: the footer's about text and links."""

    about_text = models.TextField(
        blank=True,
        default="Marquee is an independent magazine that recommends films worth your evening, "
        "with the facts, the scores and the quotes in one place.",
    )
    follow_text = models.CharField(
        max_length=200, blank=True, default="Follow Marquee for the next Best Pick."
    )

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="site_settings_single_row"),
        ]

    def __str__(self) -> str:
        return "Site settings"

    def save(self, *args, **kwargs) -> None:
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> SiteSettings:
        settings_row, _ = cls.objects.prefetch_related("social_links").get_or_create(pk=1)
        return settings_row


class SocialLink(models.Model):
    site_settings = models.ForeignKey(
        SiteSettings, on_delete=models.CASCADE, related_name="social_links"
    )
    label = models.CharField(max_length=60, help_text="e.g. Instagram, Mastodon, Newsletter.")
    url = models.URLField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.label


class SlugRedirect(models.Model):
    """An old slug of a film, person, post or section, so its old URL can redirect (301)."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    old_slug = models.SlugField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "old_slug"], name="slug_redirect_unique_old_slug"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model}: {self.old_slug} → #{self.object_id}"
