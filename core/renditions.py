"""WebP copies of every picture at a few widths, made once per image file, for `srcset`.

A rendition's name follows from its image's name, content and width (posters/la-la-land.jpg
gives renditions/posters/la-la-land-<fingerprint>-320w.webp), so pages need no query and no
model field to find them, and a new picture stored under an old name never shows old copies.
What an image has (its size and which widths exist) is worked out once per file: when an app's
upload is saved (`make_renditions_on_save`), or else the first time a page shows it; then it is
kept in the shared cache and in this process, so a page costs no file reads either.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_save
from PIL import Image, UnidentifiedImageError

logger = logging.getLogger(__name__)

# From a search result's thumbnail to a full-width hero on a high-density screen.
RENDITION_WIDTHS = (160, 320, 640, 1280)
DIRECTORY = "renditions"
WEBP_OPTIONS = {"quality": 80, "method": 4}
CACHE_PREFIX = "renditions:v1:"
# While a file exists, storage gives a new upload another name, so what this process learnt
# about a name stays true; the bound only keeps memory flat over a catalogue of posters.
_KNOWN_LIMIT = 20_000
_known: dict[str, ImageRenditions | None] = {}
_pictures: dict[str, Picture] = {}


@dataclass(frozen=True)
class ImageRenditions:
    """An image's size and the widths it has a WebP copy at (only those narrower than it)."""

    name: str
    fingerprint: str
    width: int
    height: int
    widths: tuple[int, ...]

    def rendition_name(self, width: int) -> str:
        path = PurePosixPath(self.name)
        stem = f"{path.stem}-{self.fingerprint}-{width}w.webp"
        return str(PurePosixPath(DIRECTORY) / path.parent / stem)


def _address(file: FieldFile) -> str:
    """Where the file is: its name within its storage (a storage's folder, where it has one)."""
    return f"{getattr(file.storage, 'location', '')}:{file.name}"


def _make(file: FieldFile) -> ImageRenditions:
    """Read the image once and store each of its renditions not stored yet."""
    storage, name = file.storage, file.name
    with storage.open(name, "rb") as source:
        data = source.read()
    fingerprint = hashlib.sha256(data).hexdigest()[:10]
    # Stored images are already upright and without EXIF (core.images), so size is as shown.
    with Image.open(BytesIO(data)) as image:
        width, height = image.size
        animated = getattr(image, "is_animated", False)  # a still copy would lose the motion
        widths = () if animated else tuple(w for w in RENDITION_WIDTHS if w < width)
        found = ImageRenditions(name, fingerprint, width, height, widths)
        missing = [w for w in widths if not storage.exists(found.rendition_name(w))]
        if missing and image.mode not in ("RGB", "RGBA"):
            see_through = "A" in image.getbands() or "transparency" in image.info
            image = image.convert("RGBA" if see_through else "RGB")
        for w in missing:
            buffer = BytesIO()
            resized = image.resize((w, round(height * w / width)), Image.Resampling.LANCZOS)
            resized.save(buffer, "WEBP", **WEBP_OPTIONS)
            storage.save(found.rendition_name(w), ContentFile(buffer.getvalue()))
    return found


def renditions_of(file: FieldFile | None) -> ImageRenditions | None:
    """The file's renditions, made now if it has none yet; None for no file or one that cannot
    be read (the page then shows the original alone)."""
    name = getattr(file, "name", None)
    if not name:
        return None
    address = _address(file)
    if address in _known:
        return _known[address]
    key = CACHE_PREFIX + hashlib.sha256(address.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        try:
            found = _make(file)
        except (OSError, UnidentifiedImageError, ValueError):
            logger.warning("No renditions for %s: the image cannot be read", name, exc_info=True)
            found = None  # not shared: another process tries again
        else:
            cache.set(key, found, timeout=None)
    if len(_known) >= _KNOWN_LIMIT:
        _known.clear()
    _known[address] = found
    return found


def srcset(file: FieldFile, renditions: ImageRenditions) -> str:
    storage = file.storage
    candidates = [f"{storage.url(renditions.rendition_name(w))} {w}w" for w in renditions.widths]
    candidates.append(f"{file.url} {renditions.width}w")
    return ", ".join(candidates)


@dataclass(frozen=True)
class Picture:
    """What an <img> of the file says: its address, and with renditions their srcset and the
    original's size."""

    url: str
    renditions: ImageRenditions | None
    srcset: str | None


def picture_of(file: FieldFile) -> Picture:
    """The file's Picture, worked out once per process (a page shows dozens of posters and
    photos, and storage URLs are slow to build)."""
    address = _address(file)
    picture = _pictures.get(address)
    if picture is None:
        renditions = renditions_of(file)
        found = renditions is not None
        picture = Picture(file.url, renditions, srcset(file, renditions) if found else None)
        if len(_pictures) >= _KNOWN_LIMIT:
            _pictures.clear()
        _pictures[address] = picture
    return picture


def make_renditions_on_save(model: type[models.Model], *field_names: str) -> None:
    """Make an image's renditions as soon as it is saved (an upload in the admin, an import),
    rather than on the first page that shows it."""

    def make(sender, instance: models.Model, **kwargs) -> None:
        for field_name in field_names:
            file = getattr(instance, field_name)
            if file and _address(file) not in _known:
                renditions_of(file)

    uid = f"core.renditions.{model._meta.label_lower}"
    post_save.connect(make, sender=model, weak=False, dispatch_uid=uid)
