"""Uploads are checked with Pillow before they are stored, using real bad files."""

from __future__ import annotations

import struct
import zlib
from io import BytesIO
from pathlib import PurePosixPath
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageChops, ImageCms

from core import images
from core.images import (
    MAX_IMAGE_BYTES,
    MAX_IMAGE_SEGMENTS,
    MAX_JPEG_SCANS,
    CheckedImageField,
    validate_image_file,
)
from films.models import Film
from picks.models import MediaImage
from tests.factories import image_file, make_film, make_media_image, make_person, make_post


def upload(name: str, content: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def truncated_jpeg() -> bytes:
    photo = Image.effect_noise((300, 300), 60).convert("RGB")
    data = encoded(photo, "JPEG")
    return data[: len(data) // 2]


def png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A real 1-bit PNG of width × height black pixels: ~100 KB that decodes to 900 megapixels."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then packed pixels
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", pixels)
        + png_chunk(b"IEND", b"")
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


def test_image_over_24_megapixels_is_refused_with_its_dimensions():
    huge = encoded(Image.new("1", (7000, 4000)), "PNG")  # 28 MP, a few kilobytes
    error = refusal(upload("poster.png", huge))
    assert error.code == "image_too_large"
    assert "7000 × 4000 pixels (28 megapixels); the limit is 24 megapixels" in error.messages[0]


def test_a_24_megapixel_camera_frame_passes_and_the_help_text_says_so():
    still = upload("still.png", encoded(Image.new("1", (6000, 4000)), "PNG"))
    assert validate_image_file(still) is None
    assert "24 megapixels (6000 × 4000)" in Film._meta.get_field("poster").help_text


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


# Decoding is bounded: files built to be slow to read are refused before Pillow reads them.


def jpeg_with_empty_scans(count: int) -> bytes:
    """A progressive JPEG with `count` more scans that carry no data: 10 bytes each, and each one
    another pass over every block of the image."""
    data = encoded(Image.new("L", (64, 64), 128), "JPEG", progressive=True)
    end = data.rindex(b"\xff\xd9")
    empty_scan = b"\xff\xda\x00\x08\x01\x01\x00\x01\x3f\x00"  # component 1, coefficients 1 to 63
    return data[:end] + empty_scan * count + data[end:]


def test_a_jpeg_of_too_many_progressive_scans_is_refused():
    error = refusal(upload("still.jpg", jpeg_with_empty_scans(MAX_JPEG_SCANS), "image/jpeg"))
    assert error.code == "image_too_slow"
    assert error.messages[0].startswith("This JPEG is saved in more than 100 progressive scans")


def test_a_progressive_jpeg_from_an_ordinary_encoder_passes():
    photo = Image.effect_noise((300, 200), 60).convert("RGB")
    assert (
        validate_image_file(upload("still.jpg", encoded(photo, "JPEG", progressive=True))) is None
    )
    assert validate_image_file(upload("still.jpg", jpeg_with_empty_scans(10))) is None


def test_a_jpeg_header_of_thousands_of_empty_segments_is_refused():
    data = encoded(Image.new("RGB", (10, 10)), "JPEG")
    empty_comment = b"\xff\xfe\x00\x02"
    padded = data[:2] + empty_comment * MAX_IMAGE_SEGMENTS + data[2:]
    assert refusal(upload("still.jpg", padded, "image/jpeg")).code == "image_too_slow"


def test_a_png_of_thousands_of_empty_chunks_is_refused():
    data = encoded(Image.new("RGB", (10, 10)), "PNG")
    after_header = 8 + 25
    padded = (
        data[:after_header] + png_chunk(b"quIt", b"") * MAX_IMAGE_SEGMENTS + data[after_header:]
    )
    error = refusal(upload("still.png", padded))
    assert error.code == "image_too_slow"
    assert "more than 10,000 pieces" in error.messages[0]


# What is stored: the real format's extension, upright, and no metadata (no GPS position).


def phone_photo(fmt: str = "JPEG", orientation: int = 6) -> bytes:
    """60 × 40 pixels as a phone stores a portrait photo: sideways (red left, blue right), with
    EXIF saying how to turn it, which phone took it and where."""
    image = Image.new("RGB", (60, 40), "blue")
    image.paste("red", (0, 0, 30, 40))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Phone"
    exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (48.0, 51.0, 29.6),
            ExifTags.GPS.GPSLongitudeRef: "E",
            ExifTags.GPS.GPSLongitude: (2.0, 17.0, 40.2),
        }
    )
    data = encoded(image, fmt, exif=exif)
    with Image.open(BytesIO(data)) as check:
        assert check.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test photo does say where
    return data


