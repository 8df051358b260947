"""Moderating comments in the admin: the queue, bulk decisions with who made them, the count."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from picks.models import BlocklistEntry, Comment, Post
from tests.factories import make_comment, make_post, make_user

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:picks_comment_changelist"


@pytest.fixture
def moderator(db):
    user = make_user(username="moderator", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="picks"))
    return user


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def act(client, action: str, comments) -> None:
    response = client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [comment.pk for comment in comments]},
    )
    assert response.status_code == 302


def test_admin_index_shows_how_many_comments_wait(moderator_client):
    make_comment(status=Comment.Status.PENDING)
    make_comment(status=Comment.Status.PENDING)
    make_comment(status=Comment.Status.SPAM)

    html = moderator_client.get(reverse("admin:index")).content.decode()

    assert "<strong>2</strong> comments awaiting moderation" in html
    assert f"{reverse(CHANGELIST)}?status__exact=pending" in html


def test_admin_index_says_when_nothing_waits(moderator_client):
    html = moderator_client.get(reverse("admin:index")).content.decode()
    assert "No comments are awaiting moderation." in html


def test_queue_filters_by_status_and_post_and_searches_email(moderator_client):
    post, other = make_post(title="La La Land"), make_post(title="Whiplash")
    make_comment(post=post, status="pending", body="Waiting here.", email="mia@example.test")
    make_comment(post=other, status="pending", body="Elsewhere.", email="seb@example.test")
    make_comment(post=post, status="approved", body="Already out.")

    by_status = moderator_client.get(reverse(CHANGELIST), {"status__exact": "pending"})
    by_post = moderator_client.get(
        reverse(CHANGELIST), {"status__exact": "pending", "post__id__exact": post.pk}
    )
    by_email = moderator_client.get(reverse(CHANGELIST), {"q": "seb@example"})

    assert by_status.context["cl"].result_count == 2
    assert [c.body for c in by_post.context["cl"].result_list] == ["Waiting here."]
    assert [c.body for c in by_email.context["cl"].result_list] == ["Elsewhere."]
    assert "mia@example.test" in by_status.content.decode()  # editors see the email


def test_queue_queries_do_not_grow_with_rows(moderator_client):
    for _ in range(3):
        make_comment(status="pending", decision_reason="First comment from this address")
    with CaptureQueriesContext(connection) as few:
        moderator_client.get(reverse(CHANGELIST))
    for _ in range(30):
        make_comment(status="pending")
    with CaptureQueriesContext(connection) as many:
        moderator_client.get(reverse(CHANGELIST))
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("approve", Comment.Status.APPROVED),
        ("mark_spam", Comment.Status.SPAM),
        ("remove", Comment.Status.REMOVED),
        ("restore", Comment.Status.PENDING),
    ],
)
def test_bulk_actions_record_the_decision_and_who_made_it(
    moderator_client, moderator, action, status
):
    comments = [make_comment(status="spam", decided_by_system="spam checks") for _ in range(2)]
    untouched = make_comment(status="spam")

    act(moderator_client, action, comments)

    for comment in comments:
        comment.refresh_from_db()
        assert comment.status == status
        assert comment.decided_by == moderator
        assert comment.decided_by_system == ""
        assert comment.decision_reason.endswith("by an editor")
        assert comment.decided_at is not None
    untouched.refresh_from_db()
    assert untouched.status == Comment.Status.SPAM


def test_rescued_spam_appears_on_the_site_and_vouches_for_its_author(client, moderator_client):
    post = make_post()
    held = make_comment(post=post, status="spam", body="Not spam after all.")
    act(moderator_client, "approve", [held])
    client.logout()
    assert "Not spam after all." in client.get(post.get_absolute_url()).content.decode()


def test_approving_a_flagged_comment_resets_its_flags(moderator_client):
    flagged = make_comment(status="pending", flag_count=3)
    act(moderator_client, "approve", [flagged])
    flagged.refresh_from_db()
    assert flagged.flag_count == 0


def test_an_editor_keeps_a_flagged_comment_and_flags_no_longer_hide_it(moderator_client, settings):
    settings.MARQUEE_COMMENT_FLAG_THRESHOLD = 2
    flagged = make_comment(status="pending", flag_count=2, decided_by_system="reader flags")

    act(moderator_client, "keep_despite_flags", [flagged])
    reader = Client()
    for ip in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        reader.post(reverse("picks:comment_flag", args=[flagged.pk]), REMOTE_ADDR=ip)

    flagged.refresh_from_db()
    assert flagged.status == Comment.Status.APPROVED
    assert flagged.ignore_flags
    assert flagged.decision_reason == "Kept despite flags by an editor"
    assert flagged.flag_count == 3


def test_an_editor_can_let_flags_hide_a_kept_comment_again(moderator_client):
    comment = make_comment(ignore_flags=True)
    url = reverse("admin:picks_comment_change", args=[comment.pk])
    form = moderator_client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in ("name", "email", "url", "body")}

    response = moderator_client.post(url, data)  # the box unticked

    assert response.status_code == 302
    comment.refresh_from_db()
    assert not comment.ignore_flags


def test_comment_change_page_links_to_its_thread_and_shows_the_decision(moderator_client):
    comment = make_comment(decision_reason="Known commenter: approved before")
    html = moderator_client.get(
        reverse("admin:picks_comment_change", args=[comment.pk])
    ).content.decode()
    assert f'href="{comment.post.get_absolute_url()}#comment-{comment.pk}"' in html
    assert "Known commenter: approved before" in html


def test_a_direction_override_in_a_name_stays_inside_the_name_in_the_admin(moderator_client):
    comment = make_comment(name="\u202eMia", status="pending")

    listing = moderator_client.get(reverse(CHANGELIST)).content.decode()
    change = moderator_client.get(reverse("admin:picks_comment_change", args=[comment.pk]))

    assert "<bdi>\u202eMia</bdi>" in listing
    # Titles, breadcrumbs and messages hold text only: there, Unicode's isolate marks.
    assert str(comment) == f"\u2068\u202eMia\u2069 on {comment.post}"
    assert f"<h2>{str(comment)}</h2>" in change.content.decode()


def test_deleting_a_post_with_comments_is_refused_in_the_admin(moderator_client):
    comment = make_comment()
    post = comment.post

    response = moderator_client.post(
        reverse("admin:picks_post_delete", args=[post.pk]), {"post": "yes"}
    )

    assert response.status_code == 200
    assert "can't be deleted: readers&#x27; comments hang from it." in (response.content.decode())
    assert Post.objects.filter(pk=post.pk).exists()
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_after_deleting_its_comments_a_post_can_be_deleted(moderator_client):
    parent = make_comment()
    reply = make_comment(post=parent.post, parent=parent)
    moderator_client.post(
        reverse(CHANGELIST),
        {"action": "delete_selected", "_selected_action": [parent.pk, reply.pk], "post": "yes"},
    )
    assert not Comment.objects.exists()
    moderator_client.post(
        reverse("admin:picks_post_delete", args=[parent.post_id]), {"post": "yes"}
    )
    assert not Post.objects.filter(pk=parent.post_id).exists()


def test_blocklist_admin_adds_an_entry_normalised(moderator_client):
    response = moderator_client.post(
        reverse("admin:picks_blocklistentry_add"),
        {"kind": "email_domain", "value": " @Spam.Example ", "note": "Bulk spam"},
    )
    assert response.status_code == 302
    assert BlocklistEntry.objects.get().value == "spam.example"
    assert moderator_client.get(reverse("admin:picks_blocklistentry_changelist")).status_code == 200
