"""Editors publish; contributors write and edit their own drafts, in every path of the admin."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import timezone

from picks.models import Post
from picks.roles import CONTRIBUTOR, EDITOR, ROLE_PERMISSIONS, roles_sync
from picks.workflow import post_publish, post_unpublish
from tests.admin_forms import POST_INLINES, empty_inlines
from tests.factories import make_comment, make_film, make_post, make_section

pytestmark = pytest.mark.django_db


def change_url(post: Post) -> str:
    return f"/admin/picks/post/{post.pk}/change/"


def post_form(post: Post | None = None, **changes) -> dict:
    """The change form's fields as a browser would send them, with `changes` on top."""
    data = {
        "title": post.title if post else "A new post",
        "slug": post.slug if post else "a-new-post",
        "section": post.section_id if post else make_section().pk,
        "standfirst": "",
        "body": "Words.",
        "status": post.status if post else "draft",  # contributors' forms ignore it
        "hero_image_alt": "",
        "tags": "",
        "reader_question": "",
        "comments_open": "on",
        **empty_inlines(*POST_INLINES),
        "_save": "Save",
    }
    data.update(changes)
    return data


# The groups


def test_migrate_creates_both_groups_with_exactly_their_permissions():
    for name, spec in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=name)
        expected = {f"{label.split('.')[0]}.{a}_{label.split('.')[1]}" for label, actions in
                    spec.items() for a in actions}  # fmt: skip
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert held == expected  # every permission named in picks/roles.py exists


def test_only_editors_hold_the_publish_permission():
    publish = Permission.objects.get(codename="publish_post")
    assert list(publish.group_set.values_list("name", flat=True)) == [EDITOR]
    assert not publish.user_set.exists()


def test_role_sync_is_idempotent_and_repairs_drift():
    editors = Group.objects.get(name=EDITOR)
    editors.permissions.remove(Permission.objects.get(codename="publish_post"))
    roles_sync()
    roles_sync()
    assert Group.objects.filter(name__in=[EDITOR, CONTRIBUTOR]).count() == 2
    assert editors.permissions.filter(codename="publish_post").exists()


# Contributors in the admin


def test_contributor_lists_only_their_own_posts_and_has_no_publish_actions(client, contributor):
    mine = make_post(title="Mine", status=Post.Status.DRAFT, author=contributor)
    make_post(title="Someone else's")
    client.force_login(contributor)
    response = client.get("/admin/picks/post/")
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [mine]
    assert response.context["action_form"] is None  # no action they may run
    assert "publish_selected" not in response.content.decode()


def test_contributor_sees_status_and_publish_date_read_only(client, contributor):
    client.force_login(contributor)
    form = client.get("/admin/picks/post/add/").context["adminform"].form
    assert "status" not in form.fields and "publish_at" not in form.fields
    assert "material_change" not in client.get("/admin/picks/post/add/").content.decode()


def test_forged_post_cannot_make_a_contributors_new_post_published(client, contributor):
    client.force_login(contributor)
    response = client.post(
        "/admin/picks/post/add/",
        post_form(status="published", publish_at_0="2024-01-01", publish_at_1="10:00"),
    )
    assert response.status_code == 302
    post = Post.objects.get(slug="a-new-post")
    assert (post.status, post.publish_at, post.author) == (Post.Status.DRAFT, None, contributor)


