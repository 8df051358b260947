"""The image library: images uploaded once and shown in any post body."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from core.images import checked_image_field
from films.models import Film
from picks.models.posts import Post, PostQuerySet


class MediaImage(models.Model):
    """An image uploaded once and used in any post body as {image:<id>}."""

    title = models.CharField(max_length=200, help_text="For finding it in the library.")
    image = checked_image_field(upload_to="library/%Y/%m/", blank=False)
    alt_text = models.CharField(
        max_length=250, help_text="What the image shows, for readers who cannot see it."
    )
    credit = models.CharField(
        max_length=200, help_text="Who made it or holds the rights, e.g. 'Photo: Lionsgate'."
    )
    films = models.ManyToManyField(
        Film,
        blank=True,
        related_name="library_images",
        help_text="Films this is a still from: the film page shows it in its stills gallery.",
    )
    # Where the subject is, in % of width and height from the top left: crops keep it in frame.
    focal_x = models.PositiveSmallIntegerField(
        "focal point across (%)",
        default=50,
        validators=[MaxValueValidator(100)],
        help_text="Click the subject in the preview; cropped copies keep it in frame.",
    )
    focal_y = models.PositiveSmallIntegerField(
        "focal point down (%)", default=50, validators=[MaxValueValidator(100)]
    )
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    # [{"width": 480, "height": 320, "name": "<storage name>"}, ...], narrowest first.
    renditions = models.JSONField(default=list, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "library image"
        verbose_name_plural = "image library"
        constraints = [
            models.CheckConstraint(
                condition=~Q(alt_text="") & ~Q(credit=""), name="media_image_alt_and_credit"
            ),
            models.CheckConstraint(
                condition=Q(focal_x__lte=100) & Q(focal_y__lte=100),
                name="media_image_focal_point_in_frame",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def reference(self) -> str:
        """What an editor types in a post body to show this image."""
        return f"{{image:{self.pk}}}"

    @property
    def resized_copies(self) -> list[dict]:
        """The renditions that show the whole image, narrowest first (not the cropped ones)."""
        return [r for r in self.renditions or [] if "crop" not in r]

    @property
    def thumbnail_url(self) -> str:
        """The narrowest rendition, for lists; the image itself if it is already small."""
        if copies := self.resized_copies:
            return self.image.storage.url(copies[0]["name"])
        return self.image.url

    @property
    def card_url(self) -> str:
        """A 16:9 copy cut around the focal point, for cards and galleries that show that shape
        (the thumbnail until one is made)."""
        card = next((r for r in self.renditions or [] if r.get("crop") == "card"), None)
        return self.image.storage.url(card["name"]) if card else self.thumbnail_url

    def posts_using(self) -> PostQuerySet:
        return Post.objects.filter(body__contains=self.reference)
