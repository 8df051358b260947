"""DJANGO_HTTPS=1 is the one switch a site served over HTTPS behind a proxy needs."""

import json

import pytest

from tests.config.prod_process import run_prod, run_python

DEPLOY_CHECK = ["manage.py", "check", "--deploy", "--fail-level", "WARNING"]


@pytest.fixture
def deployment(tmp_path) -> dict[str, str]:
    """The required variables, a throwaway SQLite database and no Redis."""
    return {"DJANGO_ALLOWED_HOSTS": "marquee.example", "DATABASE_URL": f"sqlite:///{tmp_path}/db"}


def test_with_https_on_the_deployment_check_passes(deployment):
    result = run_prod(DEPLOY_CHECK, DJANGO_HTTPS="1", **deployment)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_without_https_the_deployment_check_names_what_is_missing(deployment):
    result = run_prod(DEPLOY_CHECK, **deployment)
    assert result.returncode != 0
    for check in ("W004", "W008", "W012", "W016"):
        assert f"security.{check}" in result.stderr


SECURITY_SETTINGS = """
from django.conf import settings
print(json.dumps({name: getattr(settings, name) for name in [
    "SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    "SECURE_PROXY_SSL_HEADER",
]}))
"""


def security_settings(**env: str) -> dict:
    result = run_python(f"import json; exec({SECURITY_SETTINGS!r})", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_https_turns_on_hsts_redirect_secure_cookies_and_the_proxy_header(deployment):
    assert security_settings(DJANGO_HTTPS="1", **deployment) == {
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    }


def test_without_https_all_of_it_stays_off(deployment):
    assert security_settings(**deployment) == {
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_SSL_REDIRECT": False,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_PROXY_SSL_HEADER": None,
    }


def test_a_finer_variable_still_overrides_its_part(deployment):
    values = security_settings(DJANGO_HTTPS="1", DJANGO_HSTS_SECONDS="3600", **deployment)
    assert values["SECURE_HSTS_SECONDS"] == 3600
    assert values["SECURE_SSL_REDIRECT"] is True


REQUESTS = """
from django.test import Client
client = Client(HTTP_HOST="marquee.example")
page = client.get("/privacy/")
behind_tls = client.get("/healthz", HTTP_X_FORWARDED_PROTO="https")
print(page.status_code, page.get("Location"), client.get("/healthz").status_code,
      behind_tls.status_code, behind_tls.get("Strict-Transport-Security"))
"""


def test_plain_http_is_redirected_except_the_health_check(deployment):
    result = run_python(f"exec({REQUESTS!r})", DJANGO_HTTPS="1", **deployment)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "301",
        "https://marquee.example/privacy/",
        "200",
        "200",
        "max-age=31536000",
    ]
