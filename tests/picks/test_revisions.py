"""Revisions: every save keeps one; history shows readable diffs; restore brings one back."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError

from picks.admin.posts import PostAdmin
from picks.models import Post, PostRevision
from picks.workflow import post_save_revision, revision_restore
from tests.factories import (
    make_critic_quote,
    make_film,
    make_post,
    make_quote,
    make_section,
)
from tests.picks.test_preview import published_form, with_films
from tests.picks.test_roles import change_url

pytestmark = pytest.mark.django_db


def history_url(post: Post) -> str:
    return f"/admin/picks/post/{post.pk}/history/"


def test_every_admin_save_keeps_a_revision_and_an_unchanged_save_none(client, editor):
    post = make_post(title="First words")
    client.force_login(editor)
    client.post(change_url(post), published_form(post, title="Second words"))
    client.post(change_url(post), published_form(post, title="Second words"))
    revision = post.revisions.get()
    assert revision.created_by == editor
    assert revision.content["title"] == "Second words"
    assert revision.summary == "Edited"


def test_a_revision_keeps_films_in_order_tags_and_quotes():
    first, second = make_film(), make_film()
    post = make_post(films=[second, first], tags=["noir", "heist"])
    quote = make_quote(film=first)
    post.featured_quotes.set([quote])
    content = post_save_revision(post=post).content
    assert content["films"] == [second.pk, first.pk]
    assert content["tags"] == ["heist", "noir"]
    assert content["featured_quotes"] == [quote.pk]


def test_the_post_form_offers_exactly_the_fields_a_revision_records(rf, editor):
    post = make_post()
    request = rf.get("/")
    request.user = editor
    post_admin = admin.site.get_model_admin(Post)
    shown = {
        *post_admin.get_form(request, post).base_fields,
        *post_admin.get_readonly_fields(request, post),
    }
    offered = {
        field.name
        for field in [*Post._meta.fields, *Post._meta.many_to_many]
        if field.name in shown
    }
    for inline in post_admin.get_inline_instances(request, post):
        offered |= {
            field.name
            for field in Post._meta.many_to_many
            if field.remote_field.through is inline.model
        }
    assert offered == set(post_save_revision(post=post).content)


def test_the_admin_check_names_a_field_the_form_and_the_revisions_disagree_on():
    assert PostAdmin(Post, admin.site).check() == []

    class DriftedPostAdmin(PostAdmin):
        fieldsets = [
            (title, {"fields": [f for f in options["fields"] if f != "reader_question"]})
            for title, options in PostAdmin.fieldsets
        ] + [("New", {"fields": ["created_at"]})]

    errors = {error.id: error.msg for error in DriftedPostAdmin(Post, admin.site).check()}
    assert "['created_at']" in errors["picks.E001"]
    assert "['reader_question']" in errors["picks.E002"]


def test_history_lists_revisions_and_compares_two_readably(client, editor):
    post = make_post(title="Heat", body="A <b>quiet</b> film about work.")
    post_save_revision(post=post, by=editor, summary="Created")
    Post.objects.filter(pk=post.pk).update(body="A loud film about work.")
    post.refresh_from_db()
    post_save_revision(post=post, by=editor)
    older, newer = post.revisions.order_by("created_at", "id")
    client.force_login(editor)

    history = client.get(history_url(post))
    assert history.status_code == 200
    assert history.content.decode().count('name="a"') == 2

    response = client.get(f"{history_url(post)}compare/?a={newer.pk}&b={older.pk}")
    html = response.content.decode()
    assert response.status_code == 200
    # Shown oldest first, whichever order they were picked in; the editor's HTML is escaped.
    assert "<del>&lt;b&gt;quiet&lt;/b&gt;</del><ins>loud</ins>" in html
    assert "<b>quiet</b>" not in html


def test_compare_with_the_current_post(client, editor):
    post = make_post(title="Old title")
    revision = post_save_revision(post=post, by=editor)
    Post.objects.filter(pk=post.pk).update(title="New title")
    client.force_login(editor)
    html = client.get(f"{history_url(post)}compare/?a={revision.pk}&b=current").content.decode()
    assert "<del>Old</del><ins>New</ins> title" in html


def test_restore_brings_back_every_editable_field_as_a_new_revision(client, editor):
    films = [make_film(title="Heat"), make_film(title="Thief")]
    critic_quote = make_critic_quote(film=films[0])
    quote = make_quote(film=films[0])
    section = make_section()
    post = make_post(
        title="The original",
        slug="the-original",
        section=section,
        standfirst="Why it matters.",
        body="The original body.",
        films=films,
        tags=["crime", "la"],
        reader_question="Which heist?",
        contains_spoilers=True,
    )
    post.featured_quotes.set([quote])
    post.featured_critic_quotes.set([critic_quote])
    original = post_save_revision(post=post, by=editor)

    client.force_login(editor)
    response = client.post(
        change_url(post),
        with_films(
            published_form(
                post,
                title="Rewritten",
                slug="rewritten",
                section=make_section().pk,
                standfirst="",
                body="Everything changed.",
                tags="other",
                reader_question="",
                comments_open="",
            ),
            [make_film(title="Ronin")],
        ),
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Rewritten" and not post.contains_spoilers

    confirm = client.get(f"{history_url(post)}{original.pk}/restore/")
    assert confirm.status_code == 200 and "Yes, restore this version" in confirm.content.decode()
    post.refresh_from_db()
    assert post.title == "Rewritten"  # asking changes nothing

    response = client.post(f"{history_url(post)}{original.pk}/restore/")
    assert response.status_code == 302
    post = Post.objects.get(pk=post.pk)
    assert (post.title, post.slug, post.section, post.standfirst, post.body) == (
        "The original",
        "the-original",
        section,
        "Why it matters.",
        "The original body.",
    )
    assert post.films_in_order == films
    assert sorted(post.tags.names()) == ["crime", "la"]
    assert list(post.featured_quotes.all()) == [quote]
    assert list(post.featured_critic_quotes.all()) == [critic_quote]
    assert (post.reader_question, post.contains_spoilers, post.comments_open) == (
        "Which heist?",
        True,
        True,
    )
    assert post.is_live  # the publishing state is untouched
    assert post.revisions.count() == 3  # original, the rewrite, the restore: nothing lost
    assert post.revisions.first().summary.startswith("Restored the version of")


def test_restore_that_would_clash_says_why_and_changes_nothing(editor):
    post = make_post(title="Before", slug="taken-later")
    revision = post_save_revision(post=post, by=editor)
    Post.objects.filter(pk=post.pk).update(slug="moved", title="After")
    make_post(slug="taken-later")
    with pytest.raises(ValidationError, match="Slug already exists"):
        revision_restore(revision=revision, by=editor)
    post.refresh_from_db()
    assert (post.title, post.slug) == ("After", "moved")


def test_contributor_cannot_restore_someone_elses_post(client, contributor, editor):
    post = make_post(title="Editor's", status=Post.Status.DRAFT, author=editor)
    revision = post_save_revision(post=post, by=editor)
    Post.objects.filter(pk=post.pk).update(title="Editor's, edited")
    client.force_login(contributor)
    client.post(f"{history_url(post)}{revision.pk}/restore/")
    post.refresh_from_db()
    assert post.title == "Editor's, edited"
    assert PostRevision.objects.count() == 1


def test_contributor_cannot_restore_their_published_post(client, contributor):
    post = make_post(title="Live words", author=contributor)
    revision = post_save_revision(post=post)
    Post.objects.filter(pk=post.pk).update(title="Edited by an editor")
    client.force_login(contributor)
    response = client.post(f"{history_url(post)}{revision.pk}/restore/")
    assert response.status_code == 403
    post.refresh_from_db()
    assert post.title == "Edited by an editor"


def test_history_picks_the_two_latest_versions_to_compare_by_default(client, editor):
    post = make_post(title="Heat", body="First words.")
    post_save_revision(post=post, by=editor, summary="Created")
    Post.objects.filter(pk=post.pk).update(body="Second words.")
    post.refresh_from_db()
    post_save_revision(post=post, by=editor)
    older, newer = post.revisions.order_by("created_at", "id")
    client.force_login(editor)

    html = client.get(history_url(post)).content.decode()
    checked = re.findall(r'name="(a|b)" value="(\w+)"[^>]* checked', html)
    assert checked == [("b", str(newer.pk)), ("a", str(older.pk))]
    assert 'value="current" aria-label="Compare with the current post">' in html

    compared = client.get(f"{history_url(post)}compare/").content.decode()
    assert "<del>First</del><ins>Second</ins> words." in compared
    assert "No differences" not in compared


def test_a_single_version_is_compared_with_the_post_as_it_is_now(client, editor):
    post = make_post(title="Old title")
    post_save_revision(post=post, by=editor)
    Post.objects.filter(pk=post.pk).update(title="New title")
    client.force_login(editor)
    html = client.get(history_url(post)).content.decode()
    assert 'aria-label="Compare with the current post" checked' in html
    assert (
        "<del>Old</del><ins>New</ins> title"
        in client.get(f"{history_url(post)}compare/").content.decode()
    )
