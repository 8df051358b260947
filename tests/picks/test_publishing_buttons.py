"""Explicit publishing on the post form: "Save draft", "Publish now" and "Schedule…", and the
message that says what each did (a scheduled post's in the site's time zone)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from picks.models import Post
from tests.factories import make_post
from tests.picks.test_roles import change_url, post_form

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/picks/post/add/"


def sent(data: dict, intent: str) -> dict:
    data = {key: value for key, value in data.items() if key != "_save"}
    return {**data, "_intent": intent}


def message_of(response) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def test_the_form_offers_the_three_buttons_to_editors_and_only_save_draft_to_contributors(
    client, editor, contributor
):
    client.force_login(editor)
    html = client.get(ADD_URL).content.decode()
    for label in ("Save draft", "Publish now", "Schedule…"):
        assert f">{label}</button>" in html
    assert 'name="_save"' not in html

    client.force_login(contributor)
    html = client.get(ADD_URL).content.decode()
    assert ">Save draft</button>" in html
    assert "Publish now" not in html and "Schedule…" not in html


def test_save_draft_keeps_a_new_post_off_the_site_and_stays_on_the_form(client, editor):
    client.force_login(editor)
    response = client.post(ADD_URL, sent(post_form(status="published"), "draft"))
    post = Post.objects.get()
    assert response.status_code == 302 and response.url == change_url(post)
    assert post.status == Post.Status.DRAFT
    assert "saved as a draft" in message_of(response)


def test_publish_now_puts_it_on_the_site_through_post_publish(client, editor):
    client.force_login(editor)
    response = client.post(ADD_URL, sent(post_form(), "publish"))
    post = Post.objects.get()
    assert post.is_live
    assert abs(post.publish_at - timezone.now()) < timedelta(minutes=1)
    assert [r.summary for r in post.revisions.order_by("created_at", "id")] == [
        "Created",
        "Published",
    ]
    message = message_of(response)
    assert "is published" in message and post.get_absolute_url() in message


def test_publish_now_on_a_scheduled_post_brings_its_date_forward(client, editor):
    post = make_post(status=Post.Status.PUBLISHED, publish_at=timezone.now() + timedelta(days=3))
    client.force_login(editor)
    client.post(change_url(post), sent(post_form(post), "publish"))
    post.refresh_from_db()
    assert post.is_live


@pytest.mark.parametrize("zone", ["Europe/London", "America/New_York"])
def test_schedule_says_when_the_post_goes_live_in_the_sites_time_zone(
    client, editor, settings, zone
):
    settings.TIME_ZONE = zone
    post = make_post(title="Heat at thirty", status=Post.Status.DRAFT, publish_at=None)
    when = timezone.now().astimezone(timezone.get_default_timezone()) + timedelta(days=2)
    when = when.replace(hour=9, minute=30, second=0, microsecond=0)
    client.force_login(editor)
    data = post_form(
        post, publish_at_0=when.strftime("%Y-%m-%d"), publish_at_1=when.strftime("%H:%M:%S")
    )
    response = client.post(change_url(post), sent(data, "schedule"))

    post.refresh_from_db()
    assert post.is_scheduled and post.publish_at == when
    assert post.revisions.first().summary == "Scheduled"
    expected = f"{when:%A} {when.day} {when:%B %Y} at 09:30 ({zone})"
    assert message_of(response) == f"“Heat at thirty” is scheduled: it goes live on {expected}."


def test_schedule_without_a_future_date_asks_for_one_and_saves_nothing(client, editor):
    post = make_post(title="Kept", status=Post.Status.DRAFT, publish_at=None)
    client.force_login(editor)
    response = client.post(change_url(post), sent(post_form(post, title="Typed"), "schedule"))
    assert response.status_code == 200
    assert "give the date and time it goes live, in the future" in response.content.decode()
    post.refresh_from_db()
    assert post.title == "Kept" and post.status == Post.Status.DRAFT


def test_a_contributor_cannot_publish_with_a_forged_button(client, contributor):
    client.force_login(contributor)
    client.post(ADD_URL, sent(post_form(), "publish"))
    post = Post.objects.get()
    assert post.status == Post.Status.DRAFT and post.publish_at is None


def test_saving_a_live_post_keeps_it_live(client, editor):
    post = make_post(title="Live")
    client.force_login(editor)
    response = client.post(change_url(post), sent(post_form(post, title="Live, edited"), "save"))
    post.refresh_from_db()
    assert post.is_live and post.title == "Live, edited"
    assert "the published post shows the changes" in message_of(response)
