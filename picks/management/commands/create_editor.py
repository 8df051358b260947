"""Create a staff account for an editor or a contributor.

    python manage.py create_editor ana@example.com --name "Ana Lima" --role contributor

The name is the one readers see on bylines and staff replies. The username is made from the
address's local part ("ana", "ana2", ...) unless --username says otherwise, and is never an
email address. Prints a one-time password to pass on, or, when a real email backend is
configured and the password-reset pages are installed, emails a link to set a password and
prints it too.
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
from django.utils.text import slugify

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


def free_username(User, email: str) -> str:
    """The address's local part as a plain username ("Ana.Lima@..." -> "analima"), numbered
    if taken."""
    base = slugify(email.partition("@")[0])[:140] or "staff"
    taken = set(User.objects.filter(username__istartswith=base).values_list("username", flat=True))
    taken = {name.lower() for name in taken}
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}{number}"
    return candidate


class Command(BaseCommand):
    help = "Create a staff account in the Editor or Contributor group and say how to sign in."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email", help="The person's email address (never shown to readers).")
        parser.add_argument("--role", choices=sorted(ROLES), required=True)
        parser.add_argument(
            "--name",
            default="",
            help='The name readers see on bylines and staff replies, e.g. "Ana Lima".',
        )
        parser.add_argument("--first-name", default="", help="Instead of --name: the given name.")
        parser.add_argument("--last-name", default="", help="With --first-name: the family name.")
        parser.add_argument(
            "--username",
            default="",
            help="The sign-in name (default: made from the address, never the address itself).",
        )
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
        first_name, last_name = self.names(options)
        User = get_user_model()
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(f"An account for {email} already exists; nothing was changed.")
        username = options["username"].strip() or free_username(User, email)
        if "@" in username:
            raise CommandError("A username may not be an email address: it could show on the site.")
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"The username {username} is taken; nothing was changed.")
        try:
            group = Group.objects.get(name=ROLES[role])
        except Group.DoesNotExist:
            raise CommandError(
                f"The {ROLES[role]} group is missing: run `python manage.py migrate` first."
            ) from None
        if dry_run:
            self.out(f"Would create the {role} {email} ({username}).", options)
            return

        with transaction.atomic():
            user = User(
                username=username,
                email=email,
                first_name=first_name,
                last_name=last_name,
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
        self.out(f"They sign in at /admin/ as {username} and change it there.", options)

    def names(self, options: dict) -> tuple[str, str]:
        """First and last name: --name whole (no guessing where a name splits), or the two
        parts."""
        name = " ".join(options["name"].split())
        first, last = options["first_name"].strip(), options["last_name"].strip()
        if name and (first or last):
            raise CommandError("Give --name, or --first-name and --last-name, not both.")
        if not (name or first or last):
            raise CommandError(
                'Give the name readers will see, e.g. --name "Ana Lima": every staff account '
                "has one."
            )
        if "@" in f"{name}{first}{last}":
            raise CommandError("The name is shown to readers: it may not be an email address.")
        return (name, "") if name else (first, last)

    def out(self, message: str, options: dict | None = None) -> None:
        # The password or link is the command's result: at verbosity 0 it is all that prints.
        if options is None or options.get("verbosity", 1) > 0:
            self.stdout.write(message)
