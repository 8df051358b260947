"""Checks uploads with Pillow before they are stored (real format, bounded decoding, sane size),
then stores a clean copy: turned upright, without metadata, named for its real format."""

from __future__ import annotations

import math
from io import BytesIO
from pathlib import PurePosixPath
from typing import NamedTuple

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models import Q
from django.db.models.fields.files import ImageFieldFile
from PIL import ExifTags, Image, ImageOps, JpegImagePlugin, UnidentifiedImageError


class ImageFormat(NamedTuple):
    extension: str
    content_type: str


# The formats we store, by Pillow's name for them.
FORMATS = {
    "JPEG": ImageFormat("jpg", "image/jpeg"),
    "PNG": ImageFormat("png", "image/png"),
    "WEBP": ImageFormat("webp", "image/webp"),
}
MAX_IMAGE_BYTES = 10 * 1024 * 1024
# A 24-megapixel camera's full frame (6000 × 4000), more than any hero image shows. Decoding
# one takes at most about 0.6 s of CPU; at the former 40 MP, over a second.
MAX_IMAGE_PIXELS = 24_000_000
# Each scan of a progressive JPEG is one more pass over every block of the image, and an empty
# scan is 10 bytes: a few kilobytes of them cost seconds of decoding. Encoders write about ten.
MAX_JPEG_SCANS = 100
# Pillow reads a JPEG's header segments and a PNG's chunks one at a time in Python: 10 MB of
# empty ones cost two seconds. Real files have dozens; a 10 MB PNG in 8 KB chunks has 1,280.
MAX_IMAGE_SEGMENTS = 10_000
IMAGE_HELP_TEXT = (
    f"JPEG, PNG or WebP, at most {MAX_IMAGE_BYTES // 1024**2} MB "
    f"and {MAX_IMAGE_PIXELS // 1_000_000} megapixels (6000 × 4000). "
    "Stored upright and without its metadata (camera, location)."
)
ACCEPTED_CONTENT_TYPES = ",".join(image_format.content_type for image_format in FORMATS.values())
# Set on an upload once it has passed, so the model's validator does not decode it a second time.
CHECKED_FLAG = "_marquee_image_checked"
# Set on the copy clean_image_file makes, so storing it does not make another.
CLEAN_FLAG = "_marquee_image_clean"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_START_OF_SCAN = b"\xff\xda"


def _megabytes_rounded_up(size: int) -> str:
    """10 MB and one byte reads "10.1 MB", so it never looks equal to the 10 MB limit."""
    return f"{math.ceil(size * 10 / 2**20) / 10:g} MB"


def _innermost_file(value):
    """The raw file object under a FieldFile, an UploadedFile or a temporary-file wrapper."""
    while getattr(value, "file", None) is not None and value.file is not value:
        value = value.file
    return value


def _too_heavy(size: int) -> ValidationError:
    return ValidationError(
        "This image is %(size)s; the limit is %(limit)s. Export it smaller and upload again.",
        code="image_too_heavy",
        params={
            "size": _megabytes_rounded_up(size),
            "limit": _megabytes_rounded_up(MAX_IMAGE_BYTES),
        },
    )


def _read_upload(value) -> bytes:
    """The upload's bytes (at most the size limit), leaving its position where it was."""
    size = getattr(value, "size", None)
    if size is not None and size > MAX_IMAGE_BYTES:
        raise _too_heavy(size)
    source = _innermost_file(value)
    position = source.tell() if hasattr(source, "tell") else None
    try:
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(MAX_IMAGE_BYTES + 1)
    finally:
        if position is not None:
            source.seek(position)
    if len(data) > MAX_IMAGE_BYTES:
        raise _too_heavy(len(data))
    return data


def _png_chunk_count(data: bytes) -> int:
    """How many chunks a PNG has, counting no further than one past the limit."""
    count, position = 0, len(PNG_SIGNATURE)
    while position + 8 <= len(data) and count <= MAX_IMAGE_SEGMENTS:
        position += 12 + int.from_bytes(data[position : position + 4], "big")
        count += 1
    return count


