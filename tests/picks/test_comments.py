"""Readers comment on posts: posting, replying, the thread, closing, flags and the privacy page."""

from __future__ import annotations

import time
from datetime import timedelta
from html.parser import HTMLParser
from unittest import mock

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.db.utils import DatabaseError
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from picks.comments import (
    browser_key_digest,
    comment_moderate,
    comment_page_number,
    comment_submit,
)
from picks.forms import sign_form_start
from picks.models import Comment, Post
from picks.views.comments import set_browser_key
from tests.factories import make_comment, make_la_la_land, make_post, make_section, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def started(post: Post, seconds_ago: float = 10) -> str:
    """The hidden timestamp of the form on `post`'s page, loaded `seconds_ago`."""
    real_time = time.time
    with mock.patch("time.time", return_value=real_time() - seconds_ago):
        return sign_form_start(post)


def form_data(post: Post, **overrides) -> dict:
    """What the form on `post`'s page sends, with a timestamp of its own (a fresh page load)."""
    data = {
        "name": "Mia Dolan",
        "email": "mia@example.test",
        "url": "",
        "comment": "The epilogue broke my heart.",
        "started": started(post),
        "phone": "",
        "parent": "",
    }
    data.update(overrides)
    return data


def post_comment(client: Client, post: Post, **overrides):
    return client.post(
        reverse("picks:comment_create", args=[post.slug]), form_data(post, **overrides)
    )


def vouch(client: Client, *, email: str = "mia@example.test", **fields) -> Comment:
    """An approved comment by `email` sent from `client`'s browser, as once an editor approved
    a first comment sent there: that browser's next comments with the address appear at once."""
    key = f"key-of-a-browser-used-by-{email}"
    response = HttpResponse()
    set_browser_key(response, key, secure=False)
    client.cookies.update(response.cookies)
    return make_comment(email=email, browser_key=browser_key_digest(key, email), **fields)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if "id" in attributes:
            self.ids.append(attributes["id"])

    def field_value(self, name: str) -> str:
        return next(attrs["value"] for tag, attrs in self.tags if attrs.get("name") == name)


def parse(response) -> _Collector:
    collector = _Collector()
    collector.feed(response.content.decode())
    return collector


# Posting -----------------------------------------------------------------------------------


def test_first_comment_waits_for_moderation_and_the_reader_is_told(client):
    post = make_post()

    response = post_comment(client, post)

    assert response.status_code == 303
    assert response["Location"] == f"{post.get_absolute_url()}#comment-result"
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.decision_reason == "First comment from this address"
    assert comment.ip == "127.0.0.1"
    page = client.get(response["Location"])
    assert "Your comment is awaiting moderation" in page.content.decode()
    assert "The epilogue broke my heart." not in page.content.decode()


