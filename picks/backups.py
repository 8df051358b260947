"""Backups of the whole site in one dated tar: the database (pg_dump's custom format on
PostgreSQL, SQLite's backup API on SQLite) and every file under MEDIA_ROOT; and restoring one.

`manage.py backup` and `manage.py restore` (`make backup`, `make restore FILE=...`) call these.
"""

from __future__ import annotations

import copy
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connections

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
ENGINE_LABELS = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
MEDIA_PREFIX = "media/"
# A backup holds password hashes, email and IP addresses: only its owner may read it.
PRIVATE_FILE = 0o600
PRIVATE_DIRECTORY = 0o700


class BackupError(Exception):
    """Something an operator can fix: a missing tool, a bad file, the wrong database."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    engine: str
    database: str
    media_files: int
    media_bytes: int
    created_at: str

    def describe(self) -> str:
        return (
            f"the {ENGINE_LABELS[self.engine]} database {self.database} and "
            f"{self.media_files} media {'file' if self.media_files == 1 else 'files'} "
            f"({_size(self.media_bytes)})"
        )


def backup_directory() -> Path:
    return Path(settings.VAR_DIR) / "backups"


def database_vendor(using: str = "default") -> str:
    vendor = connections[using].vendor
    if vendor not in DATABASE_MEMBERS:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    return vendor


# Making a backup ----------------------------------------------------------------------------


def backup_create(
    *, directory: Path, dry_run: bool = False, using: str = "default", now: datetime | None = None
) -> BackupReport:
    """Write `marquee-<UTC date and time>.tar` in `directory`: the database, then the media.

    The database is dumped first, so every file it names was already on disk; a file uploaded
    while the backup runs may come along too, which is harmless.
    """
    vendor = database_vendor(using)
    database = str(connections[using].settings_dict["NAME"])
    now = now or datetime.now(UTC)
    media_root = Path(settings.MEDIA_ROOT)
    media = list(_media_files(media_root))
    report = BackupReport(
        path=_dated_path(directory, now),
        engine=vendor,
        database=database,
        media_files=len(media),
        media_bytes=sum(path.stat().st_size for path in media),
        created_at=now.isoformat(timespec="seconds"),
    )
    if dry_run:
        return report
    directory.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIRECTORY)
    partial = directory / f".{report.path.name}.partial"
    with tempfile.TemporaryDirectory(dir=directory, prefix=".backup-") as scratch:
        dump = Path(scratch) / DATABASE_MEMBERS[vendor]
        if vendor == "postgresql":
            _pg_dump(connections[using].settings_dict, dump)
        else:
            _sqlite_copy(using, dump)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": report.created_at,
            "engine": vendor,
            "database": database,
            "media_files": report.media_files,
            "media_bytes": report.media_bytes,
        }
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
        try:
            with os.fdopen(descriptor, "wb") as file, tarfile.open(fileobj=file, mode="w") as tar:
                _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2).encode())
                tar.add(dump, arcname=dump.name)
                for path in media:
                    tar.add(path, arcname=MEDIA_PREFIX + path.relative_to(media_root).as_posix())
            os.replace(partial, report.path)
        finally:
            partial.unlink(missing_ok=True)
    return report


def _dated_path(directory: Path, now: datetime) -> Path:
    stem = f"marquee-{now.strftime('%Y-%m-%d-%H%M%S')}"
    path, number = directory / f"{stem}.tar", 1
    while path.exists():
        number += 1
        path = directory / f"{stem}-{number}.tar"
    return path


def _media_files(media_root: Path) -> Iterator[Path]:
    """Regular files only: a symlink could point anywhere, and a restore would not recreate it."""
    if not media_root.is_dir():
        return
    for path in sorted(media_root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), PRIVATE_FILE, int(datetime.now(UTC).timestamp())
    tar.addfile(info, fileobj=io.BytesIO(data))


def _sqlite_copy(using: str, target: Path) -> None:
    """SQLite's online backup: a consistent copy even while the site writes."""
    connection = connections[using]
    connection.ensure_connection()
    copy_to = sqlite3.connect(target)
    try:
        connection.connection.backup(copy_to)
    finally:
        copy_to.close()


# PostgreSQL's own tools -------------------------------------------------------------------


def _pg_environment(config: dict) -> dict[str, str]:
    """Connection settings as libpq's variables, so the password never shows in `ps`."""
    env = dict(os.environ)
    for variable, value in (
        ("PGHOST", config.get("HOST")),
        ("PGPORT", config.get("PORT")),
        ("PGUSER", config.get("USER")),
        ("PGPASSWORD", config.get("PASSWORD")),
        ("PGSSLMODE", config.get("OPTIONS", {}).get("sslmode")),
    ):
        if value:
            env[variable] = str(value)
    return env


