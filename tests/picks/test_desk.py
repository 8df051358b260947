"""The editors' desk on the admin home: what waits for whom, in a bounded number of queries, with
the editorial apps first; and one-click moderation from the desk and the comment queue."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from picks.models import Comment, Post
from tests.asserts import text_of
from tests.factories import (
    make_comment,
    make_film,
    make_person,
    make_post,
    make_section,
    make_user,
)

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
QUEUE = reverse("admin:picks_comment_changelist")


def decide_url(comment: Comment) -> str:
    return reverse("admin:picks_comment_decide", args=[comment.pk])


def reply_url(comment: Comment) -> str:
    return reverse("admin:picks_comment_reply", args=[comment.pk])


@pytest.fixture
def newsroom(editor, contributor):
    """Some of everything the desk lists, by Edith (editor) and Colin (contributor)."""
    best_pick = make_section(name="Best Pick", slug="best-pick")
    make_section(name="Mini Blog", slug="mini-blog", is_active=False)
    live = make_post(title="Live pick", section=best_pick, author=editor)
    return {
        "best_pick": best_pick,
        "live": live,
        "edith_draft": make_post(title="Edith's draft", status=Post.Status.DRAFT, author=editor),
        "colin_draft": make_post(
            title="Colin's draft", status=Post.Status.DRAFT, author=contributor
        ),
        "scheduled": make_post(
            title="Friday's pick",
            author=editor,
            publish_at=datetime(2099, 1, 2, 13, 30, tzinfo=ZoneInfo("UTC")),
        ),
        "comment": make_comment(
            post=live, name="Ana", body="The epilogue broke me.\n\nTwice.", status="pending"
        ),
        "approved": make_comment(post=live, body="Already out."),
        "film": make_film(title="Hidden Gem", is_published=False),
        "person": make_person(name="Nell Newcomer", is_published=False),
    }


# What the desk lists


def test_an_editor_sees_everything_that_waits(client, editor, newsroom, settings):
    settings.TIME_ZONE = "Europe/Paris"
    client.force_login(editor)
    response = client.get(INDEX)
    text = text_of(response)
    assert response.status_code == 200
    assert "<h1>The editors' desk</h1>" in response.content.decode()
    assert "1 comment awaiting moderation" in text
    assert "The epilogue broke me." in text and "Twice." in text  # the whole text, readable
    assert "Already out." not in text
    assert "Edith&#x27;s draft" in text and "Colin&#x27;s draft" in text
    assert "Friday&#x27;s pick" in text and "Fri 2 Jan 2099, 14:30 CET" in text  # Paris time
    assert "Hidden Gem" in text and "Nell Newcomer" in text
    assert "Live pick" in text  # recently published
    new_pick = f'href="/admin/picks/post/add/?section={newsroom["best_pick"].pk}"'
    assert new_pick in response.content.decode()


def test_a_contributor_sees_their_own_drafts_and_no_comments(client, contributor, newsroom):
    client.force_login(contributor)
    response = client.get(INDEX)
    text = text_of(response)
    html = response.content.decode()
    assert "Your drafts" in text and "Colin&#x27;s draft" in text
    assert "Edith&#x27;s draft" not in text
    assert "awaiting moderation" not in text and "The epilogue broke me." not in text
    assert decide_url(newsroom["comment"]) not in html
    # Everyone's schedule, as the issue asks; only posts they may open are links.
    assert "Scheduled" in text and "Friday&#x27;s pick" in text
    assert reverse("admin:picks_post_change", args=[newsroom["scheduled"].pk]) not in html
    assert reverse("admin:picks_post_change", args=[newsroom["colin_draft"].pk]) in html
    assert reverse("admin:picks_post_change", args=[newsroom["live"].pk]) not in html
    assert newsroom["live"].get_absolute_url() in html  # recently published: the public page
    assert "Hidden Gem" in text  # contributors may look at films waiting for review
    assert "New Best Pick" in text


def test_a_superuser_sees_what_editors_see(client, newsroom):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    text = text_of(client.get(INDEX))
    assert "Edith&#x27;s draft" in text and "Colin&#x27;s draft" in text
    assert "1 comment awaiting moderation" in text


def test_without_a_best_pick_section_the_link_opens_a_blank_post(client, editor):
    client.force_login(editor)
    html = client.get(INDEX).content.decode()
    assert re.search(r'href="/admin/picks/post/add/">\s*New Best Pick', html)


def test_the_desk_says_when_nothing_waits(client, editor):
    client.force_login(editor)
    text = text_of(client.get(INDEX))
    assert "No comments are awaiting moderation." in text
    assert "No drafts in progress." in text and "Nothing is scheduled." in text
    assert "No films or people are waiting for review." in text


def test_the_desk_has_no_inline_script_or_style(client, editor, newsroom):
    client.force_login(editor)
    html = client.get(INDEX).content.decode()
    assert "style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "/static/picks/moderation.js" in html


def test_desk_queries_do_not_grow_with_what_waits(
    client, editor, contributor, django_assert_max_num_queries
):
    def add_some(count: int) -> None:
        for _ in range(count):
            make_comment(status="pending")
            make_post(status=Post.Status.DRAFT, author=contributor)
            make_post(publish_at=timezone.now() + timedelta(days=3))
            make_film(is_published=False)
            make_person(is_published=False)

    client.force_login(editor)
    add_some(2)
    with django_assert_max_num_queries(14) as few:  # 4 for the session and permissions
        assert client.get(INDEX).status_code == 200
    add_some(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(INDEX).status_code == 200


# The app list


def test_editorial_apps_come_first_and_the_rest_is_folded_away(client, editor):
    client.force_login(editor)
    response = client.get(INDEX)
    names = [app["name"] for app in response.context["app_list"]]
    assert names[:3] == ["Editorial", "Films and people", "Critics and scores"]
    editorial = response.context["app_list"][0]["models"]
    assert [model["object_name"] for model in editorial][:2] == ["Post", "Comment"]
    html = response.content.decode()
    folded = html.split('<details class="desk-apps__more">', 1)[1]
    assert "Tags" in folded and "Site settings" in folded
    assert "Taggit" not in html


def test_a_superuser_sees_every_app_unfolded(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    html = client.get(INDEX).content.decode()
    assert "desk-apps__more" not in html
    assert html.index("Editorial") < html.index("Authentication and Authorization")


def test_the_side_menu_lists_editorial_apps_first(client, editor):
    client.force_login(editor)
    response = client.get(reverse("admin:films_film_changelist"))
    assert response.context["available_apps"][0]["app_label"] == "picks"


# One-click moderation


def test_each_decision_is_a_post_form_with_one_button(client, editor, newsroom):
    client.force_login(editor)
    html = client.get(INDEX).content.decode()
    item = html.split(f'id="desk-comment-{newsroom["comment"].pk}"', 1)[1].split("</li>", 1)[0]
    forms = re.findall(r"<form\b.*?</form>", item, re.S)
    assert len(forms) == 4  # approve, spam, remove, reply
    for form in forms:
        assert 'method="post"' in form and "csrfmiddlewaretoken" in form
        assert len(re.findall(r"<button\b", form)) == 1
    assert {"Approve", "Spam", "Remove", "Approve and reply"} <= set(
        re.findall(r"<button[^>]*>\s*([^<]+?)\s*<", item)
    )


@pytest.mark.parametrize(
    ("decision", "status", "done"),
    [("approve", "approved", "Approved"), ("spam", "spam", "Marked as spam"),
     ("remove", "removed", "Removed")],
)  # fmt: skip
def test_a_decision_from_the_desk_redirects_back_with_a_message(
    client, editor, newsroom, decision, status, done
):
    comment = newsroom["comment"]
    client.force_login(editor)
    response = client.post(decide_url(comment), {"decision": decision, "next": INDEX})
    assert response.status_code == 302 and response.url == INDEX
    comment.refresh_from_db()
    assert comment.status == status
    assert comment.decided_by == editor and comment.decision_reason.endswith("by an editor")
    assert f"{done}: the comment by" in text_of(client.get(INDEX))


def test_the_page_script_gets_json_and_the_row_its_new_state(client, editor, newsroom):
    comment = newsroom["comment"]
    client.force_login(editor)
    response = client.post(
        decide_url(comment), {"decision": "approve"}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 200
    assert response.json()["ok"] is True
    assert response.json()["label"] == "Approved"
    assert response.json()["message"].startswith("Approved: the comment by \u2068Ana\u2069")


def test_an_unknown_decision_changes_nothing(client, editor, newsroom):
    comment = newsroom["comment"]
    client.force_login(editor)
    response = client.post(
        decide_url(comment), {"decision": "delete"}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 400
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_decisions_are_posts_from_editors_only(client, contributor, editor, newsroom):
    comment = newsroom["comment"]
    client.force_login(editor)
    assert client.get(decide_url(comment)).status_code == 405
    client.force_login(contributor)
    assert client.post(decide_url(comment), {"decision": "approve"}).status_code == 403
    client.logout()
    assert client.post(decide_url(comment), {"decision": "approve"}).status_code == 302  # login
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_next_never_leads_off_the_site(client, editor, newsroom):
    client.force_login(editor)
    response = client.post(
        decide_url(newsroom["comment"]),
        {"decision": "spam", "next": "https://evil.example/"},
    )
    assert response.url == QUEUE


def test_a_reply_approves_the_comment_and_posts_a_staff_reply(client, editor, newsroom):
    comment = newsroom["comment"]
    client.force_login(editor)
    response = client.post(reply_url(comment), {"body": "Thank you, Ana.", "next": INDEX})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED and comment.decided_by == editor
    reply = comment.replies.get()
    assert reply.body == "Thank you, Ana." and reply.is_staff_reply
    assert reply.status == Comment.Status.APPROVED
    assert "Approved and replied to the comment by" in text_of(client.get(INDEX))


def test_a_reply_where_comments_are_closed_changes_nothing(client, editor, newsroom):
    comment = newsroom["comment"]
    Post.objects.filter(pk=comment.post_id).update(comments_open=False)
    client.force_login(editor)
    response = client.post(reply_url(comment), {"body": "Thanks!", "next": INDEX}, follow=True)
    assert "Comments are closed on this post." in text_of(response)
    comment.refresh_from_db()
    assert comment.status == "pending" and not comment.replies.exists()


def test_an_empty_reply_asks_for_words(client, editor, newsroom):
    client.force_login(editor)
    response = client.post(reply_url(newsroom["comment"]), {"body": "  "}, follow=True)
    assert "Write your reply first." in text_of(response)


def test_the_queue_has_the_same_buttons_and_keeps_its_bulk_actions(client, editor, newsroom):
    comment = newsroom["comment"]
    client.force_login(editor)
    response = client.get(QUEUE)
    html = response.content.decode()
    listing_form = html.split('id="changelist-form"', 1)[1].split("</form>", 1)
    assert f'form="moderate-{comment.pk}-approve"' in listing_form[0]  # the buttons, in rows
    # ... and their forms outside the list's own form, one per decision
    assert f'<form id="moderate-{comment.pk}-spam" method="post"' in listing_form[1]
    actions = [value for value, _label in response.context["action_form"].fields["action"].choices]
    assert {"approve", "mark_spam", "remove", "restore"} <= set(actions)
    assert "The epilogue broke me." in text_of(response)


def test_a_decision_from_the_queue_returns_to_the_filtered_queue(client, editor, newsroom):
    client.force_login(editor)
    back = f"{QUEUE}?status__exact=pending"
    response = client.post(decide_url(newsroom["comment"]), {"decision": "approve", "next": back})
    assert response.url == back
