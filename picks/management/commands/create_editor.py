"""Create a staff account for an editor or a contributor.

    python manage.py create_editor ana@example.com --role contributor

The username is the email address. Prints a one-time password to pass on, or, when a real
email backend is configured and the password-reset pages are installed, emails a link to set a
password and prints it too.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.email import email_configured
from picks.roles import ROLES


def password_reset_path(user) -> str | None:
    """The path of the page that sets the user's password, if the project has that page."""
    try:
        return reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    except NoReverseMatch:
        return None


class Command(BaseCommand):
    help = "Create a staff account in the Editor or Contributor group and say how to sign in."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email", help="The person's email address; it is also the username.")
        parser.add_argument("--role", choices=sorted(ROLES), required=True)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--site-url",
            default="http://127.0.0.1:8000",
            help="Where the site runs, for the link in the email (default: %(default)s).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check everything, create nothing."
        )

    def handle(self, *args, email: str, role: str, dry_run: bool, **options) -> None:
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not an email address.") from None
        User = get_user_model()
        if User.objects.filter(username__iexact=email).exists():
            raise CommandError(f"An account for {email} already exists; nothing was changed.")
        try:
            group = Group.objects.get(name=ROLES[role])
        except Group.DoesNotExist:
            raise CommandError(
                f"The {ROLES[role]} group is missing: run `python manage.py migrate` first."
            ) from None
        if dry_run:
            self.out(f"Would create the {role} {email}.", options)
            return

        with transaction.atomic():
            user = User(
                username=email,
                email=email,
                first_name=options["first_name"],
                last_name=options["last_name"],
                is_staff=True,
            )
            user.set_unusable_password()
            user.full_clean(exclude=["password"])
            user.save()
            user.groups.add(group)

        link_path = password_reset_path(user) if email_configured() else None
        if link_path is not None:
            link = options["site_url"].rstrip("/") + link_path
            send_mail(
                f"Your {settings.MARQUEE_SITE_NAME} account",
                f"An account was made for you as {role}. Choose your password here:\n\n"
                f"{link}\n\nThe link works once.",
                None,
                [email],
            )
            self.out(f"Created the {role} {email}; emailed this link to set a password:", options)
            self.out(link)
            return
        password = secrets.token_urlsafe(15)
        user.set_password(password)
        user.save(update_fields=["password"])
        self.out(
            f"Created the {role} {email}. One-time password (shown once, pass it on):", options
        )
        self.out(password)
        self.out("They sign in at /admin/ with their email address and change it there.", options)

    def out(self, message: str, options: dict | None = None) -> None:
        # The password or link is the command's result: at verbosity 0 it is all that prints.
        if options is None or options.get("verbosity", 1) > 0:
            self.stdout.write(message)
