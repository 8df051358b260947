"""Blank the IP addresses and user agents of comments older than the retention period, and delete
the reply-email addresses that never confirmed.

They are kept only to moderate spam; run this daily (cron, systemd timer or the host's scheduler).
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from picks.comments import comment_data_purge
from picks.replies import CONFIRM_MAX_AGE_DAYS, unconfirmed_subscribers_purge


class Command(BaseCommand):
    help = (
        "Remove the IP address and user agent from comments older than "
        "MARQUEE_COMMENT_DATA_RETENTION_DAYS (30 by default), and reply-email addresses not "
        f"confirmed within {CONFIRM_MAX_AGE_DAYS} days. Safe to run often."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Override the retention period in days (default: the setting).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only say how many comments would be purged.",
        )

    def handle(self, *args, days: int | None, dry_run: bool, verbosity: int, **options) -> None:
        days = settings.MARQUEE_COMMENT_DATA_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be at least 1.")
        cutoff = timezone.now() - timedelta(days=days)
        count = comment_data_purge(older_than=cutoff, dry_run=dry_run)
        unconfirmed = unconfirmed_subscribers_purge(dry_run=dry_run)
        if verbosity == 0:
            return
        addresses = "address" if unconfirmed == 1 else "addresses"
        self.stdout.write(
            f"{'Would delete' if dry_run else 'Deleted'} {unconfirmed} unconfirmed reply-email "
            f"{addresses}."
        )
        noun = "comment" if count == 1 else "comments"
        if dry_run:
            self.stdout.write(f"Would purge IP address and user agent from {count} {noun}.")
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Purged IP address and user agent from {count} {noun}.")
            )
