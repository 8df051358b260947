"""The image library: resized copies made once with Pillow, and {image:<id>} in post bodies.

Renditions are made when an image is uploaded (or, for one that has none, the first time a
page shows it) and stored through Django's storage API, so an image is resized once, ever.
"""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from PIL import Image, ImageOps

from core.images import FORMATS
from picks.models import MediaImage

RENDITION_WIDTHS = (480, 960, 1600)
# The post body column is about 46rem wide; phones use the whole screen.
SIZES = "(min-width: 52rem) 46rem, 100vw"
SAVE_OPTIONS = {"JPEG": {"quality": 82, "optimize": True}, "WEBP": {"quality": 80}, "PNG": {}}
# A reference alone in its paragraph, as Markdown renders it: <p>{image:42}</p>.
REFERENCE = re.compile(r"<p>\{image:(\d+)\}</p>")


def make_renditions(media: MediaImage) -> None:
    """Store a resized copy at each rendition width narrower than the image; record them.

    Saves the image row (width, height, renditions). Old rendition files are replaced.
    """
    storage = media.image.storage
    media.image.open("rb")
    try:
        with Image.open(media.image) as source:
            image_format = source.format if source.format in SAVE_OPTIONS else "JPEG"
            upright = ImageOps.exif_transpose(source)
            upright.load()
    finally:
        media.image.close()
    media.width, media.height = upright.size
    if image_format == "JPEG" and upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    delete_renditions(media)
    stem = PurePosixPath(media.image.name).stem
    renditions = []
    for width in RENDITION_WIDTHS:
        if width >= media.width:
            break
        height = round(media.height * width / media.width)
        buffer = BytesIO()
        upright.resize((width, height), Image.Resampling.LANCZOS).save(
            buffer, image_format, **SAVE_OPTIONS[image_format]
        )
        name = storage.save(
            f"library/renditions/{stem}-{width}w.{FORMATS[image_format].extension}",
            ContentFile(buffer.getvalue()),
        )
        renditions.append({"width": width, "height": height, "name": name})
    media.renditions = renditions
    media.save(update_fields=["width", "height", "renditions"])


def delete_renditions(media: MediaImage) -> None:
    for rendition in media.renditions or []:
        media.image.storage.delete(rendition["name"])


def media_image_store(*, media: MediaImage, by=None, new_file: bool = True) -> MediaImage:
    """Save a library image (uploaded by `by` unless it says otherwise); a new file gets its
    renditions. The upload field has already checked and cleaned the image (core.images); a
    file from elsewhere is checked and cleaned as the image field stores it."""
    if media.uploaded_by_id is None and by is not None and by.is_authenticated:
        media.uploaded_by = by
    media.full_clean(exclude=["image"])
    with transaction.atomic():
        media.save()
        if new_file:
            make_renditions(media)
    return media


def srcset(media: MediaImage) -> str:
    storage = media.image.storage
    candidates = [f"{storage.url(r['name'])} {r['width']}w" for r in media.renditions]
    candidates.append(f"{media.image.url} {media.width}w")
    return ", ".join(candidates)


def figure_html(media: MediaImage) -> SafeString:
    fallback = next((r for r in media.renditions if r["width"] >= 960), None)
    src = media.image.storage.url(fallback["name"]) if fallback else media.image.url
    return format_html(
        '<figure class="post-image"><img src="{}" srcset="{}" sizes="{}" width="{}" height="{}"'
        ' alt="{}" loading="lazy" decoding="async"><figcaption>{}</figcaption></figure>',
        src,
        srcset(media),
        SIZES,
        media.width,
        media.height,
        media.alt_text,
        media.credit,
    )


def expand_image_references(html: str) -> SafeString:
    """Replace each <p>{image:<id>}</p> of sanitised HTML with the image, one query in all.

    A reference to an image that no longer exists disappears rather than show its code.
    """
    ids = {int(found) for found in REFERENCE.findall(html)}
    if not ids:
        return mark_safe(html)  # the caller passes sanitised HTML
    images = MediaImage.objects.in_bulk(ids)
    for media in images.values():
        if not media.renditions and not media.width:
            make_renditions(media)  # made before the library kept them: once, then stored

    def replace(match: re.Match) -> str:
        media = images.get(int(match.group(1)))
        return figure_html(media) if media else ""

    return mark_safe(REFERENCE.sub(replace, html))  # our own escaped markup, into clean HTML


def remove_files(sender, instance: MediaImage, **kwargs) -> None:
    """After a library image is deleted, its file and renditions go too (post_delete)."""
    delete_renditions(instance)
    if instance.image:
        instance.image.storage.delete(instance.image.name)
