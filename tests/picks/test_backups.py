"""`manage.py backup` and `manage.py restore`: a backup restored into an empty database brings
back every film, person, post, comment and image, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import tarfile
import uuid
from io import BytesIO, StringIO
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from films.models import Film
from picks.backups import MANIFEST
from tests.factories import make_film

ROOT = Path(__file__).resolve().parents[2]

# Run in a separate process on production settings: fills the site (`fill`), then prints every
# row of the records that matter and the SHA-256 of every image file they name.
SNAPSHOT_SCRIPT = r"""
import hashlib, json, sys
from io import StringIO

import django

django.setup()
from django.core.management import call_command
from django.db import models

from films.models import Film, Person
from picks.models import Comment, MediaImage, Post

if sys.argv[1] == "fill":
    from tests.factories import make_comment, make_media_image

    call_command("load_demo", verbosity=0, stdout=StringIO())
    post = Post.objects.published().order_by("pk").first()
    top = make_comment(post=post, name="Zoë", body="Ça m’a plu. <script>alert(1)</script>")
    make_comment(post=post, parent=top, body="A reply, two levels down.")
    make_comment(post=post, status=Comment.Status.PENDING, ip="203.0.113.9", user_agent="UA")
    make_media_image(title="A library still")


def sha256(storage, name):
    with storage.open(name, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()


def rows(model):
    found = {}
    for obj in model.objects.order_by("pk"):
        record = {f.attname: str(getattr(obj, f.attname)) for f in model._meta.concrete_fields}
        for field in model._meta.concrete_fields:
            file = getattr(obj, field.name)
            if isinstance(field, models.FileField) and file:
                record[field.name + " sha256"] = sha256(file.storage, file.name)
        found[str(obj.pk)] = record
    return found


snapshot = {model.__name__: rows(model) for model in (Film, Person, Post, Comment, MediaImage)}
snapshot["renditions"] = {
    rendition["name"]: sha256(media.image.storage, rendition["name"])
    for media in MediaImage.objects.all()
    for rendition in media.renditions
}
print(json.dumps(snapshot))
"""


class Site:
    """One Marquee site in fresh processes: its own database and MEDIA_ROOT."""

    def __init__(self, database_url: str, tmp_path: Path) -> None:
        self.media_root = tmp_path / "media"
        self.backups = tmp_path / "backups"
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "MEDIA_ROOT"))
        }
        self.env.update(
            DJANGO_SETTINGS_MODULE="config.settings.prod",
            DJANGO_ENV_FILE="/nonexistent/.env",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            DATABASE_URL=database_url,
            MEDIA_ROOT=str(self.media_root),
            # No worker runs here: tasks (a library image's renditions) run as they are queued.
            MARQUEE_TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        )

    def run(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def manage(self, *args: str) -> str:
        return self.run("manage.py", *args, "--verbosity=0")

    def snapshot(self, mode: str = "read") -> dict:
        return json.loads(self.run("-c", SNAPSHOT_SCRIPT, mode))


def round_trip(site: Site, empty_the_database) -> tuple[dict, dict]:
    site.manage("migrate", "--noinput")
    before = site.snapshot("fill")
    site.manage("backup", f"--dir={site.backups}")
    [backup] = site.backups.glob("marquee-*.tar")

    empty_the_database()
    for path in sorted(site.media_root.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()

    site.manage("restore", str(backup), "--noinput")
    return before, site.snapshot()


def assert_everything_came_back(before: dict, after: dict) -> None:
    assert len(before["Film"]) >= 12 and len(before["Post"]) >= 9
    assert len(before["Comment"]) == 3 and len(before["MediaImage"]) == 1
    assert len(before["renditions"]) == 4  # three widths and the 16:9 card
    images = [key for model in before.values() for row in model.values() for key in row]
    assert sum(key.endswith(" sha256") for key in images) >= 20
    for model in before:
        assert after[model] == before[model], model


def test_sqlite_round_trip_restores_everything_into_an_empty_database(tmp_path):
    database = tmp_path / "site.sqlite3"
    site = Site(f"sqlite:///{database}", tmp_path)

    before, after = round_trip(site, empty_the_database=database.unlink)

    assert_everything_came_back(before, after)


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="pg_dump/pg_restore need PostgreSQL: set DATABASE_URL to a PostgreSQL server "
    "(CI's PostgreSQL round runs it)",
)


@pytest.fixture
def scratch_postgresql_url():
    """A database of its own on the suite's PostgreSQL server, dropped afterwards."""
    config = connection.settings_dict
    name = f"marquee_backup_{uuid.uuid4().hex[:12]}"
    server = {
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
    }

    def admin(*statements: str) -> None:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin_connection:
            for statement in statements:
                admin_connection.execute(statement)

    admin(f'CREATE DATABASE "{name}"')
    credentials = quote(config["USER"] or "", safe="")
    if config["PASSWORD"]:
        credentials += ":" + quote(config["PASSWORD"], safe="")
    url = f"postgres://{credentials}@{config['HOST'] or 'localhost'}:{config['PORT'] or 5432}"
    yield f"{url}/{name}", lambda: admin(f'DROP DATABASE "{name}"', f'CREATE DATABASE "{name}"')
    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@postgres_only
def test_postgresql_round_trip_restores_everything_into_an_empty_database(
    tmp_path, scratch_postgresql_url
):
    url, recreate_empty = scratch_postgresql_url
    site = Site(url, tmp_path)

    before, after = round_trip(site, empty_the_database=recreate_empty)

    assert_everything_came_back(before, after)


# The commands themselves, on the suite's own database -------------------------------------


def run(command: str, *args, **options) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_backup_writes_one_dated_private_file_with_the_database_and_media(tmp_path, media_root):
    (media_root / "posters").mkdir(parents=True)
    (media_root / "posters" / "a.jpg").write_bytes(b"poster")

    output = run("backup", f"--dir={tmp_path}")

    [backup] = tmp_path.glob("marquee-*.tar")
    assert f"to {backup}." in output and "1 media file (6 bytes)" in output
    assert backup.stat().st_mode & 0o777 == 0o600
    with tarfile.open(backup) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile(MANIFEST))
    assert manifest["engine"] == connection.vendor
    assert "media/posters/a.jpg" in names
    assert any(name.startswith("database.") for name in names)


