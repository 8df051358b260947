"""The image chooser: the library's JSON list, upload and focal point, and image fields (poster,
photo, hero image) that take a library image without a second upload."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from films.models import Film, Person
from picks.media import crop_box
from picks.models import MediaImage
from tests.factories import image_file, make_film, make_media_image, make_user
from tests.films.test_admin import film_form

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

LIST_URL = "/admin/picks/mediaimage/chooser/"
UPLOAD_URL = "/admin/picks/mediaimage/chooser/upload/"


def two_halves(name: str = "halves.png") -> SimpleUploadedFile:
    """A 2000 × 500 picture, red on its left half and blue on its right."""
    image = Image.new("RGB", (2000, 500), "#ff0000")
    image.paste((0, 0, 255), (1000, 0, 2000, 500))
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def card_colour(media: MediaImage) -> tuple[int, int, int]:
    card = next(r for r in media.renditions if r.get("crop") == "card")
    with default_storage.open(card["name"]) as stored, Image.open(stored) as image:
        assert image.width / image.height == pytest.approx(16 / 9, rel=0.01)
        return image.convert("RGB").getpixel((image.width // 2, image.height // 2))


# The dialog's list


def test_the_list_gives_the_newest_images_with_what_a_field_needs(client, editor):
    old = make_media_image(title="Diner", alt_text="Two men at a diner", credit="Photo: WB")
    new = make_media_image(title="Rooftop")
    client.force_login(editor)
    data = client.get(LIST_URL).json()
    assert [image["id"] for image in data["images"]] == [new.pk, old.pk]
    diner = data["images"][1]
    assert diner["alt_text"] == "Two men at a diner" and diner["credit"] == "Photo: WB"
    assert diner["reference"] == old.reference and diner["thumbnail_url"].endswith(".jpg")
    assert data["may_upload"] is True


def test_the_list_searches_title_alt_text_and_credit(client, editor):
    make_media_image(title="Diner", credit="Photo: WB")
    make_media_image(title="Rooftop", alt_text="A city at dusk")
    client.force_login(editor)
    assert [i["title"] for i in client.get(LIST_URL, {"q": "dusk"}).json()["images"]] == ["Rooftop"]
    assert [i["title"] for i in client.get(LIST_URL, {"q": "wb diner"}).json()["images"]] == [
        "Diner"
    ]
    assert client.get(LIST_URL, {"q": "<script>"}).json()["images"] == []


def test_the_list_costs_the_same_queries_for_many_images(
    client, editor, django_assert_max_num_queries
):
    for _ in range(3):
        make_media_image(image=image_file(size=(60, 40)))
    client.force_login(editor)
    with django_assert_max_num_queries(12) as few:
        client.get(LIST_URL)
    for _ in range(35):
        make_media_image(image=image_file(size=(60, 40)))
    with django_assert_max_num_queries(len(few.captured_queries)):
        data = client.get(LIST_URL).json()
    assert len(data["images"]) == 30 and data["more"] is True


def test_the_list_is_for_staff_with_the_library_permission_only(client, reader):
    make_media_image()
    client.force_login(reader)
    assert client.get(LIST_URL).status_code == 302  # to the admin login
    client.force_login(make_user(username="stranger", is_staff=True))
    assert client.get(LIST_URL).status_code == 403


# Uploading from the dialog


def test_an_upload_without_alt_text_or_credit_says_what_to_fix(client, contributor):
    client.force_login(contributor)
    response = client.post(UPLOAD_URL, {"title": "Still", "image": image_file("still.png")})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors.keys() == {"alt_text", "credit"}
    assert "required" in errors["alt_text"][0]["message"]
    assert not MediaImage.objects.exists()


def test_an_upload_that_is_not_an_image_is_refused_with_the_reason(client, editor):
    client.force_login(editor)
    fake = SimpleUploadedFile("poster.jpg", b"just words", content_type="image/jpeg")
    response = client.post(
        UPLOAD_URL, {"title": "T", "image": fake, "alt_text": "A", "credit": "Photo: me"}
    )
    assert response.status_code == 400
    assert "not an image we can read" in response.json()["errors"]["image"][0]["message"]


def test_a_contributor_uploads_into_the_library_and_gets_the_image_back(client, contributor):
    client.force_login(contributor)
    response = client.post(
        UPLOAD_URL,
        {
            "title": "Diner",
            "image": image_file("diner.jpg", size=(1200, 800), fmt="JPEG"),
            "alt_text": "A diner",
            "credit": "Photo: WB",
        },
    )
    assert response.status_code == 201
    media = MediaImage.objects.get()
    assert media.uploaded_by == contributor and len(media.resized_copies) == 2
    assert response.json()["image"]["id"] == media.pk
    assert client.get(LIST_URL).json()["images"][0]["title"] == "Diner"


def test_the_upload_needs_a_post(client, editor):
    client.force_login(editor)
    assert client.get(UPLOAD_URL).status_code == 405


# The focal point


def test_the_card_crop_is_cut_around_the_focal_point():
    assert crop_box(2000, 500, focal=(50, 50)) == (556, 0, 1445, 500)
    assert crop_box(2000, 500, focal=(0, 50)) == (0, 0, 889, 500)  # as far as the edge allows
    assert crop_box(2000, 500, focal=(100, 50)) == (1111, 0, 2000, 500)
    assert crop_box(800, 1200, focal=(50, 10)) == (0, 0, 800, 450)
    assert crop_box(800, 1200, focal=(50, 90)) == (0, 750, 800, 1200)


def test_moving_the_focal_point_changes_the_card_crop(client, editor):
    media = make_media_image(image=two_halves())
    client.force_login(editor)
    url = reverse("admin:picks_mediaimage_focal_point", args=[media.pk])
    response = client.post(url, {"focal_x": "5", "focal_y": "50"})
    assert response.status_code == 200
    left = MediaImage.objects.get(pk=media.pk)
    assert (left.focal_x, left.focal_y) == (5, 50) and card_colour(left) == (255, 0, 0)
    assert response.json()["image"]["card_url"].endswith(".png") and "card-5-50" in left.card_url
    client.post(url, {"focal_x": "95", "focal_y": "50"})
    right = MediaImage.objects.get(pk=media.pk)
    assert card_colour(right) == (0, 0, 255)
    assert not default_storage.exists(left.renditions[-1]["name"])  # the old crop is gone


def test_a_focal_point_outside_the_picture_is_refused(client, editor):
    media = make_media_image()
    client.force_login(editor)
    url = reverse("admin:picks_mediaimage_focal_point", args=[media.pk])
    response = client.post(url, {"focal_x": "150", "focal_y": "-3"})
    assert response.status_code == 400
    assert response.json()["errors"].keys() == {"focal_x", "focal_y"}
    assert MediaImage.objects.values_list("focal_x", "focal_y").get() == (50, 50)


def test_only_who_may_change_library_images_moves_a_focal_point(client, contributor):
    media = make_media_image()
    client.force_login(contributor)
    url = reverse("admin:picks_mediaimage_focal_point", args=[media.pk])
    assert client.post(url, {"focal_x": "10", "focal_y": "10"}).status_code == 403


def test_the_library_form_sets_the_focal_point_and_keeps_it_when_not_sent(client, editor):
    media = make_media_image(image=two_halves())
    client.force_login(editor)
    url = f"/admin/picks/mediaimage/{media.pk}/change/"
    html = client.get(url).content.decode()
    assert "data-focal-point" in html and 'name="focal_x"' in html
    fields = {"title": media.title, "alt_text": media.alt_text, "credit": media.credit}
    assert client.post(url, {**fields, "focal_x": "95", "focal_y": "40"}).status_code == 302
    assert card_colour(MediaImage.objects.get()) == (0, 0, 255)
    assert client.post(url, fields).status_code == 302
    assert MediaImage.objects.values_list("focal_x", "focal_y").get() == (95, 40)


def test_the_film_stills_gallery_shows_the_card_crop(client):
    film = make_film(is_published=True)
    media = make_media_image()
    media.films.add(film)
    html = client.get(film.get_absolute_url()).content.decode()
    assert media.card_url in html and "-card-50-50" in media.card_url


# Image fields that take a library image


def test_a_poster_chosen_from_the_library_names_its_file_and_alt_text(editor_client):
    media = make_media_image(alt_text="A drummer bleeding on his kit")
    response = editor_client.post(
        reverse("admin:films_film_add"),
        film_form(poster__library=str(media.pk), poster_alt="A drummer bleeding on his kit"),
    )
    assert response.status_code == 302
    film = Film.objects.get()
    assert film.poster.name == media.image.name and film.poster_alt == media.alt_text
    assert MediaImage.objects.count() == 1  # no copy of the file, no second library entry


def test_a_library_choice_survives_a_failed_save(editor_client):
    media = make_media_image(title="Drummer")
    response = editor_client.post(
        reverse("admin:films_film_add"), film_form(poster__library=str(media.pk), title="")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'name="poster__library" value="{media.pk}"' in html
    assert "From the library: <strong>Drummer</strong>" in html
    assert not Film.objects.exists()


def test_a_library_photo_still_needs_alt_text(editor_client):
    media = make_media_image()
    response = editor_client.post(
        reverse("admin:films_person_add"),
        {"name": "Ann Example", "slug": "ann-example", "photo__library": str(media.pk)},
    )
    assert response.status_code == 200
    assert "Describe the photo" in str(response.context["adminform"].form.errors)
    assert not Person.objects.exists()


def test_an_upload_wins_over_a_library_choice(editor_client):
    media = make_media_image()
    editor_client.post(
        reverse("admin:films_film_add"),
        film_form(poster=image_file("whiplash.png"), poster__library=str(media.pk), poster_alt="A"),
    )
    assert Film.objects.get().poster.name.startswith("posters/whiplash")


def test_every_image_field_offers_the_chooser(editor_client):
    for url in ("admin:films_film_add", "admin:films_person_add", "admin:picks_post_add"):
        html = editor_client.get(reverse(url)).content.decode()
        assert "data-image-chooser" in html and "picks/image_chooser.js" in html, url
        assert "Choose from the library or upload" in html


# Files shared by the library and a record


def test_deleting_a_library_image_keeps_the_file_a_poster_shows(editor_client):
    media = make_media_image()
    film = make_film(poster=media.image.name, poster_alt="A poster")
    renditions = [r["name"] for r in media.renditions]
    editor_client.post(f"/admin/picks/mediaimage/{media.pk}/delete/", {"post": "yes"})
    assert not MediaImage.objects.exists()
    assert default_storage.exists(film.poster.name)
    assert not any(default_storage.exists(name) for name in renditions)
    assert editor_client.get(film.get_absolute_url()).status_code in (200, 404)


def test_deleting_a_film_keeps_the_library_file_its_poster_named(editor_client):
    media = make_media_image()
    film = make_film(poster=media.image.name, poster_alt="A poster")
    editor_client.post(f"/admin/films/film/{film.pk}/delete/", {"post": "yes"})
    assert not Film.objects.exists()
    assert default_storage.exists(media.image.name)


def test_the_list_offers_the_focal_point_only_to_who_may_change_images(client, editor, contributor):
    media = make_media_image()
    client.force_login(editor)
    focal_url = reverse("admin:picks_mediaimage_focal_point", args=[media.pk])
    assert client.get(LIST_URL).json()["images"][0]["focal_url"] == focal_url
    client.force_login(contributor)
    assert client.get(LIST_URL).json()["images"][0]["focal_url"] == ""
