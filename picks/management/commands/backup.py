"""`manage.py backup`: the database and every uploaded file in one dated tar under var/backups/.

pg_dump's custom format on PostgreSQL, SQLite's online backup on SQLite; `make backup` runs it.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from picks.backups import BackupError, backup_create, backup_directory


class Command(BaseCommand):
    help = (
        "Back up the database and MEDIA_ROOT into one file, "
        "var/backups/marquee-<UTC date and time>.tar, readable by its owner only. "
        "Safe while the site runs. `manage.py restore <file>` puts it back."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dir",
            type=Path,
            default=None,
            help="Write the backup in this folder instead of var/backups/.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would be backed up and where; write nothing.",
        )

    def handle(self, *args, dir: Path | None, dry_run: bool, verbosity: int, **options) -> None:
        try:
            report = backup_create(directory=dir or backup_directory(), dry_run=dry_run)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if verbosity == 0:
            return
        if dry_run:
            self.stdout.write(f"Would back up {report.describe()} to {report.path}.")
            return
        message = f"Backed up {report.describe()} to {report.path}."
        self.stdout.write(self.style.SUCCESS(message))
