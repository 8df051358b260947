"""`manage.py restore <file>`: put a backup made by `manage.py backup` back, database and media.

Replaces everything in the database; `make restore FILE=...` runs it.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from picks.backups import BackupError, backup_read, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup`: replace the database's contents with the "
        "backup's (in one transaction on PostgreSQL) and write its files into MEDIA_ROOT. "
        "Stop the site first. Asks for confirmation unless --noinput is given."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="The backup, e.g. var/backups/marquee-….tar")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the backup (its dump included) and say what it holds; change nothing.",
        )

    def handle(
        self, *args, file: Path, interactive: bool, dry_run: bool, verbosity: int, **options
    ) -> None:
        try:
            contents = backup_read(file)
            if interactive and not dry_run and not self._confirmed(contents.describe()):
                self.stdout.write("Restore cancelled.")
                return
            backup_restore(path=file, dry_run=dry_run)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if verbosity == 0:
            return
        if dry_run:
            self.stdout.write(f"The backup is whole: it would restore {contents.describe()}.")
            return
        self.stdout.write(self.style.SUCCESS(f"Restored {contents.describe()}."))
        self.stdout.write(
            "If the backup is older than this version of Marquee, run `manage.py migrate` now."
        )

    def _confirmed(self, description: str) -> bool:
        answer = input(
            f"This replaces everything in the database, and files of the same name in "
            f"MEDIA_ROOT, with {description}.\nType 'yes' to continue, or anything else to "
            "cancel: "
        )
        return answer.strip().lower() == "yes"
