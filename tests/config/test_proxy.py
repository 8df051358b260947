"""The nginx configuration `make serve-proxy` runs (ops/nginx/marquee.conf.in) is one nginx
accepts, and keeps personal responses out of its cache: checked on the text, and on a running
nginx in front of a small stand-in for the application."""

from __future__ import annotations

import getpass
import http.server
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

TEMPLATE = Path(__file__).resolve().parents[2] / "ops" / "nginx" / "marquee.conf.in"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def rendered(run: Path, *, app_port: int = 8000, proxy_port: int = 8080) -> str:
    config = TEMPLATE.read_text()
    for name, value in {
        "USER": getpass.getuser(),
        "RUN": str(run),
        "APP_PORT": str(app_port),
        "PROXY_PORT": str(proxy_port),
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


# What the stand-in application answers at each address: (extra headers, body).
ANSWERS = {
    "/page/": ({"Cache-Control": "public, max-age=30"}, b"a page for everyone"),
    "/private/": ({"Cache-Control": "private, no-store"}, b"a page for one reader"),
    "/cookie/": (
        {"Cache-Control": "public, max-age=30", "Set-Cookie": "csrftoken=abc; Path=/"},
        b"a page setting a cookie",
    ),
    "/form/": ({}, b"a form with one reader's CSRF token"),
    "/robots.txt": ({}, b"User-agent: *\n"),
}


class StandIn(http.server.BaseHTTPRequestHandler):
    requests: Counter

    def do_GET(self):
        self.requests[self.path] += 1
        if self.path == "/unpublished/":  # kept one second, then gone (no Cache-Control)
            first = self.requests[self.path] == 1
            headers = {"Cache-Control": "public, max-age=1"} if first else {}
            self.answer(200 if first else 404, headers, b"a post" if first else b"not found")
            return
        if self.path == "/changing/":  # kept one second, then a new version kept 30 s
            version = self.requests[self.path]
            kept = {"Cache-Control": "public, max-age=1" if version == 1 else "public, max-age=30"}
            self.answer(200, kept, b"version %d" % version)
            return
        self.answer(200, *ANSWERS[self.path])

    def answer(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def proxy(tmp_path):
    """nginx from the template in front of the stand-in: a function fetching through it (the
    X-Cache header and the body), and the stand-in's count of requests per address."""
    requests = Counter()
    handler = type("Handler", (StandIn,), {"requests": requests})
    app = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=app.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    proxy_port = free_port()
    (tmp_path / "cache").mkdir()
    (tmp_path / "nginx.conf").write_text(
        rendered(tmp_path, app_port=app.server_address[1], proxy_port=proxy_port)
    )
    nginx = subprocess.Popen(
        [NGINX, "-p", f"{tmp_path}/", "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"]
    )

    def fetch(path: str, cookie: str = "") -> tuple[str, bytes]:
        request = urllib.request.Request(f"http://127.0.0.1:{proxy_port}{path}")
        if cookie:
            request.add_header("Cookie", cookie)
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.headers["X-Cache"], response.read()
        except urllib.error.HTTPError as error:
            return error.headers["X-Cache"], error.read()

    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", proxy_port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield fetch, requests
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        app.shutdown()
        app.server_close()


needs_nginx = pytest.mark.skipif(NGINX is None, reason="nginx is not installed")


@needs_nginx
def test_a_public_page_is_answered_from_the_proxy_cache(proxy):
    fetch, requests = proxy
    assert fetch("/page/") == ("MISS", b"a page for everyone")
    assert fetch("/page/") == ("HIT", b"a page for everyone")
    assert requests["/page/"] == 1


@needs_nginx
@pytest.mark.parametrize("path", ["/private/", "/cookie/", "/form/"])
def test_private_cookie_setting_and_unmarked_answers_are_never_stored(proxy, path):
    fetch, requests = proxy
    for _ in range(3):
        assert fetch(path)[0] == "MISS"
    assert requests[path] == 3


@needs_nginx
@pytest.mark.parametrize("cookie", ["sessionid=s", "messages=m", "a=1; marquee_commenter=c"])
def test_a_reader_with_a_personal_cookie_gets_the_live_page(proxy, cookie):
    fetch, requests = proxy
    fetch("/page/")
    assert fetch("/page/", cookie=cookie)[0] == "BYPASS"
    assert requests["/page/"] == 2


@needs_nginx
def test_robots_txt_is_kept_by_the_proxy(proxy):
    fetch, requests = proxy
    fetch("/robots.txt")
    assert fetch("/robots.txt") == ("HIT", b"User-agent: *\n")
    assert requests["/robots.txt"] == 1


@needs_nginx
def test_a_page_gone_from_the_site_is_gone_from_the_proxy_once_its_max_age_passes(proxy):
    fetch, requests = proxy
    assert fetch("/unpublished/") == ("MISS", b"a post")
    time.sleep(2.1)  # its max-age, on nginx's clock, which counts whole seconds
    assert [fetch("/unpublished/")[1] for _ in range(3)] == [b"not found"] * 3


@needs_nginx
def test_a_page_changed_upstream_is_served_new_once_its_max_age_passes(proxy):
    """Hits read cache files through open_file_cache: the file nginx writes for the new version
    replaces the old one, and no worker keeps answering from the old one it holds open."""
    fetch, requests = proxy
    assert fetch("/changing/") == ("MISS", b"version 1")
    assert [fetch("/changing/") for _ in range(4)] == [("HIT", b"version 1")] * 4
    time.sleep(2.1)
    assert fetch("/changing/") == ("EXPIRED", b"version 2")
    assert [fetch("/changing/") for _ in range(6)] == [("HIT", b"version 2")] * 6
    assert requests["/changing/"] == 2