def assert_upright_without_metadata(image: Image.Image) -> None:
    assert "exif" not in image.info and "xmp" not in image.info and "comment" not in image.info
    assert not image.getexif()
    assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert image.size == (40, 60)  # turned a quarter clockwise, as the EXIF said
    red, _green, blue = image.convert("RGB").getpixel((20, 10))
    assert red > 200 and blue < 60  # what was the left half is now the top half


IMAGE_FIELDS = [
    pytest.param(
        lambda image: make_film(poster=image, poster_alt="A poster"), "poster", id="poster"
    ),
    pytest.param(lambda image: make_person(photo=image, photo_alt="A face"), "photo", id="photo"),
    pytest.param(
        lambda image: make_post(hero_image=image, hero_image_alt="A still"), "hero_image", id="hero"
    ),
    pytest.param(lambda image: make_media_image(image=image), "image", id="library"),
]


@pytest.mark.usefixtures("media_root")
@pytest.mark.parametrize(("make", "field"), IMAGE_FIELDS)
def test_every_image_field_stores_a_jpeg_named_pdf_as_jpg_upright_without_gps(db, make, field):
    record = make(upload("where.pdf", phone_photo(), "application/pdf"))
    stored = getattr(record, field)
    assert PurePosixPath(stored.name).suffix == ".jpg"
    assert PurePosixPath(stored.name).stem.startswith("where")
    with stored.storage.open(stored.name) as file, Image.open(file) as image:
        assert image.format == "JPEG"
        assert_upright_without_metadata(image)


@pytest.mark.usefixtures("media_root")
def test_a_jpeg_named_pdf_is_served_as_a_jpeg(client, db):
    film = make_film(poster=upload("poster.pdf", phone_photo(), "application/pdf"), poster_alt="A")
    response = client.get(film.poster.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert film.poster.url.endswith(".jpg")


@pytest.mark.parametrize(("fmt", "extension"), [("PNG", ".png"), ("WEBP", ".webp")])
def test_png_and_webp_lose_their_metadata_and_keep_their_pixels(fmt, extension):
    data = phone_photo(fmt, orientation=1)
    clean = CheckedImageField().clean(upload("where.jpg", data, "image/jpeg"))
    assert clean.name == f"where{extension}"
    assert clean.content_type == f"image/{fmt.lower()}"
    stored = clean.read()
    assert b"GPS" not in stored and b"Exif" not in stored
    with Image.open(BytesIO(stored)) as image, Image.open(BytesIO(data)) as original:
        assert image.format == fmt and not image.getexif()
        assert (
            ImageChops.difference(image.convert("RGB"), original.convert("RGB")).getbbox() is None
        )


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_a_sideways_png_or_webp_is_turned_upright(fmt):
    clean = CheckedImageField().clean(upload("where.png", phone_photo(fmt)))
    with Image.open(clean) as image:
        assert_upright_without_metadata(image)


def test_a_jpegs_comment_and_colour_profile_are_handled_apart():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encoded(
        Image.new("RGB", (40, 60)), "JPEG", comment=b"Home, 12 Rue X", icc_profile=profile
    )
    with Image.open(CheckedImageField().clean(upload("still.jpg", data, "image/jpeg"))) as image:
        assert "comment" not in image.info
        assert image.info["icc_profile"] == profile  # the colours stay as they were


@pytest.mark.usefixtures("media_root")
def test_a_library_upload_is_decoded_once_and_its_renditions_follow_the_real_format(client, editor):
    photo = encoded(Image.effect_noise((1200, 800), 60).convert("RGB"), "JPEG")
    form = {"title": "Diner", "alt_text": "A diner", "credit": "Photo: WB"}
    client.force_login(editor)
    with mock.patch("core.images._decoded", wraps=images._decoded) as decoded:
        client.post("/admin/picks/mediaimage/add/", {**form, "image": upload("diner.pdf", photo)})
    assert decoded.call_count == 1  # the form's check; the model's validator and storage trust it
    media = MediaImage.objects.get()
    assert media.image.name.endswith("/diner.jpg")
    assert [PurePosixPath(r["name"]).suffix for r in media.resized_copies] == [".jpg", ".jpg"]