def test_forged_post_cannot_schedule_a_contributors_draft(client, contributor):
    post = make_post(status=Post.Status.DRAFT, author=contributor)
    client.force_login(contributor)
    tomorrow = timezone.localtime() + timezone.timedelta(days=1)
    response = client.post(
        change_url(post),
        post_form(
            post,
            title="Better title",
            status="published",
            publish_at_0=tomorrow.strftime("%Y-%m-%d"),
            publish_at_1="09:00",
        ),
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Better title"  # the edit itself went through
    assert (post.status, post.publish_at) == (Post.Status.DRAFT, None)


def test_contributor_cannot_change_their_post_once_published(client, contributor):
    post = make_post(title="Out there", author=contributor)
    client.force_login(contributor)
    response = client.post(change_url(post), post_form(post, title="Sneaky edit"))
    assert response.status_code == 403
    post.refresh_from_db()
    assert post.title == "Out there"


def test_contributor_cannot_open_or_change_someone_elses_draft(client, contributor, editor):
    post = make_post(title="Editor's draft", status=Post.Status.DRAFT, author=editor)
    client.force_login(contributor)
    assert client.get(change_url(post)).status_code == 302  # "doesn't exist", back to the index
    client.post(change_url(post), post_form(post, title="Hijacked"))
    post.refresh_from_db()
    assert post.title == "Editor's draft"


def test_forged_publish_action_from_a_contributor_changes_nothing(client, contributor):
    post = make_post(status=Post.Status.DRAFT, author=contributor)
    client.force_login(contributor)
    client.post(
        "/admin/picks/post/",
        {"action": "publish_selected", "_selected_action": [post.pk], "index": "0"},
    )
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT


def test_contributor_cannot_delete_posts(client, contributor):
    post = make_post(status=Post.Status.DRAFT, author=contributor)
    client.force_login(contributor)
    assert client.post(f"/admin/picks/post/{post.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Post.objects.filter(pk=post.pk).exists()


def test_contributor_adds_films_and_people_but_cannot_change_them(client, contributor):
    film = make_film(title="Heat")
    client.force_login(contributor)
    assert client.get("/admin/films/film/add/").status_code == 200
    assert client.get("/admin/films/person/add/").status_code == 200
    response = client.post(f"/admin/films/film/{film.pk}/change/", {"title": "Cold"})
    assert response.status_code == 403
    film.refresh_from_db()
    assert film.title == "Heat"


def test_publishing_functions_refuse_a_contributor(contributor):
    post = make_post(status=Post.Status.DRAFT, author=contributor)
    with pytest.raises(PermissionDenied):
        post_publish(post=post, by=contributor)
    with pytest.raises(PermissionDenied):
        post_unpublish(post=post, by=contributor)
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT


# Editors in the admin


def test_editor_publishes_and_unpublishes_from_the_list(client, editor, contributor):
    draft = make_post(title="Ready", status=Post.Status.DRAFT, author=contributor)
    client.force_login(editor)
    response = client.post(
        "/admin/picks/post/",
        {"action": "publish_selected", "_selected_action": [draft.pk], "index": "0"},
        follow=True,
    )
    assert "1 post published or scheduled." in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_live
    client.post(
        "/admin/picks/post/",
        {"action": "unpublish_selected", "_selected_action": [draft.pk], "index": "0"},
    )
    draft.refresh_from_db()
    assert draft.status == Post.Status.UNPUBLISHED
    assert client.get(draft.get_absolute_url()).status_code == 200  # editors still preview it
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_editor_edits_anyones_post_and_sets_its_status(client, editor, contributor):
    post = make_post(status=Post.Status.DRAFT, author=contributor)
    client.force_login(editor)
    now = timezone.localtime()
    response = client.post(
        change_url(post),
        post_form(
            post,
            title="Edited by the editor",
            status="published",
            publish_at_0=now.strftime("%Y-%m-%d"),
            publish_at_1=now.strftime("%H:%M:%S"),
            author=contributor.pk,
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    post.refresh_from_db()
    assert (post.title, post.status, post.author) == (
        "Edited by the editor",
        Post.Status.PUBLISHED,
        contributor,
    )


def test_editor_moderates_comments_and_manages_sections(client, editor):
    comment = make_comment()
    client.force_login(editor)
    assert client.get(f"/admin/picks/comment/{comment.pk}/change/").status_code == 200
    assert client.get("/admin/picks/section/add/").status_code == 200
    assert client.get("/admin/reviews/score/add/").status_code == 200


# create_editor


def run(*args, **options) -> str:
    out = StringIO()
    call_command("create_editor", *args, stdout=out, **options)
    return out.getvalue()


def test_create_editor_makes_a_staff_account_with_a_one_time_password(client):
    output = run("Ana@Example.com", "--name", "Ana Lima", "--role", "contributor")
    user = get_user_model().objects.get(email="ana@example.com")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [CONTRIBUTOR]
    assert user.username == "ana" and user.get_full_name() == "Ana Lima"
    password = output.splitlines()[1]
    assert "They sign in at /admin/ as ana" in output
    assert client.login(username="ana", password=password)
    assert client.get("/admin/picks/post/add/").status_code == 200


def test_create_editor_never_uses_the_address_as_the_username():
    run("ana@example.com", "--name", "Ana Lima", "--role", "editor")
    run("ana@example.org", "--name", "Ana Souza", "--role", "editor")
    run("ed@example.com", "--name", "Ed", "--role", "editor", "--username", "ed-desk")
    usernames = set(get_user_model().objects.values_list("username", flat=True))
    assert usernames == {"ana", "ana2", "ed-desk"}
    with pytest.raises(CommandError, match="may not be an email address"):
        run("bo@example.com", "--name", "Bo", "--role", "editor", "--username", "bo@example.com")


def test_create_editor_needs_the_name_readers_will_see():
    with pytest.raises(CommandError, match="--name"):
        run("ana@example.com", "--role", "editor")
    with pytest.raises(CommandError, match="may not be an email address"):
        run("ana@example.com", "--name", "ana@example.com", "--role", "editor")
    run("ana@example.com", "--first-name", "Ana", "--last-name", "Lima", "--role", "editor")
    assert get_user_model().objects.get().get_full_name() == "Ana Lima"


def test_create_editor_at_verbosity_zero_prints_only_the_password():
    output = run("ed@example.com", "--name", "Ed Wood", "--role", "editor", verbosity=0)
    user = get_user_model().objects.get(email="ed@example.com")
    assert user.check_password(output.strip())
    assert user.has_perm("picks.publish_post")


def test_create_editor_emails_a_reset_link_when_email_is_configured(client, monkeypatch):
    monkeypatch.setattr("picks.management.commands.create_editor.email_configured", lambda: True)
    output = run(
        "bo@example.com", "--name", "Bo", "--role", "editor", "--site-url", "https://marquee.test"
    )
    link = output.strip().splitlines()[-1]
    assert link.startswith("https://marquee.test/reset/")
    assert mail.outbox[0].to == ["bo@example.com"] and link in mail.outbox[0].body
    user = get_user_model().objects.get(email="bo@example.com")
    assert not user.has_usable_password()
    response = client.get(link.removeprefix("https://marquee.test"), follow=True)
    assert "new_password1" in response.content.decode()  # the link opens the set-password form


def test_create_editor_refuses_a_duplicate_and_a_bad_address():
    run("same@example.com", "--name", "Sam", "--role", "editor")
    with pytest.raises(CommandError, match="already exists"):
        run("SAME@example.com", "--name", "Sam", "--role", "contributor")
    with pytest.raises(CommandError, match="not an email address"):
        run("not-an-address", "--name", "Nat", "--role", "editor")
    assert get_user_model().objects.count() == 1


def test_create_editor_dry_run_creates_nobody():
    output = run("dry@example.com", "--name", "Dry", "--role", "editor", "--dry-run")
    assert "Would create" in output
    assert not get_user_model().objects.exists()


def test_the_admin_login_offers_a_password_reset_by_email(client):
    html = client.get("/admin/login/").content.decode()
    assert 'href="/admin/password_reset/"' in html
    response = client.post("/admin/password_reset/", {"email": "nobody@example.com"}, follow=True)
    assert response.status_code == 200
    assert "Password reset sent" in response.content.decode()
