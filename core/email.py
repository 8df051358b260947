"""Mail the site sends: whether it reaches a real inbox, and sending it through the queue."""

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django_tasks_db.models import DBTaskResult

from core.tasks import retrying_task

# Backends that deliver to nobody: with these, the site prints or keeps what it would send.
LOCAL_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


def email_configured() -> bool:
    return settings.EMAIL_BACKEND not in LOCAL_EMAIL_BACKENDS


# Sending, always through the queue's "email" line, so no request waits on the mail server -----


def email_message(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str = "",
    headers: dict[str, str] | None = None,
    from_email: str | None = None,
) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(subject, body, from_email, to, headers=headers or {})
    if html:
        message.attach_alternative(html, "text/html")
    return message


def _already_sent(key: str) -> bool:
    """Whether an earlier run with this key succeeded (the queue's own record says so)."""
    return (
        DBTaskResult.objects.successful()
        .filter(task_path=send_email.module_path, args_kwargs__kwargs__key=key)
        .exists()
    )


@retrying_task(queue_name="email")
def send_email(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str = "",
    headers: dict[str, str] | None = None,
    from_email: str | None = None,
    key: str = "",
) -> bool:
    """Send one email; a mail server that is down makes it retry later. Given a `key`, a second
    run with the same key sends nothing, so a mail queued twice goes out once."""
    if key and _already_sent(key):
        return False
    message = email_message(
        subject=subject, body=body, to=to, html=html, headers=headers, from_email=from_email
    )
    message.send()
    return True


def send_email_later(message: EmailMultiAlternatives, *, key: str = "") -> None:
    """Queue a message built by Django (a password reset's): its parts, not the object, are
    queued."""
    html = next((content for content, kind in message.alternatives if kind == "text/html"), "")
    send_email.enqueue(
        subject=message.subject,
        body=message.body,
        to=list(message.to),
        html=html,
        headers=dict(message.extra_headers),
        from_email=message.from_email,
        key=key,
    )


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset form, its mail sent by the queue."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        message = email_message(subject=subject, body=body, to=[to_email], from_email=from_email)
        if html_email_template_name:
            html = render_to_string(html_email_template_name, context)
            message.attach_alternative(html, "text/html")
        send_email_later(message)
