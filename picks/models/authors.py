"""The magazine's named writers: a public profile for a staff account, with its page of posts."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from core.images import alt_text_constraint, checked_image_field, missing_alt_text


class AuthorProfile(models.Model):
    """How readers meet a writer: name, photo and a short bio at /authors/<slug>/."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="author_profile"
    )
    slug = models.SlugField(max_length=100, unique=True)
    display_name = models.CharField(
        max_length=100, help_text="The name on bylines and the author page."
    )
    photo = checked_image_field(upload_to="authors/")
    photo_alt = models.CharField(
        "photo alt text",
        max_length=250,
        blank=True,
        help_text="What the photo shows. Required with a photo.",
    )
    bio = models.TextField(
        "short bio",
        max_length=600,
        blank=True,
        help_text="Two or three sentences: who they are and what they write about.",
    )

    class Meta:
        ordering = ["display_name"]
        verbose_name = "author profile"
        constraints = [
            alt_text_constraint(image="photo", alt="photo_alt", name="author_photo_has_alt_text"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("picks:author_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if errors := missing_alt_text(self, image="photo", alt="photo_alt", noun="photo"):
            raise ValidationError(errors)
