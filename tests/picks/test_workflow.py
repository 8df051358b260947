"""The post lifecycle: scheduled posts go live on time everywhere, and the admin's checks."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from picks.models import Post, PostRevision
from picks.workflow import post_publish
from tests.asserts import sitemap_entries
from tests.factories import image_file, make_film, make_post, make_section
from tests.picks.test_roles import change_url, post_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def best_pick():
    return make_section(name="Best Pick", slug="best-pick")


def reader_sees(client, post: Post) -> dict[str, bool]:
    """Where a reader finds the post: its page, the front page, its section, feeds, sitemap."""
    title = post.title.encode()
    return {
        "page": client.get(post.get_absolute_url()).status_code == 200,
        "home": title in client.get("/").content,
        "section": title in client.get(post.section.get_absolute_url()).content,
        "rss": title in client.get("/feeds/rss/").content,
        "atom": title in client.get("/feeds/atom/").content,
        "sitemap": post.get_absolute_url() in " ".join(sitemap_entries(client)),
    }


def test_a_scheduled_post_goes_live_at_its_time_everywhere_at_once(client):
    publish_at = timezone.now() + timedelta(hours=2)
    post = make_post(title="The pick of tomorrow", publish_at=publish_at)
    assert post.state_label == "Scheduled"
    assert not any(reader_sees(client, post).values())

    later = publish_at + timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        seen = reader_sees(client, post)
        assert post.state_label == "Published"
    assert all(seen.values()), seen


def test_publishing_keeps_a_future_date_so_the_post_is_scheduled(editor):
    when = timezone.now() + timedelta(days=3)
    post = make_post(status=Post.Status.DRAFT, publish_at=when)
    post = post_publish(post=post, by=editor)
    assert post.is_scheduled and post.publish_at == when
    assert not Post.objects.published().filter(pk=post.pk).exists()
    assert post.revisions.get().summary == "Scheduled"


def test_publishing_a_best_pick_without_a_film_says_what_is_missing(editor, best_pick):
    post = make_post(section=best_pick, status=Post.Status.DRAFT)
    with pytest.raises(ValidationError) as error:
        post_publish(post=post, by=editor)
    assert "needs a hero image" in str(error.value) and "at least one film" in str(error.value)
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT


# The change form's checks


def test_a_published_best_pick_needs_a_hero_image_a_film_and_our_verdict(client, editor, best_pick):
    client.force_login(editor)
    now = timezone.localtime()
    data = post_form(
        section=best_pick.pk,
        title="Best Pick: Heat",
        status="published",
        publish_at_0=now.strftime("%Y-%m-%d"),
        publish_at_1=now.strftime("%H:%M:%S"),
    )
    response = client.post("/admin/picks/post/add/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "A Best Pick needs a hero image." in html
    assert "A Best Pick needs at least one film" in html
    assert "A Best Pick needs our rating, out of 5." in html
    assert "A Best Pick needs our one-line verdict." in html
    assert 'value="Best Pick: Heat"' in html  # what was typed is kept
    assert not Post.objects.exists()

    film = make_film()
    data.update(
        {
            "hero_image": image_file("hero.png"),
            "hero_image_alt": "Two men in a diner",
            "rating": "4.5",
            "verdict": "Two great actors, one diner, no wasted word.",
            "film_links-TOTAL_FORMS": "1",
            "film_links-0-film": film.pk,
            "film_links-0-order": "0",
        }
    )
    response = client.post("/admin/picks/post/add/", data)
    assert response.status_code == 302
    assert Post.objects.get().films_in_order == [film]


def test_a_draft_best_pick_can_be_saved_unfinished(client, editor, best_pick):
    client.force_login(editor)
    response = client.post("/admin/picks/post/add/", post_form(section=best_pick.pk))
    assert response.status_code == 302
    assert Post.objects.get().status == Post.Status.DRAFT


def test_a_slug_clash_names_the_post_that_has_the_slug(client, editor):
    make_post(
        title="Heat at thirty",
        slug="heat",
        publish_at=timezone.make_aware(timezone.datetime(2024, 5, 3, 12)),
    )
    client.force_login(editor)
    response = client.post("/admin/picks/post/add/", post_form(slug="heat"))
    assert response.status_code == 200
    assert (
        "The slug “heat” is already used by “Heat at thirty” (published 3 May 2024)."
        in response.content.decode()
    )
    assert Post.objects.count() == 1


def test_a_publish_date_long_ago_needs_confirming(client, editor):
    client.force_login(editor)
    data = post_form(status="published", publish_at_0="2020-01-01", publish_at_1="10:00")
    response = client.post("/admin/picks/post/add/", data)
    assert response.status_code == 200
    assert "Tick &#x27;Yes, publish with this old date&#x27;" in response.content.decode()
    assert not Post.objects.exists()
    response = client.post("/admin/picks/post/add/", {**data, "confirm_old_date": "on"})
    assert response.status_code == 302
    assert Post.objects.get().publish_at.year == 2020


def test_material_change_records_the_updated_date(client, editor):
    post = make_post()
    client.force_login(editor)
    published = timezone.localtime(post.publish_at)
    dates = {
        "status": "published",
        "publish_at_0": published.strftime("%Y-%m-%d"),
        "publish_at_1": published.strftime("%H:%M:%S"),
    }
    client.post(change_url(post), post_form(post, body="A typo fixed.", **dates))
    post.refresh_from_db()
    assert post.body == "A typo fixed." and post.updated_at is None

    client.post(
        change_url(post), post_form(post, body="A new ending.", material_change="on", **dates)
    )
    post.refresh_from_db()
    assert post.updated_at is not None and timezone.now() - post.updated_at < timedelta(minutes=1)
    assert "Updated" in client.get(post.get_absolute_url()).content.decode()


# The list


def test_the_list_filters_by_state_and_shows_it(client, editor):
    make_post(title="Live one")
    make_post(title="Future one", publish_at=timezone.now() + timedelta(days=2))
    make_post(title="Draft one", status=Post.Status.DRAFT)
    client.force_login(editor)
    response = client.get("/admin/picks/post/?state=scheduled")
    assert [p.title for p in response.context["cl"].result_list] == ["Future one"]
    assert "post-state--scheduled" in response.content.decode()
    response = client.get("/admin/picks/post/?state=draft&q=draft")
    assert [p.title for p in response.context["cl"].result_list] == ["Draft one"]


def test_the_list_costs_a_fixed_number_of_queries(client, editor, django_assert_max_num_queries):
    for _ in range(15):
        make_post(author=editor)
    client.force_login(editor)
    with django_assert_max_num_queries(16):
        response = client.get("/admin/picks/post/")
    assert response.status_code == 200


# The demo loader


def test_load_demo_twice_adds_no_revision(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=StringIO())
    first = PostRevision.objects.count()
    assert first == Post.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert PostRevision.objects.count() == first
