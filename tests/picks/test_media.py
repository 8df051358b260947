"""The image library: renditions made once, {image:<id>} in bodies, the admin around it."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from picks.markdown import render_markdown
from picks.models import MediaImage
from tests.factories import image_file, make_media_image, make_post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def test_upload_makes_renditions_at_each_narrower_width():
    media = make_media_image()
    assert (media.width, media.height) == (2000, 1000)
    assert [(r["width"], r["height"]) for r in media.resized_copies] == [
        (480, 240),
        (960, 480),
        (1600, 800),
    ]
    for rendition in media.renditions:
        with default_storage.open(rendition["name"]) as stored, Image.open(stored) as image:
            assert image.size == (rendition["width"], rendition["height"])


def test_a_small_image_is_never_upscaled():
    media = make_media_image(image=image_file("small.png", size=(300, 200)))
    assert media.resized_copies == [] and (media.width, media.height) == (300, 200)


def test_a_reference_renders_srcset_with_width_height_alt_and_credit():
    media = make_media_image(alt_text='Pacino & De Niro at a "diner" table', credit="Photo: WB")
    html = render_markdown(f"Before.\n\n{media.reference}\n\nAfter.")
    img = re.search(r"<img [^>]+>", html).group(0)
    widths = re.findall(r" (\d+)w", img)
    assert widths == ["480", "960", "1600", "2000"]
    assert 'width="2000" height="1000"' in img
    assert 'alt="Pacino &amp; De Niro at a &quot;diner&quot; table"' in img
    assert 'sizes="' in img and 'loading="lazy"' in img
    assert "<figcaption>Photo: WB</figcaption>" in html
    assert "<p>Before.</p>" in html and "<p>After.</p>" in html


def test_all_images_of_a_body_cost_one_query(django_assert_num_queries):
    images = [make_media_image() for _ in range(3)]
    body = "\n\n".join(image.reference for image in images)
    with django_assert_num_queries(1):
        html = render_markdown(body)
    assert html.count("<figure") == 3


def test_renditions_are_never_made_while_a_page_is_rendered():
    media = make_media_image()
    with mock.patch("picks.media.make_renditions") as make:
        render_markdown(media.reference)
        render_markdown(media.reference)
    make.assert_not_called()


def test_an_image_without_renditions_gets_them_on_first_use_only():
    media = make_media_image()
    MediaImage.objects.filter(pk=media.pk).update(renditions=[], width=0, height=0)
    assert "960w" in render_markdown(media.reference)
    assert len(MediaImage.objects.get(pk=media.pk).resized_copies) == 3
    with mock.patch("picks.media.make_renditions") as make:
        render_markdown(media.reference)
    make.assert_not_called()


def test_only_a_reference_on_its_own_line_becomes_an_image():
    media = make_media_image()
    html = render_markdown(f"Inline {media.reference} stays text.\n\n    {media.reference}")
    assert "<img" not in html and media.reference in html


def test_a_reference_to_a_deleted_image_disappears():
    assert render_markdown("Before.\n\n{image:999999}") == "<p>Before.</p>\n"


def test_a_post_page_shows_a_library_image(client):
    media = make_media_image(alt_text="A diner at night")
    post = make_post(body=f"Look:\n\n{media.reference}")
    html = client.get(post.get_absolute_url()).content.decode()
    assert 'alt="A diner at night"' in html and "1600w" in html


# The admin


def test_admin_upload_needs_alt_text_and_credit(client, editor):
    client.force_login(editor)
    response = client.post(
        "/admin/picks/mediaimage/add/", {"title": "Still", "image": image_file("still.png")}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors.keys() == {"alt_text", "credit"}
    assert not MediaImage.objects.exists()


def test_admin_upload_makes_renditions_and_shows_the_code(client, editor):
    client.force_login(editor)
    response = client.post(
        "/admin/picks/mediaimage/add/",
        {
            "title": "Diner",
            "image": image_file("diner.jpg", size=(1200, 800), fmt="JPEG"),
            "alt_text": "A diner",
            "credit": "Photo: WB",
            "_popup": "1",
        },
    )
    media = MediaImage.objects.get()
    assert media.uploaded_by == editor
    assert [r["width"] for r in media.resized_copies] == [480, 960]
    assert media.reference in response.content.decode()  # the popup gives the code to paste


def test_image_list_shows_thumbnails(client, editor, django_assert_max_num_queries):
    images = [make_media_image() for _ in range(5)]
    client.force_login(editor)
    with django_assert_max_num_queries(10):
        html = client.get("/admin/picks/mediaimage/").content.decode()
    assert html.count('class="admin-thumbnail"') == 5
    assert images[0].renditions[0]["name"] in html  # the small rendition, not the original


def test_an_image_used_in_a_post_cannot_be_deleted(client, editor):
    media = make_media_image()
    make_post(title="Uses it", body=f"{media.reference}")
    client.force_login(editor)
    response = client.post(f"/admin/picks/mediaimage/{media.pk}/delete/", {"post": "yes"})
    assert "Uses it" in response.content.decode()
    assert MediaImage.objects.filter(pk=media.pk).exists()


def test_deleting_an_unused_image_removes_its_files(client, editor):
    media = make_media_image()
    names = [media.image.name] + [r["name"] for r in media.renditions]
    client.force_login(editor)
    client.post(f"/admin/picks/mediaimage/{media.pk}/delete/", {"post": "yes"})
    assert not MediaImage.objects.exists()
    assert not any(default_storage.exists(name) for name in names)


def test_post_form_offers_the_library_without_leaving_the_post(client, editor):
    media = make_media_image(title="Diner still")
    client.force_login(editor)
    html = client.get("/admin/picks/post/add/").content.decode()
    assert "Image library" in html and "Diner still" in html
    assert f'data-copy="{media.reference}"' in html
    assert "data-image-library" in html and "/admin/picks/mediaimage/chooser/upload/" in html
    assert "picks/post_admin.js" in html and "<script>" not in html.split("</head>")[1]
