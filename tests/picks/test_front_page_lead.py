"""Which post leads the front page: the newest Best Pick, unless an editor pinned a post, and a
pin always has an end date."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from picks.models import Post
from picks.page_cache import next_pin_end
from tests.factories import make_post, make_section

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


@pytest.fixture
def best_pick():
    return make_section(name="Best Pick", slug="best-pick", order=1)


def lead_of_front_page(client) -> str:
    html = client.get("/").content.decode()
    lead = html.split('class="home-featured"', 1)[1].split("</section>", 1)[0]
    return lead


def test_an_old_featured_pick_no_longer_leads_once_a_new_best_pick_goes_live(client, best_pick):
    now = timezone.now()
    make_post(
        section=best_pick,
        title="A 2021 pick still ticked",
        is_featured=True,  # ticked before pins had an end date
        publish_at=now - timedelta(days=1500),
    )
    make_post(section=best_pick, title="This week's Best Pick", publish_at=now - timedelta(hours=1))

    lead = lead_of_front_page(client)

    assert "This week&#x27;s Best Pick" in lead
    assert "A 2021 pick" not in lead


def test_the_newest_best_pick_leads_even_when_another_section_published_later(client, best_pick):
    essays = make_section(name="Essays", slug="essays", order=0)
    now = timezone.now()
    make_post(section=best_pick, title="The newest pick", publish_at=now - timedelta(days=2))
    make_post(section=essays, title="An essay", publish_at=now - timedelta(hours=1))

    assert "The newest pick" in lead_of_front_page(client)


def test_a_pin_with_an_end_date_leads_until_then(client, best_pick):
    now = timezone.now()
    make_post(
        section=best_pick,
        title="Pinned essay",
        is_featured=True,
        pinned_until=now + timedelta(days=2),
        publish_at=now - timedelta(days=40),
    )
    make_post(section=best_pick, title="New pick", publish_at=now - timedelta(hours=1))

    assert "Pinned essay" in lead_of_front_page(client)
    assert next_pin_end() == Post.objects.get(title="Pinned essay").pinned_until

    cache.clear()  # what the page cache does at next_pin_end()
    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(days=3)):
        lead = lead_of_front_page(client)
        assert next_pin_end() is None

    assert "New pick" in lead and "Pinned essay" not in lead


def test_a_pin_needs_an_end_date():
    post = make_post(is_featured=True)

    with pytest.raises(ValidationError) as caught:
        post.full_clean()

    assert "pinned_until" in caught.value.message_dict
    post.pinned_until = timezone.now() + timedelta(days=7)
    post.full_clean()


def test_the_post_form_offers_the_pin_end_date(client, editor):
    client.force_login(editor)

    html = client.get("/admin/picks/post/add/").content.decode()

    assert 'name="pinned_until_0"' in html or 'name="pinned_until"' in html
    assert "Pin to the front page" in html
