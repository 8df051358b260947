"""A post's byline says "Updated" only when the update came on a later day than publishing."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from tests.asserts import text_of
from tests.factories import make_post

pytestmark = pytest.mark.django_db


def published_at_nine_yesterday() -> datetime:
    yesterday = timezone.localdate() - timedelta(days=1)
    return timezone.make_aware(datetime.combine(yesterday, datetime.min.time())) + timedelta(
        hours=9
    )


def test_a_same_day_material_change_shows_no_updated_date(client):
    published = published_at_nine_yesterday()
    post = make_post(publish_at=published, updated_at=published + timedelta(hours=6))

    text = text_of(client.get(post.get_absolute_url()))

    assert published.strftime("%-d %B %Y").lstrip("0") in text
    assert "Updated" not in text


def test_a_change_on_a_later_day_shows_the_updated_date(client):
    published = published_at_nine_yesterday() - timedelta(days=3)
    updated = published + timedelta(days=2)
    post = make_post(publish_at=published, updated_at=updated)

    text = text_of(client.get(post.get_absolute_url()))

    assert f"· Updated {timezone.localtime(updated).day} {updated:%B %Y}" in text
