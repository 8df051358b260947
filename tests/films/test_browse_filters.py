"""The browse filters offer what exists and say in plain English what they ignored."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest

from tests.asserts import text_of
from tests.factories import make_film

pytestmark = pytest.mark.django_db


def decade_options(response) -> list[str]:
    html = response.content.decode()
    select = re.search(r'<select name="decade".*?</select>', html, re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]+)</option>", select)


def test_the_decade_filter_offers_only_decades_with_films(client):
    make_film(release_date=date(1952, 3, 27))
    make_film(release_date=date(2016, 12, 9))
    make_film(release_date=date(2014, 10, 10))
    make_film(release_date=date(1999, 1, 1), is_published=False)  # readers can't see it

    options = decade_options(client.get("/films/"))

    assert options == ["Any decade", "2010s", "1950s"]


def test_one_ignored_filter_is_told_in_plain_english(client):
    make_film()

    text = unescape(text_of(client.get("/films/?decade=banana")))

    assert "We ignored decade: we don't recognise that value." in text
    assert "one we know" not in text


def test_several_ignored_filters_are_told_in_plain_english(client):
    make_film()

    text = unescape(text_of(client.get("/films/?decade=banana&min_score=abc&sort=random")))

    assert "We ignored decade, minimum score and sort by: we don't recognise those values." in text
