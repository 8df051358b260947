"""`manage.py generate_catalog`: a mature magazine's catalogue beside the demo content, to measure
pages at full size (picks/catalog).

    python manage.py generate_catalog --films 10000 --people 50000 --posts 2000 --comments 100000

Every record it makes has a slug starting `gen-`; the demo's records are never changed. With a
generated catalogue already there, it stops unless given --replace.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from picks.catalog import (
    BUSY_POST,
    DEFAULT_SEED,
    ENSEMBLE_FILM,
    PROLIFIC_PERSON,
    CatalogueError,
    CatalogueSize,
    catalogue_generate,
)

BAR_WIDTH = 30


class ProgressBar:
    """One line per step, redrawn in place on a terminal; elsewhere, one line when a step ends."""

    def __init__(self, stdout) -> None:
        self.stdout = stdout
        self.live = getattr(stdout, "isatty", lambda: False)()
        self.current: str | None = None

    def __call__(self, label: str, done: int, total: int) -> None:
        finished = done >= total
        if not (self.live or finished):
            return
        filled = BAR_WIDTH if finished else BAR_WIDTH * done // max(total, 1)
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        line = f"  {label:<14} [{bar}] {done:>9,}"
        self.stdout.write(f"\r{line}" if self.live else line, ending="\n" if finished else "")
        self.stdout.flush()


def positive(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Generate a large fake catalogue (films, people, credits, scores, posts, comments) with "
        "bulk inserts, for measuring pages at full size. Records get slugs starting 'gen-'; the "
        "demo content is never changed."
    )

    def add_arguments(self, parser) -> None:
        defaults = CatalogueSize()
        for name in ("films", "people", "posts", "comments"):
            parser.add_argument(
                f"--{name}",
                type=positive,
                default=getattr(defaults, name),
                help=f"How many {name} to make (default {getattr(defaults, name):,}).",
            )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Seed of the random choices: the same seed makes the same catalogue "
            f"(default {DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Remove a catalogue generated before (every 'gen-' record) and make a new one.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Make the catalogue, report what it would add, then roll back: write nothing.",
        )

    def handle(self, *args, verbosity: int = 1, **options) -> None:
        size = CatalogueSize(
            films=options["films"],
            people=options["people"],
            posts=options["posts"],
            comments=options["comments"],
        )
        progress = ProgressBar(self.stdout) if verbosity >= 1 else None
        try:
            kwargs = {"progress": progress} if progress else {}
            report = catalogue_generate(
                size=size,
                seed=options["seed"],
                replace=options["replace"],
                dry_run=options["dry_run"],
                **kwargs,
            )
        except CatalogueError as error:
            raise CommandError(str(error)) from error
        if verbosity == 0:
            return
        self.stdout.write(self.style.SUCCESS(report.summary()))
        if not report.dry_run and verbosity >= 2:
            for what, name, slug in (
                ("A film with a big cast", "films:film_detail", ENSEMBLE_FILM["slug"]),
                ("A person with many credits", "films:person_detail", PROLIFIC_PERSON["slug"]),
                ("A post with many comments", "picks:post_detail", BUSY_POST["slug"]),
            ):
                self.stdout.write(f"  {what}: {reverse(name, kwargs={'slug': slug})}")
