"""A post's body is rendered when it is saved and stored; pages show the stored HTML, which
follows the library images it shows."""

from __future__ import annotations

import importlib
from unittest import mock

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from picks import markdown
from picks.media import media_image_store
from picks.models import MediaImage, Post
from picks.models.posts import BODY_MAX_CHARS
from picks.workflow import post_publish, post_save_revision, revision_restore
from tests.factories import image_file, make_media_image, make_post
from tests.picks.test_roles import post_form

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

TOO_LONG = "x" * (BODY_MAX_CHARS + 1)
LIMIT_MESSAGE = f"A post body can be at most {BODY_MAX_CHARS} characters (this one has"


def stored_html(post: Post) -> str:
    return Post.objects.values_list("body_html", flat=True).get(pk=post.pk)


def renderer_refuses():
    """Every way into the Markdown renderer fails the test while it is active."""
    refuse = AssertionError("Markdown was rendered")
    return (
        mock.patch.object(markdown.PARSER, "render", side_effect=refuse),
        mock.patch.object(markdown.nh3, "clean", side_effect=refuse),
    )


# Rendered when saved, by every path


def test_a_new_post_stores_its_body_as_html():
    post = make_post(body="Some **bold** words.")
    assert stored_html(post) == "<p>Some <strong>bold</strong> words.</p>"


def test_saving_an_edited_body_renders_it_again():
    post = make_post(body="Before.")
    post.body = "# After"
    post.save()
    assert stored_html(post) == "<h2>After</h2>"


def test_a_save_naming_only_the_body_stores_its_html_too():
    post = make_post(body="Before.")
    post.body = "*After.*"
    post.save(update_fields=["body"])
    assert stored_html(post) == "<p><em>After.</em></p>"


def test_a_save_of_other_fields_does_not_render_the_body():
    post = make_post(body="Words.")
    post.title = "A new title"
    with mock.patch.object(markdown, "render_markdown") as render:
        post.save(update_fields=["title"])
    render.assert_not_called()
    assert stored_html(post) == "<p>Words.</p>"


def test_the_admin_form_stores_the_rendered_body(client, editor):
    post = make_post(body="Old.")
    client.force_login(editor)
    response = client.post(
        f"/admin/picks/post/{post.pk}/change/", post_form(post, body="New *words*.")
    )
    assert response.status_code == 302
    assert stored_html(post) == "<p>New <em>words</em>.</p>"


def test_publishing_and_restoring_keep_the_stored_html_in_step(editor):
    post = make_post(body="First words.", status=Post.Status.DRAFT, publish_at=None)
    first = post_save_revision(post=post, by=editor)
    post.body = "Second words."
    post.save()
    post_publish(post=post, by=editor)
    assert stored_html(post) == "<p>Second words.</p>"

    revision_restore(revision=first, by=editor)
    assert stored_html(post) == "<p>First words.</p>"


# Shown without rendering


def test_the_post_page_runs_no_markdown_rendering(client):
    post = make_post(body="Stored **before** the request.")
    parser, sanitiser = renderer_refuses()
    with parser, sanitiser:
        response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert "Stored <strong>before</strong> the request." in response.content.decode()


def test_the_post_page_shows_the_stored_html(client):
    post = make_post(body="What the editor wrote.")
    Post.objects.filter(pk=post.pk).update(body_html="<p>What was stored.</p>")
    html = client.get(post.get_absolute_url()).content.decode()
    assert "What was stored." in html and "What the editor wrote." not in html


def test_the_preview_renders_the_unsaved_body_and_stores_nothing(client, editor):
    media = make_media_image(alt_text="A diner at night")
    post = make_post(body="Saved.")
    client.force_login(editor)
    body = f"Unsaved *words*.\n\n{media.reference}"
    response = client.post(f"/admin/picks/post/{post.pk}/preview/", post_form(post, body=body))
    html = response.content.decode()
    assert "Unsaved <em>words</em>." in html and 'alt="A diner at night"' in html
    assert stored_html(post) == "<p>Saved.</p>"