def test_known_commenter_is_published_at_once_and_lands_on_the_comment(client):
    post = make_post()
    vouch(client, post=post, email="mia@example.test")

    response = post_comment(client, post, email="MIA@Example.test", comment="Second thoughts.")

    comment = Comment.objects.get(body="Second thoughts.")
    assert comment.status == Comment.Status.APPROVED
    assert comment.decided_by_system == "first-comment rule"
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{comment.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "Your comment is published." in page
    assert f'id="comment-{comment.pk}"' in page
    assert "Second thoughts." in page


def test_an_approved_comment_from_someone_else_does_not_vouch_for_a_new_address(client):
    post = make_post()
    make_comment(post=post, email="seb@example.test")
    post_comment(client, post, email="mia@example.test")
    assert Comment.objects.get(email="mia@example.test").status == Comment.Status.PENDING


def test_invalid_form_keeps_the_text_and_says_what_to_fix_next_to_the_field(client):
    post = make_post()

    response = post_comment(client, post, email="", comment="Text I do not want to retype.")

    assert response.status_code == 400
    html = response.content.decode()
    assert "Text I do not want to retype." in html
    assert 'id="id_email_error"' in html
    assert "This field is required." in html
    email_input = next(
        attrs for tag, attrs in parse(response).tags if attrs.get("id") == "id_email"
    )
    assert "id_email_error" in email_input["aria-describedby"]
    assert email_input["aria-invalid"] == "true"
    assert not Comment.objects.exists()


def test_the_comment_text_is_sent_as_comment_with_the_models_length_limit(client):
    post = make_post()
    page = parse(client.get(post.get_absolute_url()))
    textarea = next(attrs for tag, attrs in page.tags if tag == "textarea")
    limit = Comment._meta.get_field("body").max_length
    assert (textarea["name"], textarea["maxlength"]) == ("comment", str(limit))

    response = post_comment(client, post, comment="x" * (limit + 1))
    assert response.status_code == 400
    assert f"Ensure this value has at most {limit} characters" in response.content.decode()
    assert not Comment.objects.exists()


def test_website_must_be_http_or_https(client):
    post = make_post()
    response = post_comment(client, post, url="javascript:alert(1)")
    assert response.status_code == 400
    assert 'id="id_url_error"' in response.content.decode()
    assert not Comment.objects.exists()


def test_post_without_csrf_token_is_refused():
    post = make_post()
    client = Client(enforce_csrf_checks=True)
    response = post_comment(client, post)
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_comment_on_a_draft_is_not_found(client):
    post = make_post(status=Post.Status.DRAFT)
    assert post_comment(client, post).status_code == 404


def test_a_double_click_stores_one_comment(client):
    post = make_post()
    data = form_data(post)
    url = reverse("picks:comment_create", args=[post.slug])
    client.post(url, data)
    client.post(url, data)
    assert Comment.objects.count() == 1


# Rendering ---------------------------------------------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
]


