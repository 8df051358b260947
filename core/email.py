"""Whether mail the site sends reaches a real inbox."""

from django.conf import settings

# Backends that deliver to nobody: with these, the site prints or keeps what it would send.
LOCAL_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


def email_configured() -> bool:
    return settings.EMAIL_BACKEND not in LOCAL_EMAIL_BACKENDS
