"""`manage.py mentions_refresh`: older posts link records added after they were written."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from picks.mentions.store import mention_turn_down
from picks.models import Post
from tests.factories import make_film, make_person, make_post

pytestmark = pytest.mark.django_db

GOSLING = '<a href="/people/ryan-gosling/" rel="noopener">Ryan Gosling</a>'


def test_a_person_added_later_is_linked_in_older_posts_after_a_refresh(client):
    post = make_post(body="Ryan Gosling drives.")
    gosling = make_person(name="Ryan Gosling", slug="ryan-gosling")
    assert GOSLING not in Post.objects.get(pk=post.pk).body_html

    out = StringIO()
    call_command("mentions_refresh", stdout=out)
    assert "Recognised 1 mention(s) in 1 post(s)." in out.getvalue()
    assert GOSLING in Post.objects.get(pk=post.pk).body_html
    assert post.title in client.get(gosling.get_absolute_url()).content.decode()


def test_a_refresh_keeps_what_an_editor_turned_down(editor):
    make_person(name="Ryan Gosling", slug="ryan-gosling")
    post = make_post(body="Ryan Gosling drives.")
    mention_turn_down(mention=post.mentions.get(), by=editor)
    call_command("mentions_refresh", post.slug, stdout=StringIO())
    assert GOSLING not in Post.objects.get(pk=post.pk).body_html
    assert post.mentions.get().is_rejected


def test_dry_run_changes_nothing_and_an_unknown_slug_is_refused():
    post = make_post(body="Ryan Gosling drives.")
    make_person(name="Ryan Gosling", slug="ryan-gosling")
    out = StringIO()
    call_command("mentions_refresh", "--dry-run", stdout=out)
    assert "Would recognise the mentions of 1 post(s)." in out.getvalue()
    assert not post.mentions.exists()
    with pytest.raises(CommandError, match="no-such-post"):
        call_command("mentions_refresh", "no-such-post", stdout=StringIO())


def test_an_unpublished_person_loses_their_links_at_once():
    gosling = make_person(name="Ryan Gosling", slug="ryan-gosling")
    post = make_post(body="Ryan Gosling drives.")
    gosling.is_published = False
    gosling.save()
    post.refresh_from_db()
    assert "/people/ryan-gosling/" not in post.body_html
    assert not post.mentions.exists()


def test_a_deleted_film_loses_its_links_at_once():
    film = make_film(title="La La Land", slug="la-la-land")
    post = make_post(body="La La Land sings.")
    film.delete()
    post.refresh_from_db()
    assert post.body_html == "<p>La La Land sings.</p>"
