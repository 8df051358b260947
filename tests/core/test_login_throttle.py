"""Login throttling: five wrong passwords lock one account from one address for a while, and
the password-reset form has a limit per address."""

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.management import call_command

from tests.factories import make_user

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "the-right-password-1"
LOCKED = "Too many failed logins for this account from your address"


@pytest.fixture
def staff():
    user = make_user(username="edith", is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def log_in(client, password: str, ip: str = "203.0.113.5", **headers):
    data = {"username": "edith", "password": password, "next": "/admin/"}
    return client.post(LOGIN, data, REMOTE_ADDR=ip, **headers)


def fail_five_times(client, **kwargs):
    return [log_in(client, f"wrong-{attempt}", **kwargs) for attempt in range(5)]


def test_the_right_password_logs_in(client, staff):
    response = log_in(client, PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_after_five_wrong_passwords_the_right_one_is_refused_with_a_message(client, staff):
    responses = fail_five_times(client)
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]

    response = log_in(client, PASSWORD)

    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED in html and "locked for 15 minutes" in html
    assert 'name="password"' in html  # the admin's own login page, with the message on it
    assert "Please enter the correct username" not in html
    assert client.get("/admin/").status_code == 302  # still not logged in


def test_changing_the_user_agent_does_not_reset_the_count(client, staff):
    for attempt in range(5):
        log_in(client, "wrong", HTTP_USER_AGENT=f"bot/{attempt}")
    assert log_in(client, PASSWORD, HTTP_USER_AGENT="bot/5").status_code == 429


def test_another_address_can_still_log_in_to_the_locked_account(client, staff):
    fail_five_times(client, ip="203.0.113.5")
    assert log_in(client, PASSWORD, ip="198.51.100.20").status_code == 302


def test_the_address_comes_from_the_configured_proxy_header(client, staff, settings):
    settings.MARQUEE_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    # Every request reaches Django from the proxy's own address.
    fail_five_times(client, ip="10.0.0.2", HTTP_X_REAL_IP="203.0.113.5")

    locked = log_in(client, PASSWORD, ip="10.0.0.2", HTTP_X_REAL_IP="203.0.113.5")
    other_reader = log_in(client, PASSWORD, ip="10.0.0.2", HTTP_X_REAL_IP="198.51.100.20")

    assert locked.status_code == 429
    assert other_reader.status_code == 302
    assert AccessAttempt.objects.get().ip_address == "203.0.113.5"


def test_failures_are_kept_in_the_database_where_every_process_sees_them(client, staff):
    fail_five_times(client)
    attempt = AccessAttempt.objects.get(username="edith")
    assert attempt.failures_since_start == 5


def test_the_unlock_command_lifts_the_lock(client, staff):
    fail_five_times(client)
    call_command("axes_reset_username", "edith", verbosity=0)
    assert log_in(client, PASSWORD).status_code == 302


def test_the_lock_ends_after_the_cool_off(client, staff):
    fail_five_times(client)
    AccessAttempt.objects.update(attempt_time="2000-01-01T00:00:00Z")
    assert log_in(client, PASSWORD).status_code == 302


# The password-reset form --------------------------------------------------------------------

RESET = "/admin/password_reset/"


def ask_for_reset(client, ip: str = "203.0.113.5"):
    return client.post(RESET, {"email": "edith@example.com"}, REMOTE_ADDR=ip)


def test_password_reset_is_refused_politely_after_five_requests_from_one_address(
    client, staff, fresh_cache
):
    staff.email = "edith@example.com"
    staff.save()

    answers = [ask_for_reset(client).status_code for _ in range(5)]
    refused = ask_for_reset(client)

    assert answers == [302] * 5
    assert len(mail.outbox) == 5
    assert refused.status_code == 429
    assert "Too many password reset requests from your address" in refused.content.decode()
    assert len(mail.outbox) == 5
    assert ask_for_reset(client, ip="198.51.100.20").status_code == 302