def test_xss_payloads_in_every_field_render_inert(client):
    post = make_post()
    for payload in PAYLOADS:
        make_comment(
            post=post,
            name=payload,
            body=f"{payload}\nsee https://example.com/?q={payload}",
            url=f'https://example.com/"{payload}',
        )

    response = client.get(post.get_absolute_url(), {"reply_to": Comment.objects.first().pk})

    html = response.content.decode()
    tags = parse(response).tags
    # Scripts: the JSON-LD data block, which browsers never execute, and our own static files.
    assert all(
        attrs.get("type") == "application/ld+json" or attrs.get("src", "").startswith("/static/")
        for tag, attrs in tags
        if tag == "script"
    )
    assert not any(any(name.startswith("on") for name in attrs) for _, attrs in tags)
    assert not any(
        attrs.get("href", "").strip().lower().startswith("javascript:") for _, attrs in tags
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_payloads_sent_through_the_form_are_stored_as_text_and_shown_escaped(client):
    post = make_post()
    vouch(client, post=post)
    post_comment(client, post, name=PAYLOADS[1], comment=PAYLOADS[0])

    stored = Comment.objects.get(body=PAYLOADS[0])
    assert stored.name == PAYLOADS[1]
    html = client.get(post.get_absolute_url()).content.decode()
    assert "&lt;script&gt;" in html and "<script>alert" not in html


RIGHT_TO_LEFT_OVERRIDE = "\u202e"


def test_a_direction_override_in_a_name_cannot_reverse_the_text_around_it(client):
    post = make_post()
    name = f"{RIGHT_TO_LEFT_OVERRIDE}Mia"
    linked = make_comment(post=post, name=name, url="https://mia.example")
    make_comment(post=post, name=name)

    html = client.get(post.get_absolute_url(), {"reply_to": linked.pk}).content.decode()

    # Every place the name shows: twice as author, in both comments' hidden "Reply to" and
    # "Flag ... by", and in the form's heading and note while replying.
    assert html.count(name) == html.count(f"<bdi>{name}</bdi>") == 8


def test_comment_text_keeps_line_breaks_and_links_addresses_without_passing_credit(client):
    post = make_post()
    make_comment(post=post, body="First line\nSecond line https://example.com/review")

    html = client.get(post.get_absolute_url()).content.decode()

    assert "First line<br>Second line" in html
    assert (
        '<a href="https://example.com/review" rel="nofollow ugc noopener">'
        "https://example.com/review</a>"
    ) in html


def test_email_and_ip_are_never_shown_to_readers(client):
    post = make_post()
    make_comment(post=post, email="secret-address@example.test", ip="203.0.113.9")
    html = client.get(post.get_absolute_url()).content.decode()
    assert "secret-address" not in html
    assert "203.0.113.9" not in html


def test_only_approved_comments_are_shown_and_counted(client):
    post = make_post()
    make_comment(post=post, body="Shown to all.")
    for status in (Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.REMOVED):
        make_comment(post=post, body=f"Hidden {status}.", status=status)

    html = client.get(post.get_absolute_url()).content.decode()

    assert "Shown to all." in html
    assert "Hidden" not in html
    assert "1 comment</a>" in html  # top of the post
    assert ">1 comment</h2>" in html  # heading of the comment section


def test_thread_is_oldest_first(client):
    post = make_post()
    now = timezone.now()
    make_comment(post=post, body="Newer words.", created_at=now)
    make_comment(post=post, body="Older words.", created_at=now - timedelta(hours=1))
    html = client.get(post.get_absolute_url()).content.decode()
    assert html.index("Older words.") < html.index("Newer words.")


def test_comment_counts_on_post_cards(client):
    section = make_section()
    post = make_post(section=section)
    make_comment(post=post)
    make_comment(post=post)
    make_comment(post=post, status=Comment.Status.PENDING)
    html = client.get(section.get_absolute_url()).content.decode()
    assert f'href="{post.get_absolute_url()}#comments">2 comments</a>' in html


def add_comments(post: Post, count: int) -> None:
    """Half top-level comments, half replies to them, all approved."""
    roots = Comment.objects.bulk_create(
        Comment(post=post, name=f"R{i}", email=f"r{i}@x.test", body="Hi", status="approved")
        for i in range(count // 2)
    )
    Comment.objects.bulk_create(
        Comment(
            post=post,
            parent=roots[i % len(roots)],
            depth=1,
            name="Re",
            email="re@x.test",
            body="Reply",
            status="approved",
        )
        for i in range(count - len(roots))
    )


def test_comment_list_runs_the_same_number_of_queries_for_5_or_500_comments(client, settings):
    settings.MARQUEE_COMMENTS_PER_PAGE = 1000
    post = make_post()
    add_comments(post, 5)
    client.get(post.get_absolute_url())  # warm the site-wide caches (settings, sections)
    with CaptureQueriesContext(connection) as few:
        assert ">5 comments</h2>" in client.get(post.get_absolute_url()).content.decode()

    add_comments(post, 495)
    with CaptureQueriesContext(connection) as many:
        assert ">500 comments</h2>" in client.get(post.get_absolute_url()).content.decode()

    assert len(many.captured_queries) == len(few.captured_queries) <= 25
    comment_reads = [
        query["sql"]
        for query in many.captured_queries
        if query["sql"].startswith('SELECT "picks_comment"')
    ]
    assert len(comment_reads) == 1


def test_long_threads_are_paginated_by_top_level_comment(client, settings):
    settings.MARQUEE_COMMENTS_PER_PAGE = 2
    post = make_post()
    now = timezone.now()
    roots = [
        make_comment(post=post, body=f"Root {i}.", created_at=now + timedelta(minutes=i))
        for i in range(5)
    ]
    make_comment(post=post, parent=roots[0], body="Reply to root 0.", created_at=now)

    first = client.get(post.get_absolute_url()).content.decode()
    last = client.get(post.get_absolute_url(), {"comments_page": 3}).content.decode()

    assert "Root 0." in first and "Reply to root 0." in first and "Root 2." not in first
    assert "Root 4." in last and "Root 0." not in last
    assert "Comments page 1 of 3" in first
    assert ">6 comments</h2>" in first


def test_published_comment_on_a_later_page_redirects_to_that_page(client, settings):
    settings.MARQUEE_COMMENTS_PER_PAGE = 2
    post = make_post()
    for _ in range(2):
        make_comment(post=post, created_at=timezone.now() - timedelta(hours=1))
    vouch(client, post=post, created_at=timezone.now() - timedelta(hours=1))

    response = post_comment(client, post)

    comment = Comment.objects.latest("created_at")
    assert response["Location"] == f"{post.get_absolute_url()}?comments_page=2#comment-{comment.pk}"


# Replies ------------------------------------------------------------------------------------


def test_reply_link_fills_the_hidden_parent_of_the_one_form(client):
    post = make_post()
    parent = make_comment(post=post, name="Sebastian")

    response = client.get(post.get_absolute_url(), {"reply_to": parent.pk})

    html = response.content.decode()
    assert f'name="parent" value="{parent.pk}"' in html
    assert "Reply to <bdi>Sebastian</bdi>" in html
    assert html.count('id="comment-form"') == 1


def test_reply_is_stored_under_its_parent(client):
    post = make_post()
    parent = vouch(client, post=post)
    post_comment(client, post, parent=parent.pk, comment="A reply.")
    reply = Comment.objects.get(body="A reply.")
    assert reply.parent == parent and reply.depth == 1
    html = client.get(post.get_absolute_url()).content.decode()
    assert 'class="comment-list comment-list--replies"' in html


def test_reply_to_the_deepest_level_joins_that_level(client, settings):
    settings.MARQUEE_COMMENT_MAX_DEPTH = 3
    post = make_post()
    top = vouch(client, post=post)
    middle = make_comment(post=post, parent=top)
    deepest = make_comment(post=post, parent=middle)

    post_comment(client, post, parent=deepest.pk, comment="Deeper still?")

    reply = Comment.objects.get(body="Deeper still?")
    assert reply.depth == 2
    assert reply.parent == middle


def test_reply_to_a_comment_of_another_post_is_refused(client):
    post, other = make_post(), make_post()
    foreign = make_comment(post=other)
    response = post_comment(client, post, parent=foreign.pk)
    assert response.status_code == 400
    assert "no longer available" in response.content.decode()
    assert not Comment.objects.filter(post=post).exists()


def test_reply_forms_on_a_long_thread_produce_no_duplicate_ids(client):
    post = make_post()
    parents = [None]
    for i in range(60):
        parent = parents[i % len(parents)]
        parents.append(
            make_comment(post=post, parent=parent) if parent else make_comment(post=post)
        )
    response = client.get(post.get_absolute_url(), {"reply_to": parents[5].pk})
    ids = parse(response).ids
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates
    assert ids.count("comment-form") == 1


# Staff --------------------------------------------------------------------------------------


def test_staff_reply_is_published_at_once_with_a_badge(client):
    post = make_post()
    editor = make_user(is_staff=True, first_name="Ada", last_name="Editor")
    client.force_login(editor)

    response = post_comment(client, post, name="", email="", comment="Thanks for reading!")

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.APPROVED
    assert comment.is_staff_reply and comment.user == editor and comment.decided_by == editor
    assert comment.name == "Ada Editor"
    html = client.get(response["Location"]).content.decode()
    assert '<span class="badge badge--staff">Staff</span>' in html


def test_a_reader_cannot_claim_the_staff_badge(client):
    post = make_post()
    vouch(client, post=post)
    post_comment(client, post, is_staff_reply="on", user=1)
    assert not Comment.objects.filter(is_staff_reply=True).exists()


# Remember me --------------------------------------------------------------------------------


def test_remember_me_is_off_by_default_and_stores_nothing(client):
    post = make_post()
    response = post_comment(client, post)
    assert "marquee_commenter" not in response.cookies
    assert (
        'name="remember" id="id_remember" checked'
        not in client.get(post.get_absolute_url()).content.decode()
    )


def test_remember_me_fills_the_next_form_and_unticking_forgets(client):
    post = make_post()
    response = post_comment(client, post, remember="on", url="https://mia.example")
    assert response.cookies["marquee_commenter"]["httponly"]

    html = client.get(post.get_absolute_url()).content.decode()
    assert 'value="Mia Dolan"' in html
    assert 'value="mia@example.test"' in html
    assert 'value="https://mia.example"' in html
    assert "The epilogue broke my heart." not in html  # the text itself is never remembered

    response = post_comment(client, post, comment="Another one.")
    assert response.cookies["marquee_commenter"].value == ""
    assert 'value="Mia Dolan"' not in client.get(post.get_absolute_url()).content.decode()


# Closing ------------------------------------------------------------------------------------


def test_comments_close_after_the_site_default_and_the_thread_stays(client, settings):
    settings.MARQUEE_COMMENTS_CLOSE_AFTER_DAYS = 30
    post = make_post(publish_at=timezone.now() - timedelta(days=31))
    make_comment(post=post, body="Said while it was open.")

    page = client.get(post.get_absolute_url()).content.decode()
    response = post_comment(client, post)

    assert "Comments are closed on this post." in page
    assert "Said while it was open." in page
    assert 'id="comment-form"' not in page
    assert response.status_code == 303
    assert Comment.objects.count() == 1
    assert "Comments are closed" in client.get(response["Location"]).content.decode()


def test_comments_are_open_before_the_deadline(client, settings):
    settings.MARQUEE_COMMENTS_CLOSE_AFTER_DAYS = 30
    post = make_post(publish_at=timezone.now() - timedelta(days=29))
    assert 'id="comment-form"' in client.get(post.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("override", "comments_open", "accepts"),
    [(0, True, True), (60, True, True), (10, True, False), (None, False, False)],
)
def test_each_post_can_override_or_switch_off_closing(override, comments_open, accepts):
    post = make_post(
        publish_at=timezone.now() - timedelta(days=31),
        comments_close_after_days=override,
        comments_open=comments_open,
    )
    assert post.accepts_comments is accepts


def test_comment_submit_refuses_a_closed_post():
    from django.core.exceptions import ValidationError

    post = make_post(comments_open=False)
    with pytest.raises(ValidationError, match="closed"):
        comment_submit(post=post, name="A", email="a@example.test", body="Hello")


# Flags --------------------------------------------------------------------------------------


def flag(client: Client, comment: Comment, ip: str):
    return client.post(reverse("picks:comment_flag", args=[comment.pk]), REMOTE_ADDR=ip)


def test_enough_flags_send_a_comment_back_to_moderation(client, settings):
    settings.MARQUEE_COMMENT_FLAG_THRESHOLD = 3
    comment = make_comment()

    for ip in ("10.0.0.1", "10.0.0.2"):
        response = flag(client, comment, ip)
    comment.refresh_from_db()
    assert response.status_code == 303
    assert comment.status == Comment.Status.APPROVED and comment.flag_count == 2

    flag(client, comment, "10.0.0.3")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert comment.decision_reason == "Reader flags: 3 readers within 24 hours"
    assert comment.decided_by_system == "reader flags"
    assert comment.body not in client.get(comment.post.get_absolute_url()).content.decode()


def test_one_reader_flagging_twice_counts_once(client):
    comment = make_comment()
    flag(client, comment, "10.0.0.1")
    flag(client, comment, "10.0.0.1")
    comment.refresh_from_db()
    assert comment.flag_count == 1


def test_flags_spread_over_more_than_the_window_do_not_add_up(client, settings):
    settings.MARQUEE_COMMENT_FLAG_THRESHOLD = 3
    settings.MARQUEE_COMMENT_FLAG_WINDOW = 1  # seconds; real time, as Redis keeps it in CI
    comment = make_comment()
    flag(client, comment, "10.0.0.1")
    flag(client, comment, "10.0.0.2")

    time.sleep(1.2)
    flag(client, comment, "10.0.0.3")

    comment.refresh_from_db()
    assert comment.flag_count == 3  # editors still see every flag
    assert comment.status == Comment.Status.APPROVED


def test_one_address_flags_a_limited_number_of_comments(client, settings):
    settings.MARQUEE_COMMENT_FLAG_RATE_LIMIT = {"count": 3, "window_seconds": 3600}
    comments = [make_comment() for _ in range(4)]

    responses = [flag(client, comment, "10.0.0.1") for comment in comments]

    assert [r.status_code for r in responses] == [303] * 4  # told the same, counted or not
    counts = [Comment.objects.get(pk=comment.pk).flag_count for comment in comments]
    assert counts == [1, 1, 1, 0]
    flag(client, comments[3], "10.0.0.2")  # another address is not affected
    assert Comment.objects.get(pk=comments[3].pk).flag_count == 1


def test_after_an_editor_approves_it_flags_count_afresh(client, settings):
    settings.MARQUEE_COMMENT_FLAG_THRESHOLD = 2
    comment = make_comment()
    flag(client, comment, "10.0.0.1")
    flag(client, comment, "10.0.0.2")
    comment_moderate(comments=[comment], status=Comment.Status.APPROVED)

    flag(client, comment, "10.0.0.3")

    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED and comment.flag_count == 1


def test_a_comment_kept_despite_flags_stays_published_however_many_flag_it(client, settings):
    settings.MARQUEE_COMMENT_FLAG_THRESHOLD = 2
    comment = make_comment(ignore_flags=True)

    for ip in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        flag(client, comment, ip)

    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED and comment.flag_count == 3


def test_flagging_needs_post_and_a_visible_comment(client):
    comment = make_comment()
    hidden = make_comment(status=Comment.Status.PENDING)
    assert client.get(reverse("picks:comment_flag", args=[comment.pk])).status_code == 405
    assert flag(client, hidden, "10.0.0.1").status_code == 404


# Data integrity -----------------------------------------------------------------------------


def test_deleting_a_post_with_comments_is_refused():
    comment = make_comment()
    with pytest.raises(ProtectedError):
        comment.post.delete()
    assert Post.objects.filter(pk=comment.post_id).exists()


def test_deleting_a_comment_with_replies_alone_is_refused_but_the_whole_thread_can_go():
    from django.db.models import RestrictedError

    parent = make_comment()
    reply = make_comment(post=parent.post, parent=parent)
    with pytest.raises(RestrictedError):
        parent.delete()
    Comment.objects.filter(pk__in=[parent.pk, reply.pk]).delete()
    parent.post.delete()
    assert not Post.objects.filter(pk=parent.post_id).exists()


def test_depth_constraint_is_enforced_by_the_database_and_by_validation():
    from django.core.exceptions import ValidationError

    post = make_post()
    bad = Comment(post=post, depth=1, name="A", email="a@example.test", body="x")
    with pytest.raises(ValidationError, match="top-level comment has depth 0"):
        bad.full_clean()
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        bad.save()


# Privacy ------------------------------------------------------------------------------------


def test_privacy_page_says_what_is_stored_and_is_linked_under_the_form(client):
    post = make_post()
    form_page = client.get(post.get_absolute_url()).content.decode()
    response = client.get("/privacy/")

    assert 'href="/privacy/"' in form_page
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "<title>Privacy" in html
    assert '<meta name="description" content="What Marquee stores' in html
    assert "deleted automatically after 30 days" in html
    assert "Akismet" not in html  # not configured: nobody else sees the data


@pytest.mark.parametrize("odd", ["²", "①", "-1", "abc", "99999999999999999999999"])
def test_an_odd_reply_to_never_breaks_the_post_page(client, odd):
    post = make_post()
    make_comment(post=post)
    response = client.get(post.get_absolute_url(), {"reply_to": odd})
    assert response.status_code == 200
    assert 'id="comment-form"' in response.content.decode()


def test_a_javascript_website_gets_one_clear_error(client):
    post = make_post()
    url = reverse("picks:comment_create", args=[post.slug])
    response = client.post(url, form_data(post, url="javascript:alert(1)"))
    html = response.content.decode()
    assert response.status_code == 400
    assert html.count("Enter a valid URL.") == 1


def test_a_form_with_errors_shows_the_post_exactly_as_the_post_page_does(client):
    post = make_post(films=[make_la_la_land()])
    url = reverse("picks:comment_create", args=[post.slug])
    response = client.post(url, form_data(post, email="not-an-address"))
    assert response.status_code == 400
    assert "Directed by" in response.content.decode()


def test_after_posting_a_reply_whose_parent_is_hidden_lands_on_its_own_page(client, settings):
    settings.MARQUEE_COMMENTS_PER_PAGE = 1
    post = make_post()
    make_comment(post=post, email="first@example.test")
    hidden = make_comment(post=post, status=Comment.Status.REMOVED)
    orphan = make_comment(post=post, parent=hidden, email="mia@example.test")
    assert comment_page_number(orphan) == 2
