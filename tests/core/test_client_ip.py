"""The client's address, read once for the comment limits and the login throttle."""

from django.test import RequestFactory

from core.client_ip import client_ip


def request_from(remote_addr: str, **headers):
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)


def test_without_a_configured_header_the_connection_address_is_used(settings):
    settings.MARQUEE_CLIENT_IP_HEADER = ""
    request = request_from("192.0.2.1", HTTP_X_REAL_IP="198.51.100.9")
    assert client_ip(request) == "192.0.2.1"


def test_behind_a_proxy_the_last_forwarded_address_is_used(settings):
    settings.MARQUEE_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    request = request_from("10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.66, 198.51.100.9")
    assert client_ip(request) == "198.51.100.9"


def test_a_missing_proxy_header_falls_back_to_the_connection_address(settings):
    settings.MARQUEE_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assert client_ip(request_from("10.0.0.2")) == "10.0.0.2"


def test_an_address_that_is_not_one_reads_as_unknown(settings):
    settings.MARQUEE_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assert client_ip(request_from("10.0.0.2", HTTP_X_REAL_IP="not-an-address")) is None
