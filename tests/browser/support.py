"""Shared by the browser tests and the HTML checker: the reader page types, and a real server
process over the demo content."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
NODE_MODULES = BASE_DIR / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

# One address per page type readers see, all over the demo content.
READER_PAGES = {
    "home": "/",
    "post": "/picks/la-la-land-here-is-to-the-dreamers/",
    "section": "/sections/best-pick/",
    "film": "/films/la-la-land/",
    "browse": "/films/?genre=drama&decade=2010",
    "person": "/people/emma-stone/",
    "author": "/authors/ines-carvalho/",
    "tag": "/tags/jazz/",
    "search": "/search/?q=la+la+land",
    "privacy": "/privacy/",
    "404": "/no-such-page/",
}
BEST_PICK = READER_PAGES["post"]
# The post that starts with one approved comment, for the reply flow.
THREAD_POST = "/picks/la-la-land-ending-explained/"
SEED_COMMENTER = "Sam Seed"
# Page type -> number of axe rules it passed, printed at the end of the run.
AXE_RESULTS: dict[str, int] = {}
# Page name -> (errors, warnings) from the Nu Html Checker, for the run's summary.
NU_RESULTS: dict[str, tuple[int, int]] = {}

# Run inside the server's settings after load_demo: one approved comment to reply to.
_SEED_COMMENT = f"""
from django.contrib.auth import get_user_model
from picks.comments import comment_moderate, comment_submit
from picks.models import Comment, Post

post = Post.objects.get(slug={THREAD_POST.strip("/").split("/")[-1]!r})
comment = comment_submit(
    post=post, name={SEED_COMMENTER!r}, email="sam@example.com",
    body="That last scene still gets me: the whole film in five minutes.",
)
editor = get_user_model().objects.get(username="editor")
comment_moderate(comments=[comment], status=Comment.Status.APPROVED, decided_by=editor)
"""


@dataclass
class DemoServer:
    """gunicorn serving the demo content on 127.0.0.1, as production serves it (debug off)."""

    base_url: str
    editor_password: str
    root: Path
    process: subprocess.Popen
    log_path: Path

    def url(self, path: str) -> str:
        return self.base_url + path

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(root: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="tests.browser.server_settings",
        DJANGO_ENV_FILE=str(root / "no.env"),  # the developer's .env stays out of it
        DJANGO_SECRET_KEY="browser-tests-only-" + "x" * 40,
        DJANGO_DEBUG="0",
        DATABASE_URL=f"sqlite:///{root / 'db.sqlite3'}",
        MARQUEE_BROWSER_ROOT=str(root),
        # Small pages, so that a filtered film list has more than one.
        MARQUEE_PAGE_SIZE="2",
        # The demo posts are years old: keep their comment forms open.
        MARQUEE_COMMENTS_CLOSE_AFTER_DAYS="0",
        PYTHONUNBUFFERED="1",
    )
    return env


def _manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def start_demo_server(root: Path) -> DemoServer:
    """Migrate a fresh SQLite file, load the demo, collect static files, and start gunicorn."""
    root.mkdir(parents=True, exist_ok=True)
    env = server_environment(root)
    _manage(env, "migrate", "--noinput", "--verbosity", "0")
    output = _manage(env, "load_demo", "--verbosity", "0")
    match = re.search(r"password (\S+) \(shown once", output)
    if match is None:
        raise RuntimeError(f"load_demo printed no editor password:\n{output}")
    _manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    _manage(env, "shell", "--command", _SEED_COMMENT)

    port = _free_port()
    log_path = root / "server.log"
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                gunicorn,
                "tests.browser.server_wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                # One process keeps the comment rate limit in one local-memory cache.
                "--workers",
                "1",
                "--threads",
                "8",
                "--access-logfile",
                "-",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = DemoServer(f"http://127.0.0.1:{port}", match.group(1), root, process, log_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The demo server exited:\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(server.url("/healthz"), timeout=5) as response:
                if response.status == 200:
                    return server
        # A busy machine can answer the first request slowly (a read timeout): try again.
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"The demo server did not answer /healthz:\n{log_path.read_text()[-3000:]}")


# What readers see, at the two widths the issue names --------------------------------------

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def wait_for_images(page, timeout_seconds: float = 10.0) -> None:
    """Until every image has loaded. Polled from Python: Playwright's wait_for_function
    evaluates its predicate with eval(), which the site's strict CSP (rightly) refuses."""
    deadline = time.monotonic() + timeout_seconds
    while not page.evaluate("() => [...document.images].every(image => image.complete)"):
        assert time.monotonic() < deadline, f"images still loading after {timeout_seconds} s"
        page.wait_for_timeout(50)


def look(page, screenshot, name: str) -> dict[str, int]:
    """At phone and desktop width: nothing wider than the screen, and a screenshot of each.
    Returns each width's overflow in pixels (never above 0)."""
    overflows = {}
    original = page.viewport_size
    for label, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        # Lazy images load once scrolled to; a full-page screenshot alone does not scroll.
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        wait_for_images(page)
        page.evaluate("window.scrollTo(0, 0)")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} is {overflow}px wider than a {size['width']}px screen"
        overflows[label] = overflow
        screenshot(page, f"{name}-{label}")
    page.set_viewport_size(original)
    return overflows


# Keyboard only ------------------------------------------------------------------------------

_FOCUSED = """([selector, text]) => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const ring = node => {
        const style = getComputedStyle(node);
        return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
            || style.boxShadow !== 'none';
    };
    const card = el.closest('.card');
    const label = (el.textContent || el.value || el.name || '').replace(/\\s+/g, ' ').trim();
    return {
        match: el.matches(selector) && label.includes(text),
        ring: ring(el) || (card !== null && ring(card)),
        html: el.outerHTML.slice(0, 160),
    };
}"""


def tab_to(page, selector: str, text: str = "", *, limit: int = 300) -> None:
    """Press Tab until the focus is on `selector` (containing `text`); every stop on the way
    must show a visible focus ring."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED, [selector, text])
        if focused is None:
            continue
        assert focused["ring"], f"no visible focus ring on {focused['html']}"
        if focused["match"]:
            return
    raise AssertionError(f"{limit} presses of Tab never reached {selector} {text!r}")


# The editor's side of the comment flows ------------------------------------------------------


def approve_in_admin(page, password: str, comment_text: str) -> str:
    """Log in as the demo editor, approve the comment in the admin; return the admin's message."""
    page.goto("/admin/login/?next=/admin/picks/comment/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/picks/comment/")
    page.fill("#searchbar", comment_text)
    page.press("#searchbar", "Enter")
    page.check(f"tr:has-text({comment_text!r}) input[name=_selected_action]")
    page.select_option("select[name=action]", "approve")
    page.click("button[name=index]")
    return page.text_content(".messagelist")


def approve_in_admin_by_keyboard(page, password: str, comment_text: str) -> str:
    """The same approval with Tab, Enter, Space and typing only; every stop shows a focus ring."""
    page.goto("/admin/login/?next=/admin/picks/comment/")
    tab_to(page, "#id_username")
    page.keyboard.type("editor")
    tab_to(page, "#id_password")
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/admin/picks/comment/")
    tab_to(page, "#searchbar")
    page.keyboard.type(comment_text)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "input[name=_selected_action]")
    page.keyboard.press("Space")
    tab_to(page, "select[name=action]")
    page.keyboard.type("Approve")  # a focused select jumps to the option typed
    assert page.input_value("select[name=action]") == "approve"
    tab_to(page, "button[name=index]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    return page.text_content(".messagelist")
