"""Every reader page type, rendered over the demo content, passes the Nu Html Checker (vnu.jar).

The checker starts slowly, so all pages go to one run. Needs Java and `npm ci` (make test runs
it); without Java the test is skipped with a note, except under CI=true where it fails.
"""

import json
import os
import shutil
import subprocess

import pytest
from django.core.management import call_command

from picks.comments import comment_moderate, comment_submit
from picks.models import Comment, Post
from tests.browser.support import NU_RESULTS, READER_PAGES, THREAD_POST, VNU_JAR

pytestmark = pytest.mark.django_db


def _require_checker() -> str:
    java = shutil.which("java")
    problem = None
    if java is None:
        problem = "Java is not installed (apt-get install default-jre-headless)"
    elif not VNU_JAR.is_file():
        problem = f"{VNU_JAR} is missing: run `npm ci` (make test does)"
    if problem:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"The Nu Html Checker cannot run under CI: {problem}.")
        pytest.skip(f"SKIPPED THE NU HTML CHECKER: {problem}.")
    return java


@pytest.fixture
def demo_content(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MARQUEE_PAGE_SIZE = 2
    settings.MARQUEE_COMMENTS_CLOSE_AFTER_DAYS = 0
    call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))
    post = Post.objects.get(slug=THREAD_POST.strip("/").split("/")[-1])
    comment = comment_submit(post=post, name="Sam Seed", email="sam@example.com", body="Still.")
    comment_moderate(comments=[comment], status=Comment.Status.APPROVED)
    return post, comment


def rendered_pages(client, thread_post, seed_comment) -> dict[str, bytes]:
    pages = {}
    for name, path in READER_PAGES.items():
        response = client.get(path)
        assert response.status_code == (404 if name == "404" else 200), path
        pages[name] = response.content
    pages["browse, page 2"] = client.get(READER_PAGES["browse"] + "&page=2").content
    pages["search, one kind"] = client.get("/search/?q=la+la+land&type=films").content
    pages["search, empty"] = client.get("/search/").content
    thread_url = thread_post.get_absolute_url()
    pages["post with a thread, replying"] = client.get(
        f"{thread_url}?reply_to={seed_comment.pk}"
    ).content
    response = client.post(
        f"{thread_url}comments/", {"name": "", "email": "not an address", "body": ""}
    )
    assert response.status_code == 400
    assert b"Your comment was not sent yet" in response.content
    pages["comment form with errors"] = response.content
    return pages


def nu_check(java: str, pages: dict[str, bytes], folder) -> dict[str, list[dict]]:
    """Run vnu.jar once over every page; return its messages by page name."""
    folder.mkdir()
    names = {}
    for index, (name, html) in enumerate(pages.items()):
        path = folder / f"page-{index:02d}.html"
        path.write_bytes(html)
        names[path.as_uri().replace("file:///", "file:/")] = name
    command = [java, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always"]
    result = subprocess.run(
        [*command, *sorted(str(path) for path in folder.iterdir())],
        capture_output=True,
        text=True,
        timeout=300,
    )
    by_page = {name: [] for name in pages}
    for message in json.loads(result.stderr)["messages"]:
        by_page[names.get(message.get("url"), message.get("url"))].append(message)
    return by_page


def describe(page: str, message: dict) -> str:
    extract = " ".join(message.get("extract", "").split())
    return f"{page}, line {message.get('lastLine')}: {message['message']} [{extract}]"


def test_every_reader_page_type_has_no_markup_error(client, demo_content, tmp_path):
    java = _require_checker()
    pages = rendered_pages(client, *demo_content)

    messages = nu_check(java, pages, tmp_path / "pages")

    errors = [
        describe(page, message)
        for page, page_messages in messages.items()
        for message in page_messages
        if message["type"] in {"error", "non-document-error"}
    ]
    for page, page_messages in messages.items():
        kinds = [message["type"] for message in page_messages]
        NU_RESULTS[page] = (
            sum(kind in {"error", "non-document-error"} for kind in kinds),
            sum(message.get("subType") == "warning" for message in page_messages),
        )
    assert errors == [], "\n".join(errors)
    assert set(messages) == set(pages), "the checker reported on a file it was not given"
