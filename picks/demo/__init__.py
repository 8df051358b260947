"""Loads the demo content in picks/demo/demo.yaml into the database, saving only what differs.

The data file owns the records it names: a second load creates, changes and deletes nothing, and
a line removed from the file (a credit, a score, a quote...) is removed from the database too.
`records` loads films, people and what hangs off them, `editorial` the editor, site settings,
sections and posts, `sync` holds the steps both use, and `art` draws the pictures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from picks.demo.editorial import Editorial
from picks.demo.records import Records
from picks.demo.sync import DemoDataError, DemoReport, Sync

DATA_FILE = Path(__file__).resolve().parent / "demo.yaml"

__all__ = ["DATA_FILE", "DemoDataError", "DemoReport", "demo_load", "read_demo_data"]


def read_demo_data(path: Path = DATA_FILE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def demo_load(*, path: Path = DATA_FILE, dry_run: bool = False) -> DemoReport:
    """Bring the database in line with the data file; with dry_run, report and roll back."""
    data = read_demo_data(path)
    report = DemoReport(dry_run=dry_run)
    with transaction.atomic():
        sync = Sync(report)
        records = Records(data, sync)
        editorial = Editorial(data, sync, records)
        editorial.load_editor()
        editorial.load_site_settings()
        editorial.load_writers()
        records.load()
        editorial.load_sections()
        editorial.load_posts()
        records.prune_stale_quotes()
        if dry_run:
            transaction.set_rollback(True)
    return report
