"""`manage.py load_demo`: fill the database with the demo magazine from picks/demo/demo.yaml.

Safe to run again and again (`make run` does): a second run creates, changes and deletes nothing.
"""

from django.core.management.base import BaseCommand

from picks.demo import DATA_FILE, demo_load


class Command(BaseCommand):
    help = (
        "Load the demo films, people, scores, sections and posts from picks/demo/demo.yaml, "
        "saving only what differs, and create the 'editor' account if it is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would change, then roll back; write no rows and no image files.",
        )

    def handle(self, *args, dry_run: bool = False, verbosity: int = 1, **options):
        report = demo_load(path=DATA_FILE, dry_run=dry_run)
        if report.editor_password:
            # Printed even at verbosity 0: it is shown once and stored nowhere else.
            self.stdout.write(
                self.style.WARNING(
                    f"Created the editor account: username 'editor', password "
                    f"{report.editor_password} (shown once; change it in the admin)."
                )
            )
        if verbosity == 0:
            return
        if report.editor_created and dry_run:
            self.stdout.write("Would create the editor account.")
        elif not report.editor_created:
            self.stdout.write("The editor account already exists; its password is unchanged.")
        if verbosity >= 2:
            for line in report.details():
                self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(report.summary()))
