"""The posts editors write in the magazine's sections, with the films and quotes a post
features."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from taggit.managers import TaggableManager

from core.images import alt_text_constraint, checked_image_field, missing_alt_text
from core.search_vectors import stored_search_vector
from films.models import Film, Quote
from picks.models.sections import Section
from reviews.models import CriticQuote

# A long read of 8,000 words is about 50,000 characters: twice that is room enough, and it bounds
# the work one save asks of the Markdown renderer (picks/markdown.py).
BODY_MAX_CHARS = 100_000
validate_body_length = MaxLengthValidator(
    BODY_MAX_CHARS,
    message="A post body can be at most %(limit_value)d characters (this one has %(show_value)d).",
)
# What body_html is rendered from: a save that names one of these saves the HTML too.
RENDERED_FROM = {"body"}
# Our rating: out of 5, in half steps.
RATING_STEPS = [Decimal(half) / 2 for half in range(1, 11)]


STAFF_FALLBACK_NAME = "Marquee staff"
# The long columns a post card or list never shows: a list reads only what it shows.
CARD_SKIPS = ("body", "body_html", "search_vector")


def display_name(user) -> str:
    """How the site names a user to readers: their full name, else "Marquee staff". Never the
    username, which may be an email address."""
    return user.get_full_name().strip() or STAFF_FALLBACK_NAME


def is_staff_author(user) -> bool:
    """A signed-in member of staff, writing as the magazine (staff replies, bylines)."""
    return bool(user is not None and user.is_authenticated and user.is_staff)


class PostQuerySet(models.QuerySet):
    def published(self) -> PostQuerySet:
        """The one definition of what readers may see: published, and its publish time has come."""
        return self.filter(status=Post.Status.PUBLISHED, publish_at__lte=timezone.now())

    def featured(self) -> PostQuerySet:
        """Published posts an editor pinned to the front page whose pin has not ended, newest
        first. A pin always ends: an old tick must never outrank a new Best Pick."""
        return (
            self.published()
            .filter(is_featured=True, pinned_until__gt=timezone.now())
            .order_by("-publish_at", "-id")
        )

    def scheduled(self) -> PostQuerySet:
        return self.filter(status=Post.Status.PUBLISHED, publish_at__gt=timezone.now())

    def newest_first(self) -> PostQuerySet:
        return self.order_by("-publish_at", "-id")

    def last_updated(self):
        """When any of these posts last changed for readers (publish or updated date), or None."""
        return self.aggregate(latest=models.Max(Coalesce("updated_at", "publish_at")))["latest"]

    def visible_to(self, user) -> PostQuerySet:
        """Readers see published posts. Editors (who may publish) also preview every other post;
        a contributor previews only their own."""
        if user.has_perm("picks.publish_post"):
            return self.all()
        if user.is_authenticated and user.has_perm("picks.change_post"):
            return self.filter(Q(pk__in=self.published().values("pk")) | Q(author=user))
        return self.published()

    def for_cards(self) -> PostQuerySet:
        """What a post card shows (section, byline, image or the lead film's poster, and the
        comment count). The long text a card never shows stays in the database."""
        return (
            self.defer(*CARD_SKIPS)
            .select_related("section", "author__author_profile")
            .prefetch_related(
                models.Prefetch(
                    "film_links", queryset=PostFilm.objects.of_public_films().select_related("film")
                )
            )
            .with_comment_count()
        )

    def for_detail(self) -> PostQuerySet:
        """Everything the post page shows, in a fixed number of queries."""
        return self.select_related("section", "author__author_profile").prefetch_related(
            "tags",
            models.Prefetch(
                "film_links",
                queryset=PostFilm.objects.of_public_films().prefetch_related(
                    models.Prefetch("film", queryset=Film.objects.for_about_cards())
                ),
            ),
            models.Prefetch(
                "featured_critic_quotes",
                queryset=CriticQuote.objects.filter(film__in=Film.objects.public()).select_related(
                    "outlet"
                ),
            ),
            models.Prefetch(
                "featured_quotes",
                queryset=Quote.objects.filter(film__in=Film.objects.public()).select_related(
                    "person", "film"
                ),
            ),
        )

    def about_film(self, film: Film) -> PostQuerySet:
        return self.filter(pk__in=PostFilm.objects.filter(film=film).values("post_id"))

    def about_person(self, person) -> PostQuerySet:
        """Posts about any film the person worked on."""
        return self.filter(
            pk__in=PostFilm.objects.of_public_films()
            .filter(film__credits__person=person)
            .values("post_id")
        )

    def tagged(self, tag) -> PostQuerySet:
        return self.filter(pk__in=Post.objects.filter(tags=tag).values("pk"))

    def related_to(self, post: Post) -> PostQuerySet:
        """Other posts that share a film or a tag with this one."""
        film_ids = [link.film_id for link in post.film_links.all()]
        tag_ids = [tag.pk for tag in post.tags.all()]
        shares_film = Q(pk__in=PostFilm.objects.filter(film__in=film_ids).values("post_id"))
        shares_tag = Q(pk__in=Post.objects.filter(tags__in=tag_ids).values("pk"))
        return self.filter(shares_film | shares_tag).exclude(pk=post.pk)

    def latest_per_section(self, per_section: int) -> PostQuerySet:
        """The newest few posts of every active section, in one query, grouped by section.

        The window ranks ids alone; only the few rows it keeps are read whole and annotated
        (comment counts...), however many posts the sections hold.
        """
        rank = models.Window(
            RowNumber(),
            partition_by=[models.F("section_id")],
            order_by=[models.F("publish_at").desc(), models.F("id").desc()],
        )
        newest = (
            self.filter(section__is_active=True)
            .annotate(rank_in_section=rank)
            .filter(rank_in_section__lte=per_section)
            .values("pk")
        )
        return self.filter(pk__in=newest).order_by(
            "section__order", "section__name", "-publish_at", "-id"
        )

    def with_comment_count(self) -> PostQuerySet:
        """Annotate `comment_count`: the comments readers can see, in one subquery per row."""
        # Comment (picks/models/comments.py) points at Post, so Post reaches it by the relation.
        comment = self.model._meta.get_field("comments").related_model
        visible = (
            comment.objects.visible()
            .filter(post=models.OuterRef("pk"))
            .order_by()
            .values("post")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(
            comment_count=Coalesce(models.Subquery(visible), 0, output_field=models.IntegerField())
        )


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
        validators=[validate_body_length],
    )
    # The body as readers see it, rendered and sanitised on every save (picks/markdown.py), so
    # no page view runs the Markdown renderer.
    body_html = models.TextField(editable=False, blank=True, default="")
    # What site search reads: the database keeps it up to date (core/search_vectors.py).
    search_vector = stored_search_vector(("title", "A"), ("standfirst", "B"), ("body", "C"))
    hero_image = checked_image_field(upload_to="heroes/")
    hero_image_alt = models.CharField(
        "hero image alt text",
        max_length=250,
        blank=True,
        help_text="What the image shows. Required with an image.",
    )
    rating = models.DecimalField(
        "our rating",
        max_digits=2,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="Out of 5, in half steps (e.g. 4.5). A published Best Pick needs one.",
    )
    verdict = models.CharField(
        "our verdict",
        max_length=160,
        blank=True,
        help_text="One line that sums the film up, shown with the rating on cards and the post.",
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
    is_featured = models.BooleanField(
        "pin to the front page",
        default=False,
        help_text="Leads the front page until the date below. Without a pin, the newest Best "
        "Pick leads (else the newest post of the first active section).",
    )
    pinned_until = models.DateTimeField(
        "pinned until",
        null=True,
        blank=True,
        help_text="When the pin ends and the newest Best Pick leads again.",
    )
    comments_close_after_days = models.PositiveSmallIntegerField(
        "close comments after (days)",
        null=True,
        blank=True,
        help_text="Blank: the site default. 0: never close. Untick 'comments open' to close now.",
    )
    featured_quotes = models.ManyToManyField(
        Quote,
        through="PostQuote",
        blank=True,
        related_name="featured_in",
        help_text="Memorable lines from the film to show with the post.",
    )
    featured_critic_quotes = models.ManyToManyField(
        CriticQuote,
        through="PostCriticQuote",
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
        permissions = [("publish_post", "Can publish and unpublish posts")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(publish_at__isnull=False),
                name="post_published_has_publish_date",
            ),
            alt_text_constraint(
                image="hero_image", alt="hero_image_alt", name="post_hero_image_has_alt_text"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__in=RATING_STEPS),
                name="post_rating_in_half_steps_to_5",
                violation_error_message="Our rating is out of 5, in half steps: 0.5, 1, … 4.5, 5.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        """A save naming the body names body_html too: pre_save renders it (picks/markdown.py)."""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and RENDERED_FROM & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("picks:post_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if errors := missing_alt_text(
            self, image="hero_image", alt="hero_image_alt", noun="hero image"
        ):
            raise ValidationError(errors)
        if self.status == self.Status.PUBLISHED and not self.publish_at:
            self.publish_at = timezone.now()
        if self.is_featured and self.pinned_until is None:
            raise ValidationError(
                {
                    "pinned_until": "A pin needs an end date: until when should this post lead "
                    "the front page?"
                }
            )

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
    def rendered_body(self) -> SafeString:
        """The body as readers see it, for templates."""
        return mark_safe(self.body_html)  # sanitised by nh3 before it was stored

    @property
    def last_modified(self):
        """When readers last saw the post change: its updated date, else its publish date."""
        return self.updated_at or self.publish_at

    @property
    def shows_updated_date(self) -> bool:
        """The byline says "Updated <date>" only when that day differs from the publish day
        (in the site's time zone): "27 November · Updated 27 November" tells readers nothing."""
        if self.updated_at is None:
            return False
        if self.publish_at is None:
            return True
        return timezone.localdate(self.updated_at) != timezone.localdate(self.publish_at)

    @property
    def byline(self) -> str:
        if self.author_id is None:
            return "The Marquee editors"
        if profile := self.author_profile:
            return profile.display_name
        return display_name(self.author)

    @property
    def author_profile(self):
        """The writer's public profile (picks.AuthorProfile), or None; select_related
        "author__author_profile" to read it without a query."""
        if self.author_id is None:
            return None
        return getattr(self.author, "author_profile", None)

    @property
    def rating_stars(self) -> str:
        """4.5 reads "★★★★½": the rating as readers see it (the number goes beside it)."""
        if self.rating is None:
            return ""
        whole, half = divmod(int(self.rating * 2), 2)
        return "★" * whole + ("½" if half else "")

    @property
    def films_in_order(self) -> list[Film]:
        """The films the post is about, in the editor's order (reads prefetched film_links)."""
        return [link.film for link in self.film_links.all()]

    @property
    def lead_film(self) -> Film | None:
        films = self.films_in_order
        return films[0] if films else None

    @property
    def comments_close_at(self):
        """When comments close by themselves; None if they never do (or the post is unpublished)."""
        days = self.comments_close_after_days
        if days is None:
            days = settings.MARQUEE_COMMENTS_CLOSE_AFTER_DAYS
        if not days or self.publish_at is None:
            return None
        return self.publish_at + timedelta(days=days)

    @property
    def accepts_comments(self) -> bool:
        if not (self.comments_open and self.is_live):
            return False
        close_at = self.comments_close_at
        return close_at is None or timezone.now() < close_at


class PostFilmQuerySet(models.QuerySet):
    def of_public_films(self) -> PostFilmQuerySet:
        """Links readers may follow: the film is published (Film.objects.public())."""
        return self.filter(film__in=Film.objects.public())


class PostFilm(models.Model):
    """Links a post to a film it is about; the film cannot be deleted while a post is about it."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="film_links")
    film = models.ForeignKey(Film, on_delete=models.PROTECT, related_name="post_links")
    order = models.PositiveSmallIntegerField(default=0)

    objects = PostFilmQuerySet.as_manager()

    class Meta:
        ordering = ["post", "order", "id"]
        verbose_name = "film this post is about"
        verbose_name_plural = "films this post is about"
        constraints = [
            models.UniqueConstraint(fields=["post", "film"], name="post_film_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.post.title} → {self.film.title}"
