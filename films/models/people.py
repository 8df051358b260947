"""The people who make films: names, biographies and photos, and the query for a person's page."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from core.images import alt_text_constraint, checked_image_field, missing_alt_text
from core.search_vectors import stored_search_vector
from films.models.credits import Credit
from films.models.validators import IMDB_ID


class PersonQuerySet(models.QuerySet):
    def public(self) -> PersonQuerySet:
        """People readers may see: those an editor has published (a contributor's new person
        waits for review)."""
        return self.filter(is_published=True)

    def awaiting_review(self) -> PersonQuerySet:
        return self.filter(is_published=False)

    def visible_to(self, user) -> PersonQuerySet:
        """Readers see published people; staff who may look at people records also preview the
        ones waiting for review."""
        if user.is_authenticated and user.is_staff and user.has_perm("films.view_person"):
            return self.all()
        return self.public()

    def for_detail(self) -> PersonQuerySet:
        """A person with their published filmography, newest film first, in one extra query."""
        return self.prefetch_related(
            models.Prefetch(
                "credits",
                queryset=Credit.objects.on_published_films()
                .select_related("film")
                .order_by(
                    models.F("film__release_date").desc(nulls_last=True),
                    "film__title",
                    "role",
                    "billing_order",
                ),
            )
        )


class Person(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    alternative_names = models.TextField(
        blank=True, help_text="Other names this person is known by, one per line."
    )
    birth_date = models.DateField(null=True, blank=True)
    birth_place = models.CharField(max_length=200, blank=True)
    bio = models.TextField(blank=True, help_text="Plain text; blank lines separate paragraphs.")
    photo = checked_image_field(upload_to="people/")
    photo_alt = models.CharField(
        "photo alt text",
        max_length=250,
        blank=True,
        help_text="What the photo shows, for readers who cannot see it. Required with a photo.",
    )
    imdb_id = models.CharField("IMDb id", max_length=12, blank=True, validators=[IMDB_ID])
    tmdb_id = models.PositiveIntegerField("TMDb id", null=True, blank=True, unique=True)
    is_published = models.BooleanField(
        "published",
        default=True,
        help_text="Readers see the person only when ticked. A contributor's new person waits "
        "here for an editor's review.",
    )
    # What site search reads: the database keeps it up to date (core/search_vectors.py).
    search_vector = stored_search_vector(("name", "A"), ("alternative_names", "A"), ("bio", "C"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["name"], name="person_name_idx")]
        permissions = [("publish_person", "Can publish people (review contributors' people)")]
        constraints = [
            alt_text_constraint(image="photo", alt="photo_alt", name="person_photo_has_alt_text"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("films:person_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if errors := missing_alt_text(self, image="photo", alt="photo_alt", noun="photo"):
            raise ValidationError(errors)

    @property
    def alternative_name_list(self) -> list[str]:
        return [line.strip() for line in self.alternative_names.splitlines() if line.strip()]