def _run_pg_tool(arguments: list[str], config: dict) -> str:
    tool = arguments[0]
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is missing (on Debian: apt-get install postgresql-client).")
    result = subprocess.run(
        arguments, env=_pg_environment(config), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{tool} failed: {result.stderr.strip() or result.returncode}")
    return result.stdout


def _pg_dump(config: dict, target: Path) -> None:
    _run_pg_tool(
        ["pg_dump", "--format=custom", f"--file={target}", f"--dbname={config['NAME']}"], config
    )


def _pg_restore(config: dict, dump: Path) -> None:
    """All or nothing: one transaction, stopping at the first error."""
    _run_pg_tool(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={config['NAME']}",
            str(dump),
        ],
        config,
    )


# Restoring --------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupContents:
    path: Path
    manifest: dict

    @property
    def engine(self) -> str:
        return self.manifest["engine"]

    def describe(self) -> str:
        files = self.manifest["media_files"]
        return (
            f"the {ENGINE_LABELS[self.engine]} database {self.manifest['database']} and "
            f"{files} media {'file' if files == 1 else 'files'} "
            f"({_size(self.manifest['media_bytes'])}), saved {self.manifest['created_at']}"
        )


def backup_read(path: Path) -> BackupContents:
    """Open a backup and check it is one of ours, whole, and complete."""
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    try:
        with tarfile.open(path, mode="r:") as tar:
            names = set(tar.getnames())
            manifest = json.load(tar.extractfile(MANIFEST))
    except (tarfile.TarError, KeyError, ValueError, TypeError) as error:
        raise BackupError(f"{path} is not a Marquee backup ({error}).") from None
    if manifest.get("format") != FORMAT_VERSION or manifest.get("engine") not in DATABASE_MEMBERS:
        raise BackupError(f"{path} is a backup format this version cannot read.")
    if DATABASE_MEMBERS[manifest["engine"]] not in names:
        raise BackupError(f"{path} has no database in it.")
    media_count = sum(1 for name in names if name.startswith(MEDIA_PREFIX))
    if media_count != manifest["media_files"]:
        raise BackupError(
            f"{path} is incomplete: {media_count} of {manifest['media_files']} media files."
        )
    return BackupContents(path=path, manifest=manifest)


def backup_restore(*, path: Path, dry_run: bool = False, using: str = "default") -> BackupContents:
    """Replace the database's contents and write the backup's files into MEDIA_ROOT.

    Files uploaded after the backup stay in MEDIA_ROOT; nothing in the restored database names
    them. A dry run checks the database dump too (pg_restore --list, SQLite's quick check).
    """
    contents = backup_read(path)
    vendor = database_vendor(using)
    if contents.engine != vendor:
        raise BackupError(
            f"{path} holds a {ENGINE_LABELS[contents.engine]} database; this site uses "
            f"{ENGINE_LABELS[vendor]}. Restore it on a site with the same database."
        )
    connection = connections[using]
    with tempfile.TemporaryDirectory(prefix="marquee-restore-") as scratch:
        with tarfile.open(path, mode="r:") as tar:
            tar.extract(DATABASE_MEMBERS[vendor], scratch, filter="data")
            dump = Path(scratch) / DATABASE_MEMBERS[vendor]
            if dry_run:
                _check_dump(vendor, dump, connection.settings_dict)
                return contents
            # Our own idle connection must not hold anything the restore has to drop.
            connection.close()
            if vendor == "postgresql":
                _pg_restore(connection.settings_dict, dump)
            else:
                _sqlite_restore(using, dump)
            _extract_media(tar, Path(settings.MEDIA_ROOT))
    return contents


def _check_dump(vendor: str, dump: Path, config: dict) -> None:
    if vendor == "postgresql":
        _run_pg_tool(["pg_restore", "--list", str(dump)], config)
        return
    try:
        with sqlite3.connect(f"file:{dump}?mode=ro", uri=True) as database:
            verdict = database.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"The database in the backup is damaged ({error}).") from None
    if verdict != "ok":
        raise BackupError(f"The database in the backup is damaged ({verdict}).")


def _sqlite_restore(using: str, dump: Path) -> None:
    """The backup API again, the other way: every page of the live database is replaced."""
    connection = connections[using]
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _extract_media(tar: tarfile.TarFile, media_root: Path) -> None:
    """The `data` filter refuses absolute paths, `..`, links out of the folder and devices."""
    media_root.mkdir(parents=True, exist_ok=True)
    for member in tar.getmembers():
        if not member.name.startswith(MEDIA_PREFIX) or not member.isfile():
            continue
        relative = copy.copy(member)
        relative.name = member.name.removeprefix(MEDIA_PREFIX)
        tar.extract(relative, media_root, filter="data")


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} bytes"
    if count < 1024**2:
        return f"{count / 1024:.1f} KB"
    return f"{count / 1024**2:.1f} MB"
