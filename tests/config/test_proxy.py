"""The nginx configuration `make serve-proxy` runs (ops/nginx/marquee.conf.in) is one nginx
accepts, and keeps personal responses out of its cache."""

from __future__ import annotations

import getpass
import re
import shutil
import subprocess
from pathlib import Path

import pytest

TEMPLATE = Path(__file__).resolve().parents[2] / "ops" / "nginx" / "marquee.conf.in"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def rendered(run: Path) -> str:
    config = TEMPLATE.read_text()
    for name, value in {
        "USER": getpass.getuser(),
        "RUN": str(run),
        "APP_PORT": "8000",
        "PROXY_PORT": "8080",
        "STATIC_ROOT": str(run / "static"),
        "MEDIA_ROOT": str(run / "media"),
    }.items():
        config = config.replace(f"@{name}@", value)
    return config


def test_every_placeholder_is_filled(tmp_path):
    assert re.findall(r"@[A-Z_]+@", rendered(tmp_path)) == []


def test_personal_requests_bypass_the_proxy_cache():
    config = TEMPLATE.read_text()
    for cookie in ("sessionid", "messages", "marquee_commenter"):
        assert cookie in config
    assert "proxy_cache_bypass $marquee_personal;" in config
    assert "proxy_no_cache $marquee_personal;" in config


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx-light)")
def test_nginx_accepts_the_configuration(tmp_path):
    (tmp_path / "cache").mkdir()
    (tmp_path / "nginx.conf").write_text(rendered(tmp_path))
    result = subprocess.run(
        [NGINX, "-t", "-p", f"{tmp_path}/", "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
