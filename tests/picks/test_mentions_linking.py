"""Mentions stored when a post is saved, and the first of each linked on the post's page."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from picks.markdown import post_rerender_body
from picks.mentions.store import mention_restore, mention_turn_down
from picks.models import Mention, Post
from tests.factories import make_film, make_person, make_post

pytestmark = pytest.mark.django_db

EMMA = '<a href="/people/emma-stone/" rel="noopener">Emma Stone</a>'
LA_LA_LAND = '<a href="/films/la-la-land/" rel="noopener">La La Land</a>'


@pytest.fixture
def emma():
    return make_person(name="Emma Stone", slug="emma-stone")


@pytest.fixture
def la_la_land():
    return make_film(title="La La Land", slug="la-la-land", release_date=date(2016, 12, 9))


def test_only_the_first_mention_of_each_is_linked(emma, la_la_land):
    post = make_post(body="Emma Stone in La La Land.\n\nLater, Emma Stone again; La La Land again.")
    assert post.body_html.count(EMMA) == 1
    assert post.body_html.count(LA_LA_LAND) == 1
    assert post.body_html.startswith(f"<p>{EMMA} in {LA_LA_LAND}.</p>")


def test_mentions_are_stored_from_the_body_and_standfirst(emma, la_la_land):
    post = make_post(standfirst="Why Emma Stone matters.", body="Emma Stone's Mia, La La Land.")
    mentions = {(m.target, m.surface, m.count) for m in post.mentions.all()}
    assert mentions == {(emma, "Emma Stone", 2), (la_la_land, "La La Land", 1)}


def test_headings_code_and_existing_links_are_left_alone(emma, la_la_land):
    post = make_post(
        body="# La La Land\n\n`Emma Stone` and [Emma Stone on IMDb](https://www.imdb.com/) "
        '<a href="https://example.org/">La La Land</a>\n\nThen Emma Stone.'
    )
    assert post.body_html.startswith("<h2>La La Land</h2>")
    assert "<code>Emma Stone</code>" in post.body_html
    assert '<a href="https://www.imdb.com/" rel="noopener">Emma Stone on IMDb</a>' in post.body_html
    assert f"<p>Then {EMMA}.</p>" in post.body_html
    assert LA_LA_LAND not in post.body_html


def test_the_writers_own_link_to_the_page_is_the_mention_and_is_not_linked_again(emma):
    post = make_post(body="Emma Stone sings; [the star](/people/emma-stone/) dances.")
    assert post.body_html == (
        '<p>Emma Stone sings; <a href="/people/emma-stone/" rel="noopener">the star</a> dances.</p>'
    )
    (mention,) = post.mentions.all()
    assert (mention.person, mention.source) == (emma, Mention.Source.LINK)


def test_a_common_word_title_is_linked_only_where_the_context_says_film():
    make_film(title="Drive", slug="drive", release_date=date(2011, 9, 16))
    post = make_post(body="Drive carefully.\n\nWe saw *Drive* again.")
    assert post.body_html == (
        '<p>Drive carefully.</p>\n<p>We saw <em><a href="/films/drive/" rel="noopener">Drive</a>'
        "</em> again.</p>"
    )


def test_a_mention_turned_down_stays_unlinked_on_later_saves(editor, la_la_land):
    post = make_post(body="La La Land, then La La Land.")
    mention = post.mentions.get()
    mention_turn_down(mention=mention, by=editor)
    post_rerender_body(post=post)
    post.refresh_from_db()
    assert LA_LA_LAND not in post.body_html

    post.body = "La La Land, then La La Land, and La La Land once more."
    post.save()
    post.refresh_from_db()
    assert LA_LA_LAND not in post.body_html
    mention.refresh_from_db()
    assert (mention.is_rejected, mention.rejected_by, mention.count) == (True, editor, 3)


def test_a_restored_mention_is_linked_again(editor, la_la_land):
    post = make_post(body="La La Land.")
    mention = post.mentions.get()
    mention_turn_down(mention=mention, by=editor)
    mention_restore(mention=mention)
    post_rerender_body(post=post)
    assert LA_LA_LAND in Post.objects.get(pk=post.pk).body_html


def test_a_name_taken_out_of_the_text_takes_its_mention_with_it(emma, la_la_land):
    post = make_post(standfirst="", body="Emma Stone in La La Land.")
    post.body = "Only La La Land."
    post.save()
    assert [m.target for m in post.mentions.all()] == [la_la_land]


def test_a_renamed_record_is_linked_on_the_next_save(emma):
    post = make_post(body="Emma Stone and Ryan Gosling.")
    make_person(name="Ryan Gosling", slug="ryan-gosling")
    post.save()
    assert '<a href="/people/ryan-gosling/" rel="noopener">Ryan Gosling</a>' in post.body_html


def test_hostile_text_around_a_name_stays_escaped(emma):
    post = make_post(body='Emma Stone <script>alert(1)</script> <img src=x onerror="alert(1)">')
    assert "<script" not in post.body_html and "onerror" not in post.body_html
    assert EMMA in post.body_html


def test_saving_a_post_costs_the_same_queries_however_many_names_it_has():
    people = [make_person(name=f"Actor Number{n}", slug=f"actor-{n}") for n in range(30)]
    few = make_post(body="Nobody yet.")
    many = make_post(body="Nobody yet.")
    counts = []
    for post, named in ((few, people[:2]), (many, people)):
        post.body = " and ".join(person.name for person in named) + "."
        with CaptureQueriesContext(connection) as first_save:
            post.save()
        post.body += " Again."
        with CaptureQueriesContext(connection) as second_save:
            post.save()
        counts.append((len(first_save), len(second_save)))
        assert post.mentions.count() == len(named)
    assert counts[0] == counts[1]
