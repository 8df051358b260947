"""In a real browser, on the demo server: a reader signs up for the newsletter from the footer,
confirms through the link in the email the server wrote, an editor composes and sends an issue
from the desk, and the reader unsubscribes from the issue's link in one click."""

from __future__ import annotations

import email
import re
import uuid
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.utils.html import escape

from tests.browser.support import BEST_PICK, look

pytestmark = pytest.mark.browser

SEPARATOR = b"\n" + b"-" * 79 + b"\n"  # between messages in Django's file-based mail


def mails_to(mail_dir: Path, address: str) -> list[EmailMessage]:
    """Every message the server wrote to `address`, oldest first."""
    found = []
    for path in sorted(mail_dir.glob("*.log"), key=lambda path: path.stat().st_mtime):
        for raw in path.read_bytes().split(SEPARATOR):
            if raw.strip():
                message = email.message_from_bytes(raw.lstrip(), policy=policy.default)
                if message["To"] == address:
                    found.append(message)
    return found


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link(message: EmailMessage, kind: str) -> str:
    match = re.search(rf"https?://\S+/newsletter/{kind}/\S+/", text_of(message))
    assert match, text_of(message)
    return match.group(0)


def test_reader_signs_up_confirms_receives_an_issue_and_unsubscribes_in_one_click(
    demo_page, demo_server, screenshot
):
    address = f"reader-{uuid.uuid4().hex[:8]}@example.com"
    mail_dir = demo_server.root / "mail"
    reader = demo_page("desktop")

    # A cached post page: the footer form gets this browser's CSRF token when it is used.
    reader.goto(BEST_PICK)
    reader.fill("#newsletter-email-footer", address)
    reader.click(".newsletter-signup--footer button[type=submit]")
    assert reader.text_content("h1").strip() == "Check your inbox"
    look(reader, screenshot, "signed-up")

    (confirmation,) = mails_to(mail_dir, address)
    reader.goto(link(confirmation, "confirm"))
    reader.click("button:has-text('Confirm my subscription')")
    assert reader.text_content("h1").strip() == "You are subscribed"

    editor = demo_page("desktop")
    editor.goto("/admin/login/?next=/admin/")
    editor.fill("#id_username", "editor")
    editor.fill("#id_password", demo_server.editor_password)
    editor.click("input[type=submit]")
    editor.click("a:has-text('Compose the newsletter')")
    subject = editor.input_value("#id_subject")
    assert subject.startswith("This week's pick: ")
    editor.fill("#id_introduction", "One film for your Friday night.")
    editor.click("input[name=_continue]")
    assert "was added successfully" in editor.text_content(".messagelist")
    look(editor, screenshot, "issue-composed")
    editor.click("button:has-text('Send now to')")
    assert "Sending" in editor.text_content(".messagelist")
    assert "Sent" in editor.text_content("#newsletter-send")
    look(editor, screenshot, "issue-sent")

    issue = mails_to(mail_dir, address)[-1]
    assert issue["Subject"] == subject
    assert issue["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "One film for your Friday night." in text_of(issue)
    html = issue.get_body(preferencelist=("html",)).get_content()
    pick = subject.removeprefix("This week's pick: ")
    assert escape(pick) in html
    assert 'href="http://127.0.0.1' in html  # absolute links

    reader.goto(link(issue, "unsubscribe"))
    reader.click("button:has-text('Unsubscribe')")
    assert reader.text_content("h1").strip() == "You are unsubscribed"
    look(reader, screenshot, "unsubscribed")

    editor.goto(f"/admin/picks/subscriber/?q={address}")
    assert "Unsubscribed" in editor.text_content("#result_list")
