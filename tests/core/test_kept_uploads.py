"""A chosen image survives a failed submit: kept, shown, and saved with the next one."""

from __future__ import annotations

import re

import pytest
from django.core import signing

from core.kept_uploads import SIGNING_SALT
from picks.models import Post
from tests.factories import image_file, make_post
from tests.picks.test_roles import change_url, post_form

pytestmark = pytest.mark.django_db

KEPT = re.compile(r'name="hero_image__kept" value="([^"]+)"')


def test_an_image_chosen_on_a_form_that_fails_is_kept_and_saved_next_time(
    client, editor, media_root
):
    client.force_login(editor)
    data = post_form(title="", hero_image_alt="A diner at night")
    data["hero_image"] = image_file("diner.png")
    failed = client.post("/admin/picks/post/add/", data)
    html = failed.content.decode()
    assert failed.status_code == 200 and not Post.objects.exists()
    assert "Kept from your last try: <strong>diner.png</strong>" in html
    token = KEPT.search(html).group(1)
    kept_src = re.search(r'<p class="kept-upload"><img src="([^"]+)"', html).group(1)
    assert (media_root / kept_src.removeprefix("/media/")).exists()  # not a broken picture

    data = post_form(title="Now with a title", hero_image_alt="A diner at night")
    data["hero_image__kept"] = token
    assert client.post("/admin/picks/post/add/", data).status_code == 302
    post = Post.objects.get()
    assert post.hero_image.name.endswith(".png") and post.hero_image.width == 40


def test_a_forged_or_foreign_token_keeps_nothing(client, editor, media_root):
    client.force_login(editor)
    data = post_form(title="No image")
    data["hero_image__kept"] = signing.dumps("posts/someone-elses.png", salt=SIGNING_SALT)
    client.post("/admin/picks/post/add/", data)
    assert not Post.objects.get().hero_image


def test_a_failed_save_shows_no_broken_current_image(client, editor, media_root):
    post = make_post(title="Old")
    client.force_login(editor)
    data = post_form(post, title="", hero_image_alt="alt")
    data["hero_image"] = image_file("new.png")
    html = client.post(change_url(post), data).content.decode()
    assert "new.png" not in re.sub(r'<p class="kept-upload">.*?</p>', "", html, flags=re.S)