# The length limit


def test_full_clean_refuses_a_body_past_the_limit_and_names_it():
    post = make_post()
    post.body = TOO_LONG
    with pytest.raises(ValidationError) as refused:
        post.full_clean()
    assert refused.value.message_dict["body"][0].startswith(LIMIT_MESSAGE)


def test_a_body_at_the_limit_is_accepted():
    post = make_post()
    post.body = "x" * BODY_MAX_CHARS
    post.full_clean()  # raises if the limit were off by one
    post.save()
    post.refresh_from_db()
    assert len(post.body) == BODY_MAX_CHARS
    assert post.body_html.count("x") == BODY_MAX_CHARS  # stored, rendered whole


def test_the_admin_form_refuses_a_body_past_the_limit(client, editor):
    post = make_post(body="Short.")
    client.force_login(editor)
    response = client.post(f"/admin/picks/post/{post.pk}/change/", post_form(post, body=TOO_LONG))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["body"][0].startswith(LIMIT_MESSAGE)
    assert LIMIT_MESSAGE in response.content.decode()
    post.refresh_from_db()
    assert post.body == "Short."


# Library images: the posts that show one follow its changes


def test_editing_an_images_alt_text_updates_the_post_page(client, editor):
    media = make_media_image(alt_text="A diner at night")
    post = make_post(body=f"Look:\n\n{media.reference}")
    client.force_login(editor)
    response = client.post(
        f"/admin/picks/mediaimage/{media.pk}/change/",
        {"title": media.title, "alt_text": "Two men at a diner counter", "credit": "Photo: WB"},
    )
    assert response.status_code == 302
    client.logout()

    html = client.get(post.get_absolute_url()).content.decode()
    assert 'alt="Two men at a diner counter"' in html and "A diner at night" not in html
    assert "<figcaption>Photo: WB</figcaption>" in html


def test_a_new_file_for_an_image_gives_the_post_its_new_renditions():
    media = make_media_image()
    post = make_post(body=media.reference)
    assert "1600w" in stored_html(post)
    media.image = image_file("smaller.jpg", size=(1000, 500), fmt="JPEG")
    media_image_store(media=media)
    html = stored_html(post)
    assert "1600w" not in html and "960w" in html and 'width="1000"' in html


def test_deleting_an_image_removes_it_from_the_posts_that_showed_it():
    media = make_media_image()
    post = make_post(body=f"Before.\n\n{media.reference}\n\nAfter.")
    other = make_post(body="No images here.")
    MediaImage.objects.filter(pk=media.pk).delete()
    html = stored_html(post)
    assert "<figure" not in html and "<p>Before.</p>" in html and "<p>After.</p>" in html
    assert stored_html(other) == "<p>No images here.</p>"


def test_an_image_change_leaves_the_posts_own_dates_alone():
    media = make_media_image()
    post = make_post(body=media.reference, updated_at=None)
    modified = Post.objects.get(pk=post.pk).modified_at
    media.alt_text = "Something else"
    media_image_store(media=media, new_file=False)
    post.refresh_from_db()
    assert 'alt="Something else"' in post.body_html
    assert post.modified_at == modified and post.updated_at is None


# The migration that added body_html


def test_the_migration_renders_the_posts_that_existed_before_it():
    migration = importlib.import_module("picks.migrations.0009_post_body_html")
    media = make_media_image(alt_text="A diner at night")
    posts = [make_post(body="*One*"), make_post(body=media.reference), make_post(body="")]
    Post.objects.update(body_html="")  # as the column starts out

    migration.render_existing_posts(apps, schema_editor=None)

    assert stored_html(posts[0]) == "<p><em>One</em></p>"
    assert 'alt="A diner at night"' in stored_html(posts[1])
    assert stored_html(posts[2]) == ""
