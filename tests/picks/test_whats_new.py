"""What's new: the home page lists the latest posts across sections with their dates and a
visible RSS / Atom link; a section page says when it was last updated."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from picks.models import Post
from tests.factories import make_post, make_section

pytestmark = pytest.mark.django_db


def whats_new(html: str) -> str:
    return html[html.index('id="whats-new-title"') : html.index("</ol>")]


def test_the_home_page_lists_the_latest_posts_across_sections_with_dates(client):
    picks, reads = make_section(name="Best Pick"), make_section(name="Long Reads")
    make_post(section=picks, title="Older pick", publish_at=datetime(2026, 3, 1, 12, tzinfo=UTC))
    make_post(section=reads, title="Newer read", publish_at=datetime(2026, 4, 2, 12, tzinfo=UTC))
    make_post(section=reads, title="Draft read", status=Post.Status.DRAFT)

    block = whats_new(client.get("/").content.decode())

    assert block.index("Newer read") < block.index("Older pick")
    assert "2 Apr 2026" in block and "1 Mar 2026" in block
    assert "Best Pick" in block and "Long Reads" in block
    assert "Draft read" not in block


def test_the_home_page_shows_visible_feed_links(client):
    make_post()
    block = whats_new(client.get("/").content.decode())
    assert '<a href="/feeds/rss/">RSS feed</a>' in block
    assert '<a href="/feeds/atom/">Atom feed</a>' in block


def test_whats_new_costs_one_query_however_many_sections(client, django_assert_max_num_queries):
    for _ in range(3):
        make_post(section=make_section())
    client.get("/")
    with django_assert_max_num_queries(30) as few:
        client.get("/")
    baseline = len(few.captured_queries)
    for _ in range(6):
        make_post(section=make_section())
    with django_assert_max_num_queries(baseline):
        client.get("/")


def test_a_section_page_says_when_it_was_last_updated(client):
    section = make_section()
    make_post(section=section, publish_at=datetime(2026, 5, 1, 9, tzinfo=UTC))
    make_post(
        section=section,
        publish_at=datetime(2026, 5, 3, 9, tzinfo=UTC),
        updated_at=datetime(2026, 6, 7, 9, tzinfo=UTC),
    )
    make_post(
        section=section, status=Post.Status.DRAFT, updated_at=datetime(2026, 9, 9, tzinfo=UTC)
    )
    html = client.get(section.get_absolute_url()).content.decode()
    assert "Last updated <time" in html and "7 June 2026</time>" in html


def test_an_empty_section_says_nothing_about_updates(client):
    section = make_section()
    assert "Last updated" not in client.get(section.get_absolute_url()).content.decode()


def test_last_updated_ignores_scheduled_posts():
    section = make_section()
    make_post(section=section, publish_at=datetime(2026, 1, 1, tzinfo=UTC))
    make_post(section=section, publish_at=datetime.now(UTC) + timedelta(days=2))
    latest = Post.objects.published().filter(section=section).last_updated()
    assert latest == datetime(2026, 1, 1, tzinfo=UTC)
