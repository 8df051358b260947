"""Sending an issue: the email itself, who gets it, a resumable send after a crash, scheduling,
and the editors' admin screens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone
from django_tasks import task_backends

from picks.models import Delivery, NewsletterIssue, NewsletterIssuePost, Subscriber
from picks.newsletter import sending
from picks.newsletter.sending import (
    issue_email,
    issue_resume,
    issue_schedule,
    issue_send,
    send_scheduled_issue,
)
from picks.workflow import BEST_PICK_SLUG
from tests.factories import image_file, make_post, make_section

ORIGIN = "https://marquee.example"


def subscriber(email: str, status: str = Subscriber.Status.CONFIRMED) -> Subscriber:
    row = Subscriber.objects.create(email=email)
    row.set_status(status)
    row.save()
    return row


def issue_with(*posts, subject: str = "This week") -> NewsletterIssue:
    issue = NewsletterIssue.objects.create(subject=subject, introduction="Hello.\n\nTwo films.")
    for position, post in enumerate(posts):
        NewsletterIssuePost.objects.create(issue=issue, post=post, position=position)
    return issue


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Send `issue` now, running the queued batches at once (the test settings' immediate
    backend; the on-commit hooks run because this fixture executes them)."""

    def run(issue: NewsletterIssue) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            issue_send(issue=issue, origin=ORIGIN)
        issue.refresh_from_db()

    return run


@pytest.mark.django_db
def test_the_email_has_html_and_text_absolute_links_alt_text_and_unsubscribe_headers(media_root):
    post = make_post(
        title="La La Land", hero_image=image_file(), hero_image_alt="Two dancers at dusk"
    )
    ann = subscriber("ann@example.com")

    message = issue_email(issue_with(post), ORIGIN).message(ann)

    html = message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"
    assert f'href="{ORIGIN}{post.get_absolute_url()}"' in html
    assert f'src="{ORIGIN}{post.hero_image.url}"' in html
    assert 'alt="Two dancers at dusk"' in html
    assert f"{ORIGIN}{post.get_absolute_url()}" in message.body
    assert "La La Land" in message.body and "Two films." in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith(f"<{ORIGIN}/newsletter/unsubscribe/")
    assert "mailto:" in unsubscribe
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = unsubscribe.split(">")[0][1:]
    assert f'href="{link}"' in html and link in message.body


@pytest.mark.django_db
def test_an_issue_goes_to_confirmed_subscribers_only(send):
    subscriber("confirmed@example.com")
    for status in ["pending", "unsubscribed", "bounced", "complained"]:
        subscriber(f"{status}@example.com", status)
    issue = issue_with(make_post())

    send(issue)

    assert [message.to for message in mail.outbox] == [["confirmed@example.com"]]
    sent = mail.outbox[0].message()
    assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert issue.status == NewsletterIssue.Status.SENT
    assert issue.deliveries.get().status == Delivery.Status.SENT


class WorkerKilled(BaseException):
    """What a killed worker looks like to the code it was running: not an Exception."""


class CrashingBackend(LocmemBackend):
    mails_before_crash: int | None = None

    def send_messages(self, messages):
        if CrashingBackend.mails_before_crash == 0:
            raise WorkerKilled
        if CrashingBackend.mails_before_crash is not None:
            CrashingBackend.mails_before_crash -= 1
        return super().send_messages(messages)


