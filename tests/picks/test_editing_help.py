"""The admin helps as it refuses: tags typed and shown as plain names and suggested from those in
use, retired sections kept out of new posts, and a blocked delete that names the posts in the
way, with links, and nothing else."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from taggit.models import Tag

from films.tag_input import split_names
from picks.models import Post
from tests.admin_forms import POST_INLINES, empty_inlines
from tests.asserts import text_of
from tests.factories import (
    make_comment,
    make_credit,
    make_critic_quote,
    make_film,
    make_post,
    make_quote,
    make_score,
    make_section,
)

pytestmark = pytest.mark.django_db


def post_form(section, **fields) -> dict[str, str]:
    data = {
        "title": "Best Pick: Whiplash",
        "slug": "best-pick-whiplash",
        "section": str(section.pk),
        "status": Post.Status.DRAFT,
        "comments_open": "on",
        **empty_inlines(*POST_INLINES),
    }
    data.update(fields)
    return data


def tags_input(html: str) -> str:
    return re.search(r'<input type="text" name="tags"[^>]*>', html).group(0)


# Tags


def test_tags_are_shown_as_plain_names_without_quotes(editor_client):
    post = make_post(tags=["New York", "Seoul"])
    film = make_film(tags=["los angeles", "jazz"])
    post_html = editor_client.get(reverse("admin:picks_post_change", args=[post.pk])).content
    film_html = editor_client.get(reverse("admin:films_film_change", args=[film.pk])).content
    assert 'value="New York, Seoul"' in tags_input(post_html.decode())
    assert 'value="jazz, los angeles"' in tags_input(film_html.decode())
    assert "&quot;" not in tags_input(post_html.decode())


def test_tags_are_suggested_from_those_in_use(editor_client):
    make_film(tags=["Musical", "jazz"])
    html = editor_client.get(reverse("admin:picks_post_add")).content.decode()
    field = tags_input(html)
    datalist_id = re.search(r'list="([^"]+)"', field).group(1)
    datalist = html.split(f'<datalist id="{datalist_id}">', 1)[1].split("</datalist>", 1)[0]
    assert '<option value="Musical">' in datalist and '<option value="jazz">' in datalist
    assert "/static/films/tag_input.js" in html
    assert "Separate tags with commas" in text_of(
        editor_client.get(reverse("admin:picks_post_add"))
    )


def test_typed_tags_split_on_commas_only_and_join_existing_spellings(editor_client):
    make_film(tags=["Musical"])
    data = post_form(make_section(), tags='musical, New York, "Noir", , new york, jazz age')
    assert editor_client.post(reverse("admin:picks_post_add"), data).status_code == 302
    post = Post.objects.get(slug="best-pick-whiplash")
    assert sorted(post.tags.names()) == ["Musical", "New York", "Noir", "jazz age"]
    assert not Tag.objects.filter(name="musical").exists()


def test_tags_in_another_order_are_no_change(editor_client):
    post = make_post(tags=["noir", "heist"], status=Post.Status.DRAFT)
    url = reverse("admin:picks_post_change", args=[post.pk])
    form = editor_client.get(url).context["adminform"].form
    assert not form.fields["tags"].has_changed(list(post.tags.all()), "Heist,noir")
    assert form.fields["tags"].has_changed(list(post.tags.all()), "heist")


@pytest.mark.parametrize(
    ("typed", "names"),
    [("", []), ("a, b", ["a", "b"]), ("two words", ["two words"]), (' "x" ,X,, y ', ["x", "y"])],
)
def test_split_names(typed, names):
    assert split_names(typed) == names


# Retired sections


def test_retired_sections_are_not_offered_for_new_posts(editor_client):
    active = make_section(name="Best Pick")
    retired = make_section(name="Mini Blog", is_active=False)
    form = editor_client.get(reverse("admin:picks_post_add")).context["adminform"].form
    assert list(form.fields["section"].queryset) == [active]
    response = editor_client.post(reverse("admin:picks_post_add"), post_form(retired))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["section"] == [
        "That section is retired: choose one that takes new posts."
    ]
    assert not Post.objects.exists()


def test_a_post_in_a_retired_section_keeps_it(editor_client):
    retired = make_section(name="Mini Blog", is_active=False)
    post = make_post(section=retired, slug="old-post", title="Old post")
    url = reverse("admin:picks_post_change", args=[post.pk])
    data = post_form(retired, title="Old post, edited", slug="old-post", status="published",
                     publish_at_0="2020-05-15", publish_at_1="10:00",
                     confirm_old_date="on")  # fmt: skip
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    post.refresh_from_db()
    assert post.title == "Old post, edited" and post.section == retired


def test_the_section_autocomplete_offers_retired_sections_only_as_replacements(editor_client):
    make_section(name="Best Pick")
    make_section(name="Mini Blog", is_active=False)

    def offered(model_name: str, field_name: str) -> list[str]:
        response = editor_client.get(
            reverse("admin:autocomplete"),
            {"app_label": "picks", "model_name": model_name, "field_name": field_name},
        )
        return [result["text"] for result in response.json()["results"]]

    assert offered("post", "section") == ["Best Pick"]
    assert offered("section", "replaced_by") == ["Best Pick", "Mini Blog (retired)"]


# Refusals that help


def delete_page(client, admin_name: str, obj):
    response = client.post(reverse(f"admin:{admin_name}_delete", args=[obj.pk]), {"post": "yes"})
    assert response.status_code == 200
    return response


def test_deleting_a_film_a_post_is_about_names_the_post_and_nothing_else(editor_client):
    film = make_film(title="Whiplash", release_date=date(2014, 10, 10))
    make_credit(film=film, character="Andrew")
    make_score(film=film)
    post = make_post(title="Not quite my tempo", films=[film])

    response = delete_page(editor_client, "films_film", film)

    text = text_of(response)
    html = response.content.decode()
    assert "The film “Whiplash (2014)” can't be deleted: posts are about it." in text
    listed = html.split('<ul id="deleted-objects">', 1)[1].split("</ul>", 1)[0]
    assert listed.count("<li>") == 1
    assert f'<a href="/admin/picks/post/{post.pk}/change/">Not quite my tempo</a> (published)' in (
        listed
    )
    assert "Andrew" not in listed and "Score" not in listed and "Credit" not in listed
    assert "Take the film out of these posts" in text
    film.refresh_from_db()


def test_a_film_only_its_own_records_block_keeps_django_s_list(editor_client):
    film = make_film()
    make_credit(film=film, character="Andrew")
    html = delete_page(editor_client, "films_film", film).content.decode()
    assert "would require deleting the following protected related objects" in html
    assert "Andrew" in html


def test_deleting_a_featured_quote_names_the_posts_that_feature_it(editor_client):
    quote = make_quote(text="Not quite my tempo.")
    critic_quote = make_critic_quote()
    post = make_post(title="Tempo")
    post.featured_quotes.add(quote)
    post.featured_critic_quotes.add(critic_quote)
    for admin_name, obj in (("films_quote", quote), ("reviews_criticquote", critic_quote)):
        html = delete_page(editor_client, admin_name, obj).content.decode()
        assert f'<a href="/admin/picks/post/{post.pk}/change/">Tempo</a>' in html
        assert "posts feature it." in html


def test_deleting_a_section_names_its_posts_and_the_sections_it_replaced(editor_client):
    best_pick = make_section(name="Best Pick")
    make_section(name="Mini Blog", is_active=False, replaced_by=best_pick)
    draft = make_post(section=best_pick, title="A draft", status=Post.Status.DRAFT)
    text = text_of(delete_page(editor_client, "picks_section", best_pick))
    assert "A draft (draft)" in text and "Section: Mini Blog" in text
    assert "retire it instead" in text
    draft.refresh_from_db()


def test_deleting_a_post_with_comments_links_to_them_in_the_queue(editor_client):
    comment = make_comment()
    make_comment(post=comment.post)
    post = comment.post
    html = delete_page(editor_client, "picks_post", post).content.decode()
    assert f'href="/admin/picks/comment/?post__id__exact={post.pk}">2 comments on “{post}”' in html
    assert "Unpublish it instead" in html
    assert Post.objects.filter(pk=post.pk).exists()


def test_a_refused_bulk_delete_names_the_posts_too(editor_client):
    film = make_film()
    make_credit(film=film, character="Andrew")
    post = make_post(title="Why this film", films=[film])
    response = editor_client.post(
        reverse("admin:films_film_changelist"),
        {"action": "delete_selected", "_selected_action": [film.pk], "post": "yes"},
    )
    html = response.content.decode()
    assert f'<a href="/admin/picks/post/{post.pk}/change/">Why this film</a>' in html
    assert "Andrew" not in html
    assert post.films.filter(pk=film.pk).exists()
