"""The project starts only with sane configuration, and its plumbing pages answer."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_check(env_overrides: dict[str, str], settings: str = "config.settings.prod"):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update({"DJANGO_SETTINGS_MODULE": settings, "DJANGO_ENV_FILE": "/nonexistent/.env"})
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_secret_key_with_debug_off_stops_with_one_clear_line():
    result = run_check({"DJANGO_DEBUG": "0"})
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert lines == [lines[0]] and "DJANGO_SECRET_KEY" in lines[0]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DATABASE_URL", "not-a-url"),
        ("DATABASE_URL", "mysqlx://nowhere"),
        ("REDIS_URL", "http://127.0.0.1:6379/0"),
        ("DJANGO_DEBUG", "maybe"),
    ],
)
def test_malformed_value_stops_start_up_naming_the_variable(name, value):
    result = run_check({"DJANGO_SECRET_KEY": "x" * 50, name: value})
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert name in lines[0]


def test_valid_production_configuration_passes_the_system_check():
    result = run_check({"DJANGO_SECRET_KEY": "x" * 50, "DATABASE_URL": "sqlite:///:memory:"})
    assert result.returncode == 0, result.stderr


def test_env_file_is_read_but_real_environment_wins(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DJANGO_DEBUG=1\nDJANGO_SECRET_KEY=from-the-file\n")
    script = "from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY)"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DJANGO_ENV_FILE": str(env_file),
            "DJANGO_DEBUG": "0",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["False", "from-the-file"], result.stderr


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_robots_txt_points_to_the_sitemap_and_hides_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


@pytest.mark.django_db
def test_404_page_uses_the_site_design_with_debug_off(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We couldn&#x27;t find that page" in html or "We couldn't find that page" in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html


def test_500_page_renders_in_the_site_design_without_a_request_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html
    assert 'class="site-header"' in html


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    policy = client.get("/healthz")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-src"] == "https://www.youtube-nocookie.com https://player.vimeo.com"


@pytest.mark.django_db
def test_uploaded_images_are_served_with_debug_off(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "posters").mkdir()
    (tmp_path / "posters" / "poster.txt").write_text("a poster")
    response = client.get("/media/posters/poster.txt")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"a poster"
    assert client.get("/media/../config/settings/base.py").status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/robots.txt"])
def test_health_check_and_robots_answer_head_like_get(client, path):
    get, head = client.get(path), client.head(path)
    assert (get.status_code, head.status_code) == (200, 200)
    assert head["Content-Type"] == get["Content-Type"]
    assert head.content == b""
