"""Every poster, photo and hero image comes with WebP copies at a few widths, listed in srcset
with its size, lazily loaded except the page's main picture."""

from __future__ import annotations

from html.parser import HTMLParser
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core import renditions
from films.models import Film
from tests.factories import (
    image_file,
    make_credit,
    make_film,
    make_person,
    make_post,
    make_section,
)

pytestmark = pytest.mark.django_db


class Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.images: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def images_on(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200
    parser = Images()
    parser.feed(response.content.decode())
    return parser.images


def image_with_class(images: list[dict], css_class: str) -> dict:
    return next(i for i in images if css_class in i.get("class", "").split())


@pytest.fixture(autouse=True)
def fresh_renditions(media_root, fresh_cache):
    renditions._known.clear()
    yield
    renditions._known.clear()


def poster(name="poster.jpg"):
    return image_file(name, size=(1000, 1500), fmt="JPEG")


def srcset_widths(image: dict) -> list[int]:
    return [int(candidate.split()[-1][:-1]) for candidate in image["srcset"].split(", ")]


def test_an_uploaded_poster_gets_webp_copies_at_each_narrower_width():
    film = make_film(poster=poster(), poster_alt="The poster")
    made = renditions.renditions_of(film.poster)
    assert (made.width, made.height, made.widths) == (1000, 1500, (160, 320, 640))
    for width in made.widths:
        with default_storage.open(made.rendition_name(width)) as stored, Image.open(stored) as copy:
            assert copy.format == "WEBP"
            assert copy.size == (width, width * 3 // 2)


def test_the_film_page_poster_is_the_main_picture_and_cast_photos_load_lazily(client):
    film = make_film(poster=poster(), poster_alt="The poster")
    photo = image_file("face.png", size=(400, 600))
    make_credit(film=film, person=make_person(photo=photo, photo_alt="A face"))
    images = images_on(client, film.get_absolute_url())
    main = image_with_class(images, "film__poster")
    assert srcset_widths(main) == [160, 320, 640, 1000]
    assert all(".webp" in c for c in main["srcset"].split(", ")[:-1])
    assert main["src"] == film.poster.url  # the original, for a browser without srcset
    assert (main["width"], main["height"]) == ("1000", "1500")
    assert main["fetchpriority"] == "high"
    assert "loading" not in main
    cast = image_with_class(images, "person-card__photo")
    assert cast["loading"] == "lazy"
    assert srcset_widths(cast) == [160, 320, 400]
    assert (cast["width"], cast["height"]) == ("400", "600")
    for image in images:
        assert "style" not in image
        assert image["decoding"] == "async"


def test_the_post_hero_and_the_person_photo_are_their_pages_main_pictures(client):
    hero_file = image_file("hero.jpg", size=(1600, 900), fmt="JPEG")
    post = make_post(hero_image=hero_file, hero_image_alt="A hero")
    hero = images_on(client, post.get_absolute_url())[0]
    assert srcset_widths(hero) == [160, 320, 640, 1280, 1600]
    assert hero["fetchpriority"] == "high" and "loading" not in hero
    person = make_person(photo=image_file("p.png", size=(300, 400)), photo_alt="A face")
    photo = image_with_class(images_on(client, person.get_absolute_url()), "person__photo")
    assert photo["fetchpriority"] == "high" and srcset_widths(photo) == [160, 300]


def test_an_image_stored_without_renditions_gets_them_on_the_first_page_that_shows_it(client):
    name = default_storage.save("posters/old.jpg", poster())
    film = make_film()
    Film.objects.filter(pk=film.pk).update(poster=name, poster_alt="An old poster")  # no signal
    main = image_with_class(images_on(client, film.get_absolute_url()), "film__poster")
    assert srcset_widths(main) == [160, 320, 640, 1000]
    assert default_storage.exists(main["srcset"].split()[0].removeprefix("/media/"))


def test_a_missing_image_file_shows_the_original_alone(client):
    film = make_film()
    Film.objects.filter(pk=film.pk).update(poster="posters/gone.jpg", poster_alt="Gone")
    main = image_with_class(images_on(client, film.get_absolute_url()), "film__poster")
    assert main["src"].endswith("posters/gone.jpg")
    assert "srcset" not in main


def test_pages_read_renditions_without_queries_or_file_reads(
    client, monkeypatch, django_assert_max_num_queries
):
    films = [make_film(poster=poster(f"p{n}.jpg"), poster_alt="A poster") for n in range(2)]
    url = "/films/"
    client.get(url)
    with django_assert_max_num_queries(100) as few:
        client.get(url)
    for n in range(2, 8):
        films.append(make_film(poster=poster(f"p{n}.jpg"), poster_alt="A poster"))
    renditions._known.clear()  # a new process: what it needs is in the shared cache

    def no_reading(file):
        raise AssertionError("an image was read again")

    monkeypatch.setattr(renditions, "_make", no_reading)
    with django_assert_max_num_queries(len(few.captured_queries)):
        images = images_on(client, url)
    cards = [i for i in images if "card__image--poster" in i.get("class", "")]
    assert len(cards) == 8
    assert all(i["loading"] == "lazy" and srcset_widths(i)[-1] == 1000 for i in cards)


def test_a_transparent_palette_png_keeps_its_transparency_in_webp():
    buffer = BytesIO()
    logo = Image.new("P", (400, 400), 0)
    logo.save(buffer, "PNG", transparency=0)
    upload = SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")
    person = make_person(photo=upload, photo_alt="A logo")
    made = renditions.renditions_of(person.photo)
    with default_storage.open(made.rendition_name(320)) as stored, Image.open(stored) as copy:
        assert copy.mode == "RGBA"
        assert copy.getpixel((10, 10))[3] == 0


def test_the_front_page_lead_card_is_its_main_picture_and_other_cards_load_lazily(client):
    best_pick = make_section(name="Best Pick", slug="best-pick", order=1)
    hero = image_file("lead.jpg", size=(1600, 900), fmt="JPEG")
    make_post(section=best_pick, title="The lead", hero_image=hero, hero_image_alt="Lead")
    other = image_file("other.jpg", size=(800, 450), fmt="JPEG")
    make_post(title="Another", hero_image=other, hero_image_alt="Other")
    cards = [i for i in images_on(client, "/") if "card__image" in i.get("class", "")]
    lead = next(i for i in cards if i["alt"] == "Lead")
    assert lead["fetchpriority"] == "high" and "loading" not in lead
    assert next(i for i in cards if i["alt"] == "Other")["loading"] == "lazy"
