"""Uploads are checked with Pillow before they are stored, using real bad files."""

from __future__ import annotations

import struct
import zlib
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.images import MAX_IMAGE_BYTES, CheckedImageField, validate_image_file
from films.models import Film
from tests.factories import image_file, make_film


def upload(name: str, content: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def encoded(image: Image.Image, fmt: str) -> bytes:
    buffer = BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def truncated_jpeg() -> bytes:
    photo = Image.effect_noise((300, 300), 60).convert("RGB")
    data = encoded(photo, "JPEG")
    return data[: len(data) // 2]


def png_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A real 1-bit PNG of width × height black pixels: ~100 KB that decodes to 900 megapixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then packed pixels
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def refusal(file) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate_image_file(file)
    return caught.value


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_real_jpeg_png_and_webp_pass(fmt):
    upload = image_file(f"poster.{fmt.lower()}", fmt=fmt)
    assert validate_image_file(upload) is None
    assert upload.tell() == 0  # left ready for storage to read from the start


def test_truncated_jpeg_is_refused_as_damaged():
    error = refusal(upload("poster.jpg", truncated_jpeg(), "image/jpeg"))
    assert error.code == "image_truncated"
    assert "damaged or incomplete" in error.messages[0]


def test_text_file_renamed_to_jpg_is_refused_as_not_an_image():
    error = refusal(upload("poster.jpg", b"Not a poster, just a note.\n" * 20, "image/jpeg"))
    assert error.code == "image_invalid"
    assert error.messages == ["This file is not an image we can read. Upload a JPEG, PNG or WebP."]


def test_gif_is_refused_naming_its_format():
    error = refusal(upload("poster.gif", encoded(Image.new("RGB", (10, 10)), "GIF")))
    assert error.messages == ["This is a GIF image; upload a JPEG, PNG or WebP instead."]


def test_image_over_40_megapixels_is_refused_with_its_dimensions():
    huge = encoded(Image.new("1", (8000, 6000)), "PNG")  # 48 MP, a few kilobytes
    error = refusal(upload("poster.png", huge))
    assert error.code == "image_too_large"
    assert "8000 × 6000 pixels (48 megapixels)" in error.messages[0]


def test_decompression_bomb_is_refused_without_being_decoded():
    error = refusal(upload("poster.png", png_bomb()))
    assert error.code == "image_too_large"
    assert "decompression bomb" in error.messages[0]


def test_file_over_10_mb_is_refused_before_it_is_decoded():
    heavy = encoded(Image.new("RGB", (10, 10)), "PNG") + b"\x00" * MAX_IMAGE_BYTES
    error = refusal(upload("poster.png", heavy))
    assert error.code == "image_too_heavy"
    assert error.messages[0].startswith("This image is 10.1 MB; the limit is 10 MB.")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (png_bomb(), "decompression bomb"),
        (truncated_jpeg(), "damaged or incomplete"),
        (b"plain text", "not an image we can read"),
    ],
)
def test_the_admin_upload_field_gives_the_precise_message(content, expected):
    """Django's own ImageField would say only "not an image or a corrupted image"."""
    with pytest.raises(ValidationError) as caught:
        CheckedImageField().clean(upload("poster.png", content))
    assert expected in caught.value.messages[0]


def test_model_validation_refuses_a_bad_poster_on_its_field(db):
    film = make_film()
    film.poster = upload("poster.jpg", truncated_jpeg(), "image/jpeg")
    film.poster_alt = "A poster"
    with pytest.raises(ValidationError) as caught:
        film.full_clean()
    assert "damaged or incomplete" in caught.value.message_dict["poster"][0]


def test_a_stored_poster_is_not_decoded_again_on_every_save(db):
    film = make_film(poster=image_file("poster.png"), poster_alt="A poster")
    film = Film.objects.get(pk=film.pk)
    film.poster.storage.delete(film.poster.name)  # even a vanished file does not break editing
    film.title = "Renamed"
    film.full_clean()
    film.save()
    film.refresh_from_db()
    assert film.title == "Renamed"
