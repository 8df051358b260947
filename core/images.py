"""Checks uploads with Pillow before they are stored: real format, full decode, sane size."""

import math

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from PIL import Image, UnidentifiedImageError

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
IMAGE_HELP_TEXT = (
    f"JPEG, PNG or WebP, at most {MAX_IMAGE_BYTES // 1024**2} MB "
    f"and {MAX_IMAGE_PIXELS // 1_000_000} megapixels."
)
ACCEPTED_CONTENT_TYPES = "image/jpeg,image/png,image/webp"
# Set on an upload once it has passed, so the model's validator does not decode it a second time.
CHECKED_FLAG = "_marquee_image_checked"


def _megabytes_rounded_up(size: int) -> str:
    """10 MB and one byte reads "10.1 MB", so it never looks equal to the 10 MB limit."""
    return f"{math.ceil(size * 10 / 2**20) / 10:g} MB"


def _innermost_file(value):
    """The raw file object under a FieldFile, an UploadedFile or a temporary-file wrapper."""
    while getattr(value, "file", None) is not None and value.file is not value:
        value = value.file
    return value


def validate_image_file(value) -> None:
    """Refuse all but a fully decodable JPEG, PNG or WebP of at most 10 MB and 40 megapixels."""
    if getattr(value, "_committed", False):
        return  # already in storage: it was checked when it was uploaded
    source = _innermost_file(value)
    if getattr(source, CHECKED_FLAG, False):
        return
    size = getattr(value, "size", None)
    if size is not None and size > MAX_IMAGE_BYTES:
        raise ValidationError(
            "This image is %(size)s; the limit is %(limit)s. Export it smaller and upload again.",
            code="image_too_heavy",
            params={
                "size": _megabytes_rounded_up(size),
                "limit": _megabytes_rounded_up(MAX_IMAGE_BYTES),
            },
        )
    position = source.tell() if hasattr(source, "tell") else None
    try:
        if hasattr(source, "seek"):
            source.seek(0)
        with Image.open(source) as image:
            if image.format not in ALLOWED_FORMATS:
                raise ValidationError(
                    "This is a %(format)s image; upload a JPEG, PNG or WebP instead.",
                    code="image_format",
                    params={"format": image.format or "non-standard"},
                )
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    "This image is %(width)s × %(height)s pixels (%(mp)s megapixels); "
                    "the limit is 40 megapixels. Resize it and upload again.",
                    code="image_too_large",
                    params={"width": width, "height": height, "mp": round(width * height / 1e6)},
                )
            image.load()  # a full decode: a truncated file fails here, not at display time
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        raise ValidationError(
            "This image's dimensions are far beyond the 40-megapixel limit "
            "(it looks like a decompression bomb). Upload a normal-sized image.",
            code="image_too_large",
        ) from None
    except UnidentifiedImageError:
        raise ValidationError(
            "This file is not an image we can read. Upload a JPEG, PNG or WebP.",
            code="image_invalid",
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(
            "This image is damaged or incomplete (it could not be fully decoded). "
            "Export it again and upload the new file.",
            code="image_truncated",
        ) from None
    finally:
        if position is not None and hasattr(source, "seek"):
            source.seek(position)
    try:
        setattr(source, CHECKED_FLAG, True)
    except AttributeError:
        pass


class CheckedImageField(forms.ImageField):
    """An image upload field that runs validate_image_file first, so editors see its precise
    message ("a decompression bomb", "damaged or incomplete") instead of Django's generic one."""

    def to_python(self, data):
        if data not in self.empty_values and hasattr(data, "read"):
            validate_image_file(data)
        return super().to_python(data)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput):
            attrs["accept"] = ACCEPTED_CONTENT_TYPES
        return attrs


# Model fields: every picture on the site is checked on upload and comes with alt text.


def checked_image_field(*, upload_to: str, blank: bool = True) -> models.ImageField:
    """An image model field whose uploads pass validate_image_file."""
    return models.ImageField(
        upload_to=upload_to,
        blank=blank,
        validators=[validate_image_file],
        help_text=IMAGE_HELP_TEXT,
    )


def alt_text_constraint(*, image: str, alt: str, name: str) -> models.CheckConstraint:
    """The database's half of "an image needs alt text": no image, or some alt text."""
    return models.CheckConstraint(condition=Q(**{image: ""}) | ~Q(**{alt: ""}), name=name)


def missing_alt_text(instance, *, image: str, alt: str, noun: str) -> dict[str, str]:
    """The form's half: an error for `alt` when `image` is set and its alt text is blank."""
    if getattr(instance, image) and not getattr(instance, alt).strip():
        return {alt: f"Describe the {noun} for readers who cannot see it."}
    return {}
