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
from core.tasks import retrying_task
from films.models import Film, Person
from picks.models import MediaImage, Post

RENDITION_WIDTHS = (480, 960, 1600)
# Cards and the stills gallery show images 16:9: a copy cut to that shape around the focal point.
CARD_RATIO = (16, 9)
CARD_WIDTH = 960
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
    extension = FORMATS[image_format].extension

    def store(image: Image.Image, suffix: str) -> str:
        buffer = BytesIO()
        image.save(buffer, image_format, **SAVE_OPTIONS[image_format])
        return storage.save(
            f"library/renditions/{stem}-{suffix}.{extension}", ContentFile(buffer.getvalue())
        )

    renditions = []
    for width in RENDITION_WIDTHS:
        if width >= media.width:
            break
        height = round(media.height * width / media.width)
        name = store(upright.resize((width, height), Image.Resampling.LANCZOS), f"{width}w")
        renditions.append({"width": width, "height": height, "name": name})
    box = crop_box(media.width, media.height, focal=(media.focal_x, media.focal_y))
    card = upright.crop(box)
    if card.width > CARD_WIDTH:
        card = card.resize(
            (CARD_WIDTH, round(card.height * CARD_WIDTH / card.width)), Image.Resampling.LANCZOS
        )
    # The focal point is in the name: a moved focal point gives a new address, past any cache.
    name = store(card, f"card-{media.focal_x}-{media.focal_y}")
    renditions.append({"width": card.width, "height": card.height, "name": name, "crop": "card"})
    media.renditions = renditions
    media.save(update_fields=["width", "height", "renditions"])


def crop_box(
    width: int, height: int, *, focal: tuple[int, int], ratio: tuple[int, int] = CARD_RATIO
) -> tuple[int, int, int, int]:
    """The largest box of `ratio` inside width × height, centred on the focal point (in % of
    the frame) as far as the edges allow: (left, top, right, bottom)."""
    crop_width = min(width, round(height * ratio[0] / ratio[1]))
    crop_height = min(height, round(crop_width * ratio[1] / ratio[0]))
    centre_x, centre_y = width * focal[0] / 100, height * focal[1] / 100
    left = round(min(max(centre_x - crop_width / 2, 0), width - crop_width))
    top = round(min(max(centre_y - crop_height / 2, 0), height - crop_height))
    return left, top, left + crop_width, top + crop_height


@retrying_task()
def make_renditions_later(media_id: int) -> bool:
    """make_renditions in the background. Running it twice makes the same copies again."""
    media = MediaImage.objects.filter(pk=media_id).first()
    if media is None or not media.image:
        return False  # deleted since
    make_renditions(media)
    return True


def delete_renditions(media: MediaImage) -> None:
    for rendition in media.renditions or []:
        media.image.storage.delete(rendition["name"])


def media_image_store(*, media: MediaImage, by=None, new_file: bool = True) -> MediaImage:
    """Save a library image (uploaded by `by` unless it says otherwise); a new file, or a moved
    focal point, gets its renditions. The upload field has already checked and cleaned the image
    (core.images); a file from elsewhere is checked and cleaned as the image field stores it."""
    if not new_file and media.pk is not None:
        stored = MediaImage.objects.filter(pk=media.pk).values("focal_x", "focal_y").first()
        new_file = stored != {"focal_x": media.focal_x, "focal_y": media.focal_y}
    if media.uploaded_by_id is None and by is not None and by.is_authenticated:
        media.uploaded_by = by
    media.full_clean(exclude=["image"])
    with transaction.atomic():
        media.save()
        if new_file:  # the worker makes them; pages show the original until then
            make_renditions_later.enqueue(media.pk)
            media.refresh_from_db(fields=["width", "height", "renditions"])
    return media


def srcset(media: MediaImage) -> str:
    storage = media.image.storage
    candidates = [f"{storage.url(r['name'])} {r['width']}w" for r in media.resized_copies]
    candidates.append(f"{media.image.url} {media.width}w")
    return ", ".join(candidates)


def figure_html(media: MediaImage) -> SafeString:
    fallback = next((r for r in media.resized_copies if r["width"] >= 960), None)
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
    """After a library image is deleted, its file and renditions go too (post_delete), unless a
    poster, photo or hero image chosen from the library still shows the same file."""
    delete_renditions(instance)
    if instance.image and not file_in_use_elsewhere(instance.image.name):
        instance.image.storage.delete(instance.image.name)


def file_in_use_elsewhere(name: str) -> bool:
    """Does a film's poster, a person's photo or a post's hero image name this stored file?"""
    return (
        Film.objects.filter(poster=name).exists()
        or Person.objects.filter(photo=name).exists()
        or Post.objects.filter(hero_image=name).exists()
    )
