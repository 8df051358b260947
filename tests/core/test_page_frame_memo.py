"""What every page's frame shows (footer settings, sections menu, decades, change times) is kept
in the process between page views, and read again as soon as anything a reader page shows
changes, in this process or another one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.signals import request_finished, request_started
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import SiteSettings
from core.page_cache import bump_site_generation, remembered
from picks.models import Section
from tests.factories import make_film, make_section

# Outside a test transaction, as a served page is: inside one nothing is remembered.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_cache")]


@pytest.fixture(autouse=True)
def frame():
    SiteSettings.load()
    make_section(name="Best Pick")
    make_film(title="Whiplash")


def tables_read(client: Client, url: str) -> str:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return " ".join(query["sql"] for query in queries.captured_queries)


def test_a_second_page_view_reads_the_frame_from_memory():
    client = Client()
    first = tables_read(client, "/films/")
    second = tables_read(client, "/films/")
    for table in ("core_sitesettings", "core_sociallink", "picks_section"):
        assert table in first
        assert table not in second
    assert "DATE_TRUNC" not in second.upper()  # the decade filter's choices


def test_a_renamed_section_shows_in_the_menu_at_once():
    client = Client()
    client.get("/films/")
    section = Section.objects.get()
    section.name = "Editors' Pick"
    section.save()
    assert "Editors&#x27; Pick" in client.get("/films/").text


def test_a_change_announced_by_another_process_reaches_the_frame():
    client = Client()
    client.get("/films/")
    Section.objects.update(name="Weekend Watch")  # no signal in this process
    assert "Weekend Watch" not in client.get("/films/").text
    bump_site_generation()  # what the other process's save did
    assert "Weekend Watch" in client.get("/films/").text


def in_a_request(function):
    request_started.send(sender=None)
    try:
        return function()
    finally:
        request_finished.send(sender=None)


def test_a_kept_moment_is_read_again_once_it_has_passed():
    calls = []

    def next_moment():
        calls.append(1)
        return timezone.now() - timedelta(seconds=1)

    in_a_request(lambda: remembered("test-moment", next_moment, until=lambda moment: moment))
    in_a_request(lambda: remembered("test-moment", next_moment, until=lambda moment: moment))
    assert len(calls) == 2


def test_what_is_read_inside_a_transaction_is_kept_for_that_request_only():
    calls = []

    def count():
        calls.append(1)
        return len(calls)

    def twice():
        return [remembered("test-count", count), remembered("test-count", count)]

    def twice_in_a_transaction():
        with transaction.atomic():
            return twice()

    assert in_a_request(twice_in_a_transaction) == [1, 1]
    assert in_a_request(twice_in_a_transaction) == [2, 2]
    assert in_a_request(twice) == [3, 3]
    assert in_a_request(twice) == [3, 3]
    assert twice() == [4, 5]  # outside a request nothing is kept