@pytest.mark.django_db
def test_backup_dry_run_and_verbosity_0(tmp_path, media_root):
    assert run("backup", f"--dir={tmp_path}", "--dry-run").startswith("Would back up the ")
    assert list(tmp_path.iterdir()) == []

    assert run("backup", f"--dir={tmp_path}", verbosity=0) == ""
    assert len(list(tmp_path.glob("marquee-*.tar"))) == 1


@pytest.mark.django_db(transaction=True)
def test_restore_dry_run_checks_the_backup_and_changes_nothing(tmp_path, media_root):
    make_film(title="Kept")
    run("backup", f"--dir={tmp_path}")
    [backup] = tmp_path.glob("marquee-*.tar")
    make_film(title="Added after the backup")

    output = run("restore", str(backup), "--dry-run")

    assert output.startswith("The backup is whole: it would restore the ")
    assert set(Film.objects.values_list("title", flat=True)) == {"Kept", "Added after the backup"}


@pytest.mark.django_db
def test_restore_asks_first_and_stops_on_anything_but_yes(tmp_path, media_root, monkeypatch):
    run("backup", f"--dir={tmp_path}")
    [backup] = tmp_path.glob("marquee-*.tar")
    film = make_film()
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    assert run("restore", str(backup)) == "Restore cancelled.\n"

    film.refresh_from_db()  # still there


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    not_a_backup = tmp_path / "notes.tar"
    not_a_backup.write_bytes(b"hello")
    with pytest.raises(CommandError, match="is not a Marquee backup"):
        run("restore", str(not_a_backup), "--noinput")
    with pytest.raises(CommandError, match="No backup file at"):
        run("restore", str(tmp_path / "missing.tar"), "--noinput")


@pytest.mark.django_db
def test_restore_refuses_a_backup_of_the_other_database_engine(tmp_path):
    other, member = (
        ("sqlite", "database.sqlite3")
        if connection.vendor == "postgresql"
        else ("postgresql", "database.pgdump")
    )
    manifest = {
        "format": 1,
        "created_at": "2025-01-01T00:00:00+00:00",
        "engine": other,
        "database": "elsewhere",
        "media_files": 0,
        "media_bytes": 0,
    }
    backup = tmp_path / "other.tar"
    with tarfile.open(backup, "w") as tar:
        for name, data in ((MANIFEST, json.dumps(manifest).encode()), (member, b"")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, BytesIO(data))

    with pytest.raises(CommandError, match="Restore it on a site with the same database"):
        run("restore", str(backup), "--noinput")
