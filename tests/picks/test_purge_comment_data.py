"""purge_comment_data blanks the IP address and user agent of old comments, and nothing else."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.factories import make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_and_new():
    now = timezone.now()
    old = make_comment(ip="203.0.113.5", user_agent="Old Browser", created_at=now - timedelta(31))
    new = make_comment(ip="203.0.113.6", user_agent="New Browser", created_at=now - timedelta(29))
    return old, new


def run(*args, **options) -> str:
    out = StringIO()
    call_command("purge_comment_data", *args, stdout=out, **options)
    return out.getvalue()


def test_purge_blanks_ip_and_user_agent_older_than_the_retention_period(old_and_new):
    old, new = old_and_new

    output = run()

    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.ip, old.user_agent) == (None, "")
    assert old.body and old.email and old.name  # the comment itself stays
    assert (new.ip, new.user_agent) == ("203.0.113.6", "New Browser")
    assert "Purged IP address and user agent from 1 comment." in output


def test_dry_run_changes_nothing(old_and_new):
    old, _ = old_and_new
    output = run("--dry-run")
    old.refresh_from_db()
    assert old.ip == "203.0.113.5"
    assert "Would purge IP address and user agent from 1 comment." in output


def test_quiet_at_verbosity_0_and_a_second_run_finds_nothing(old_and_new):
    assert run(verbosity=0) == ""
    assert "from 0 comments" in run()


def test_days_option_and_setting_set_the_period(old_and_new, settings):
    settings.MARQUEE_COMMENT_DATA_RETENTION_DAYS = 60
    assert "from 0 comments" in run()
    assert "from 2 comments" in run("--days", "1")
    with pytest.raises(CommandError, match="at least 1"):
        run("--days", "0")