def _refuse_slow_structure(data: bytes) -> None:
    """Refuse, before Pillow reads it, a file built to make decoding slow whatever its size."""
    segments = 0
    if data.startswith(b"\xff\xd8"):
        # Entropy-coded data never holds 0xFF 0xDA, so this counts every scan (and at worst a
        # few look-alikes inside metadata). Every header segment starts with 0xFF.
        if data.count(JPEG_START_OF_SCAN) > MAX_JPEG_SCANS:
            raise ValidationError(
                "This JPEG is saved in more than %(limit)s progressive scans, which makes it very "
                "slow to decode. Export it again as a standard JPEG.",
                code="image_too_slow",
                params={"limit": MAX_JPEG_SCANS},
            )
        segments = data.count(b"\xff", 0, data.find(JPEG_START_OF_SCAN))
    elif data.startswith(PNG_SIGNATURE):
        segments = _png_chunk_count(data)
    if segments > MAX_IMAGE_SEGMENTS:
        raise ValidationError(
            "This image is cut into more than %(limit)s pieces, which makes it very slow to "
            "read. Export it again and upload the new file.",
            code="image_too_slow",
            params={"limit": f"{MAX_IMAGE_SEGMENTS:,}"},
        )


def _decoded(data: bytes) -> Image.Image:
    """The image fully decoded, or a ValidationError that says what is wrong with it."""
    _refuse_slow_structure(data)
    limit = MAX_IMAGE_PIXELS // 1_000_000
    try:
        image = Image.open(BytesIO(data))
        try:
            if image.format not in FORMATS:
                raise ValidationError(
                    "This is a %(format)s image; upload a JPEG, PNG or WebP instead.",
                    code="image_format",
                    params={"format": image.format or "non-standard"},
                )
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    "This image is %(width)s × %(height)s pixels (%(mp)s megapixels); "
                    "the limit is %(limit)s megapixels. Resize it and upload again.",
                    code="image_too_large",
                    params={
                        "width": width,
                        "height": height,
                        "mp": round(width * height / 1e6),
                        "limit": limit,
                    },
                )
            image.load()  # a full decode: a truncated file fails here, not at display time
        except BaseException:
            image.close()
            raise
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        raise ValidationError(
            "This image's dimensions are far beyond the %(limit)s-megapixel limit "
            "(it looks like a decompression bomb). Upload a normal-sized image.",
            code="image_too_large",
            params={"limit": limit},
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
    return image


def _mark(file, flag: str) -> None:
    try:
        setattr(_innermost_file(file), flag, True)
    except AttributeError:
        pass


def validate_image_file(value) -> None:
    """Refuse all but a fully decodable JPEG, PNG or WebP within the size and pixel limits."""
    if getattr(value, "_committed", False):
        return  # already in storage: it was checked when it was uploaded
    if getattr(_innermost_file(value), CHECKED_FLAG, False):
        return
    _decoded(_read_upload(value)).close()
    _mark(value, CHECKED_FLAG)


# What a stored PNG or WebP keeps: pixels, palette, transparency, colour and animation. Text,
# EXIF and XMP (where a camera or an editing tool writes a GPS position) and unknown chunks go.
PNG_KEPT_CHUNKS = {
    *(b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND", b"bKGD", b"pHYs", b"acTL", b"fcTL", b"fdAT"),
    *(b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"cICP", b"mDCV", b"cLLI"),
}
WEBP_KEPT_CHUNKS = {b"VP8X", b"ICCP", b"ANIM", b"ANMF", b"ALPH", b"VP8 ", b"VP8L"}
WEBP_EXIF_AND_XMP_FLAGS = 0x08 | 0x04


def _png_without_metadata(data: bytes) -> bytes:
    kept, position = [PNG_SIGNATURE], len(PNG_SIGNATURE)
    while position + 8 <= len(data):
        end = position + 12 + int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        if kind in PNG_KEPT_CHUNKS:
            kept.append(data[position:end])
        if kind == b"IEND":
            break
        position = end
    return b"".join(kept)


def _webp_chunks(data: bytes):
    """(kind, whole chunk) for each chunk of a WebP's RIFF container."""
    position, end = 12, min(len(data), 8 + int.from_bytes(data[4:8], "little"))
    while position + 8 <= end:
        size = int.from_bytes(data[position + 4 : position + 8], "little")
        yield data[position : position + 4], data[position : position + 8 + size + size % 2]
        position += 8 + size + size % 2


def _webp_without_metadata(data: bytes) -> bytes:
    kept = []
    for kind, chunk in _webp_chunks(data):
        if kind == b"VP8X":  # the header's flags must not announce the chunks that went
            chunk = chunk[:8] + bytes([chunk[8] & ~WEBP_EXIF_AND_XMP_FLAGS]) + chunk[9:]
        if kind in WEBP_KEPT_CHUNKS:
            kept.append(chunk)
    body = b"WEBP" + b"".join(kept)
    return b"RIFF" + len(body).to_bytes(4, "little") + body


def _encoder_options(image: Image.Image, data: bytes) -> dict:
    """Settings that keep the upload's quality and colours, and save quickly."""
    options = {}
    if icc_profile := image.info.get("icc_profile"):
        options["icc_profile"] = icc_profile  # the colours as the camera or editor saw them
    if image.format == "JPEG":
        # The upload's own quantisation tables: saving again costs next to nothing in quality.
        options.update(qtables=image.quantization, optimize=True)
        if (sampling := JpegImagePlugin.get_sampling(image)) != -1:
            options["subsampling"] = sampling
    elif image.format == "PNG":
        options["compress_level"] = 3  # most of level 6's gain, in under half its time on photos
        if "transparency" in image.info:
            options["transparency"] = image.info["transparency"]
    elif any(kind == b"VP8L" for kind, _chunk in _webp_chunks(data)):
        options.update(lossless=True, quality=0, method=0)  # quality is effort, when lossless
    else:
        options.update(quality=90, method=2)
    return options


def _orientation(image: Image.Image) -> int:
    """The EXIF orientation, 2 to 8 when the image must be turned to stand upright."""
    try:
        return image.getexif().get(ExifTags.Base.Orientation, 1)
    except Exception:  # broken EXIF fails in Pillow many ways (SyntaxError, struct.error, ...)
        return 1


def _saved_again(image: Image.Image, data: bytes, *, turn: bool) -> bytes:
    """The image (turned upright) encoded afresh, with only its colour profile for company."""
    options = _encoder_options(image, data)
    upright = ImageOps.exif_transpose(image) if turn else image
    upright.info = {}  # Pillow's encoders copy some of it (a JPEG's comment) unless told
    buffer = BytesIO()
    try:
        upright.save(buffer, image.format, **options)
    except (OSError, ValueError):
        raise ValidationError(
            "This image could not be saved again for the site. Export it as a JPEG and upload "
            "the new file.",
            code="image_unsaveable",
        ) from None
    return buffer.getvalue()


def clean_image_file(upload, *, name: str | None = None) -> SimpleUploadedFile:
    """The upload checked and made safe to publish: upright, without EXIF, XMP or comments (so
    without a GPS position), and named with its real format's extension.

    A JPEG is always saved again, with its own quantisation tables (fast, and next to lossless).
    A PNG or WebP keeps its image data and loses only its metadata chunks, unless it must be
    turned upright: encoding those formats afresh takes seconds for a large image.
    """
    data = _read_upload(upload)
    with _decoded(data) as image:
        image_format = FORMATS[image.format]
        turn = _orientation(image) in range(2, 9)
        if image.format == "JPEG" or turn:
            content = _saved_again(image, data, turn=turn)
        elif image.format == "PNG":
            content = _png_without_metadata(data)
        else:
            content = _webp_without_metadata(data)
    original = PurePosixPath(name or getattr(upload, "name", None) or "image")
    clean = SimpleUploadedFile(
        str(original.with_name(f"{original.stem or 'image'}.{image_format.extension}")),
        content,
        content_type=image_format.content_type,
    )
    _mark(clean, CHECKED_FLAG)
    _mark(clean, CLEAN_FLAG)
    return clean


class CheckedImageField(forms.ImageField):
    """An image upload field that checks the upload and hands on its clean copy, so editors see
    a precise message ("a decompression bomb", "damaged or incomplete") instead of Django's
    generic one, and the preview shows what will be stored."""

    def to_python(self, data):
        if data not in self.empty_values and hasattr(data, "read"):
            data = clean_image_file(data)
        return super().to_python(data)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput):
            attrs["accept"] = ACCEPTED_CONTENT_TYPES
        return attrs


# Model fields: every picture on the site is checked on upload and comes with alt text.


class CleanImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        if not getattr(_innermost_file(content), CLEAN_FLAG, False):
            content = clean_image_file(content, name=name)
            name = content.name
        super().save(name, content, save)


class CleanImageField(models.ImageField):
    """An ImageField that stores every new file as clean_image_file makes it, however it comes
    (the admin's upload field has made the copy already; a script's file is cleaned here)."""

    attr_class = CleanImageFieldFile


def checked_image_field(*, upload_to: str, blank: bool = True) -> CleanImageField:
    """An image model field whose uploads pass validate_image_file and are stored clean."""
    return CleanImageField(
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
