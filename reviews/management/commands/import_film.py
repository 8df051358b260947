"""`manage.py import_film`: films from TMDb's movie JSON or IMDb's datasets, editors' work kept.

    python manage.py import_film --tmdb-json la-la-land.json --dry-run
    python manage.py import_film --tmdb-id 313369            # needs TMDB_API_KEY
    python manage.py import_film --imdb-datasets ~/imdb --titles tt3783958

A field an editor changed by hand is kept unless --overwrite. Bad input stops the whole import
with one line on stderr and nothing saved.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from films.importers import imdb, tmdb
from films.importers.records import ImportFailed
from films.importers.report import ImportReport, Outcome
from reviews.importers import films_import

BAR_WIDTH = 30


class ProgressBar:
    """A bar redrawn in place on stderr when it is a terminal; silent otherwise (logs, tests)."""

    def __init__(self, stream=sys.stderr) -> None:
        self.stream = stream
        self.live = getattr(stream, "isatty", lambda: False)()

    def __call__(self, label: str, done: int, total: int) -> None:
        if not self.live:
            return
        filled = BAR_WIDTH * min(done, total) // max(total, 1)
        percent = 100 * min(done, total) // max(total, 1)
        self.stream.write(
            f"\r  {label:<24} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {percent:3}%"
        )
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def regions(value: str) -> tuple[str, ...]:
    codes = tuple(code.strip().upper() for code in value.split(",") if code.strip())
    if not codes or any(len(code) != 2 or not code.isalpha() for code in codes):
        raise ValueError(value)
    return codes


class Command(BaseCommand):
    help = (
        "Import films from TMDb (a movie JSON file, or by id with TMDB_API_KEY) or from IMDb's "
        "TSV datasets, with --dry-run to see every change first. Fields an editor changed by "
        "hand are kept unless --overwrite."
    )

    def add_arguments(self, parser) -> None:
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--tmdb-json", metavar="FILE", help="A TMDb movie record (JSON).")
        source.add_argument("--tmdb-id", type=int, metavar="ID", help="Fetch from TMDb's API.")
        source.add_argument(
            "--imdb-datasets", metavar="DIR", help="A folder with IMDb's .tsv(.gz) datasets."
        )
        parser.add_argument("--titles", default="", help="IMDb title ids, comma-separated.")
        parser.add_argument(
            "--region",
            type=regions,
            default=tmdb.DEFAULT_REGIONS,
            help="Country codes whose certificate and services to take, first found first "
            "(default GB,US).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Show changes; save nothing.")
        parser.add_argument(
            "--overwrite", action="store_true", help="Replace values editors changed by hand."
        )

    def handle(self, *args, **options) -> None:
        progress = ProgressBar() if options["verbosity"] else None
        try:
            records = self.read_records(options, progress)
            report = films_import(
                records,
                overwrite=options["overwrite"],
                dry_run=options["dry_run"],
                progress=(lambda done, total: progress("saving", done, total))
                if progress
                else None,
            )
        except ImportFailed as error:
            raise CommandError(str(error)) from error
        self.print_report(report, verbosity=options["verbosity"])

    def read_records(self, options, progress):
        if options["imdb_datasets"]:
            title_ids = imdb.parse_title_ids(options["titles"])
            return imdb.load_titles(options["imdb_datasets"], title_ids, progress=progress)
        if options["titles"]:
            raise ImportFailed("--titles goes with --imdb-datasets.")
        if options["tmdb_json"]:
            data = tmdb.load_movie_file(options["tmdb_json"])
        else:
            data = tmdb.fetch_movie(options["tmdb_id"], api_key=tmdb.configured_api_key())
        return [tmdb.parse_movie(data, regions=options["region"])]

    def print_report(self, report: ImportReport, *, verbosity: int) -> None:
        if verbosity == 0:
            return
        # A dry run shows every field; an import shows what changed, unless asked for more.
        show_all = report.dry_run or verbosity >= 2
        for record, changes in report.by_record():
            shown = [
                change for change in changes if show_all or change.outcome != Outcome.UNCHANGED
            ]
            if not shown:
                continue
            self.stdout.write(record)
            for change in shown:
                line = f"  {change.outcome:<9} {change.field}"
                if change.new:
                    line += f": {change.old} -> {change.new}" if change.old else f": {change.new}"
                if change.reason:
                    line += f" ({change.reason})"
                self.stdout.write(line)
        for note in report.notes:
            self.stdout.write(f"Note: {note}")
        self.stdout.write(self.style.SUCCESS(report.summary))