@pytest.mark.django_db
def test_a_send_killed_midway_resumes_and_everyone_gets_exactly_one_copy(
    send, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.CrashingBackend"
    monkeypatch.setattr(sending, "BATCH_SIZE", 3)
    monkeypatch.setattr(CrashingBackend, "mails_before_crash", 5)
    addresses = [f"reader{n}@example.com" for n in range(10)]
    for address in addresses:
        subscriber(address)
    issue = issue_with(make_post())

    send(issue)  # the worker dies while sending the sixth mail

    assert len(mail.outbox) == 5
    assert issue.status == NewsletterIssue.Status.SENDING
    assert issue.deliveries.count() == 5  # the sixth's row went with its transaction

    monkeypatch.setattr(CrashingBackend, "mails_before_crash", None)
    with django_capture_on_commit_callbacks(execute=True):
        assert issue_resume(issue=issue)

    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT
    assert sorted(message.to[0] for message in mail.outbox) == sorted(addresses)
    assert issue.deliveries.filter(status=Delivery.Status.SENT).count() == 10


@pytest.mark.django_db
def test_sending_twice_sends_nobody_a_second_copy(send, django_capture_on_commit_callbacks):
    subscriber("ann@example.com")
    issue = issue_with(make_post())
    send(issue)

    assert issue_send(issue=issue, origin=ORIGIN) is False
    issue.status = NewsletterIssue.Status.SENDING  # as if a stale worker ran the batch again
    issue.save()
    with django_capture_on_commit_callbacks(execute=True):
        issue_resume(issue=issue)

    assert len(mail.outbox) == 1


class RefusingBackend(LocmemBackend):
    def send_messages(self, messages):
        if messages[0].to == ["refused@example.com"]:
            raise OSError("550 mailbox unavailable")
        return super().send_messages(messages)


@pytest.mark.django_db
def test_a_refused_mail_is_recorded_as_failed_and_the_rest_go_out(send, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    subscriber("refused@example.com")
    subscriber("ann@example.com")
    issue = issue_with(make_post())

    send(issue)

    failed = issue.deliveries.get(status=Delivery.Status.FAILED)
    assert failed.subscriber.email == "refused@example.com"
    assert "550" in failed.error
    assert [message.to for message in mail.outbox] == [["ann@example.com"]]
    assert issue.status == NewsletterIssue.Status.SENT


@pytest.fixture
def deferring_queue(settings):
    """A queue that keeps tasks instead of running them, and knows run_after."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": ["default", "email"],
        }
    }
    return task_backends["default"]


@pytest.mark.django_db
def test_a_scheduled_issue_is_queued_to_run_at_its_time_and_sent_only_when_due(
    deferring_queue, django_capture_on_commit_callbacks, settings
):
    subscriber("ann@example.com")
    issue = issue_with(make_post())
    when = timezone.now() + timedelta(hours=2)

    with django_capture_on_commit_callbacks(execute=True):
        assert issue_schedule(issue=issue, when=when, origin=ORIGIN)

    (queued,) = deferring_queue.results
    assert queued.task.name == "send_scheduled_issue"
    assert queued.task.run_after == when
    assert issue.status == NewsletterIssue.Status.SCHEDULED
    assert send_scheduled_issue.call(issue.pk) is False  # run early: not due, nothing sent
    assert mail.outbox == []

    NewsletterIssue.objects.filter(pk=issue.pk).update(
        scheduled_for=timezone.now() - timedelta(seconds=1)
    )
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "email"],
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert send_scheduled_issue.call(issue.pk) is True

    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT
    assert [message.to for message in mail.outbox] == [["ann@example.com"]]


# The editors' screens -------------------------------------------------------------------


@pytest.fixture
def best_pick():
    section = make_section(name="Best Pick", slug=BEST_PICK_SLUG)
    make_post(section=section, title="An older pick", publish_at=timezone.now() - timedelta(days=9))
    return make_post(section=section, title="The latest pick")


@pytest.mark.django_db
def test_a_new_issue_starts_with_the_latest_best_pick(editor_client, best_pick):
    response = editor_client.get("/admin/picks/newsletterissue/add/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "This week&#x27;s pick: The latest pick" in html
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.forms[0].initial["post"] == best_pick.pk


@pytest.mark.django_db
def test_editor_composes_previews_tests_and_sends_an_issue(
    editor_client, records_editor, best_pick, django_capture_on_commit_callbacks
):
    subscriber("ann@example.com")
    response = editor_client.post(
        "/admin/picks/newsletterissue/add/",
        {
            "subject": "Our pick",
            "introduction": "A film for Friday.",
            "post_links-TOTAL_FORMS": "1",
            "post_links-INITIAL_FORMS": "0",
            "post_links-0-post": best_pick.pk,
            "post_links-0-position": "1",
        },
    )
    assert response.status_code == 302
    issue = NewsletterIssue.objects.get()
    assert issue.created_by == records_editor
    assert issue.posts_in_order() == [best_pick]
    change = f"/admin/picks/newsletterissue/{issue.pk}/change/"
    assert "Send now to 1 subscriber" in editor_client.get(change).content.decode()

    html = editor_client.get(f"/admin/picks/newsletterissue/{issue.pk}/preview/")
    text = editor_client.get(f"/admin/picks/newsletterissue/{issue.pk}/preview-text/")
    assert "The latest pick" in html.content.decode() and "<h2>" in html.content.decode()
    assert text["Content-Type"].startswith("text/plain")
    assert "http://testserver" + best_pick.get_absolute_url() in text.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(f"/admin/picks/newsletterissue/{issue.pk}/send-test/")
    assert [message.to for message in mail.outbox] == [[records_editor.email]]
    assert mail.outbox[0].subject == "[Test] Our pick"
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.DRAFT

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(f"/admin/picks/newsletterissue/{issue.pk}/send/")
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT
    assert mail.outbox[-1].to == ["ann@example.com"]
    assert "1 sent, 0 failed" in editor_client.get("/admin/picks/newsletterissue/").content.decode()


@pytest.mark.django_db
def test_a_past_schedule_is_refused_with_a_reason(editor_client, best_pick):
    issue = issue_with(best_pick)

    response = editor_client.post(
        f"/admin/picks/newsletterissue/{issue.pk}/schedule/",
        {"send_at": "2001-01-01T09:00"},
        follow=True,
    )

    assert "Choose a moment in the future" in response.content.decode()
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.DRAFT


@pytest.mark.django_db
def test_editor_marks_a_subscriber_bounced_and_mail_stops(editor_client, send):
    ann = subscriber("ann@example.com")
    subscriber("bob@example.com")

    response = editor_client.post(
        "/admin/picks/subscriber/",
        {"action": "mark_bounced", "_selected_action": [ann.pk]},
        follow=True,
    )
    assert "1 marked bounced" in response.content.decode()
    send(issue_with(make_post()))

    assert [message.to for message in mail.outbox] == [["bob@example.com"]]


@pytest.mark.django_db
def test_newsletter_admin_pages_open(editor_client, send):
    ann = subscriber("ann@example.com")
    issue = issue_with(make_post())
    send(issue)

    for url in [
        "/admin/picks/newsletterissue/",
        "/admin/picks/subscriber/",
        f"/admin/picks/subscriber/{ann.pk}/change/",
        f"/admin/picks/newsletterissue/{issue.pk}/change/",
    ]:
        assert editor_client.get(url).status_code == 200, url
    sent_page = editor_client.get(f"/admin/picks/newsletterissue/{issue.pk}/change/")
    assert "Sent: 1, failed: 0" in sent_page.content.decode()
    assert "Send now" not in sent_page.content.decode()


@pytest.mark.django_db
def test_the_desk_offers_editors_a_new_issue_and_contributors_not(client, editor, contributor):
    client.force_login(editor)
    assert "Compose the newsletter" in client.get("/admin/").content.decode()

    client.force_login(contributor)
    assert "Compose the newsletter" not in client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_copies_the_server_refused_are_sent_again_on_request_and_nobody_else_is(
    editor_client, send, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    subscriber("refused@example.com")
    subscriber("ann@example.com")
    issue = issue_with(make_post())
    send(issue)
    change = editor_client.get(f"/admin/picks/newsletterissue/{issue.pk}/change/")
    assert "Send again to the 1 that failed" in change.content.decode()
    deliveries = editor_client.get(f"/admin/picks/delivery/?issue__id__exact={issue.pk}")
    assert "550 mailbox unavailable" in deliveries.content.decode()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(f"/admin/picks/newsletterissue/{issue.pk}/retry-failed/")

    assert sorted(message.to[0] for message in mail.outbox) == [
        "ann@example.com",
        "refused@example.com",
    ]
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT
    assert not issue.deliveries.filter(status=Delivery.Status.FAILED).exists()


@pytest.mark.django_db
def test_a_post_in_an_issue_cannot_be_deleted_and_the_refusal_names_the_issue(editor_client):
    post = make_post(title="Heat")
    issue_with(post, subject="Friday's pick")

    page = editor_client.get(f"/admin/picks/post/{post.pk}/delete/").content.decode()

    assert "Heat in the newsletter “Friday&#x27;s pick”" in page
    editor_client.post(f"/admin/picks/post/{post.pk}/delete/", {"post": "yes"})
    assert NewsletterIssue.objects.get().posts_in_order() == [post]


@pytest.mark.django_db
def test_an_editor_can_stop_mail_to_an_address_but_never_confirm_it(editor_client):
    pending = subscriber("pending@example.com", Subscriber.Status.PENDING)
    url = f"/admin/picks/subscriber/{pending.pk}/change/"

    refused = editor_client.post(url, {"status": Subscriber.Status.CONFIRMED})
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    editor_client.post(url, {"status": Subscriber.Status.COMPLAINED})

    pending.refresh_from_db()
    assert pending.status == Subscriber.Status.COMPLAINED
