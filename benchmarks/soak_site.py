"""The site a soak runs: a throwaway PostgreSQL database, the servers' environment, gunicorn
servers started and stopped by their own process ids, and the view of the database's backends.

benchmarks/soak.py drives it; everything here stays on 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import httpx
import psycopg

CHECKOUT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
HOST = "127.0.0.1"  # loopback only

WORKERS = int(os.environ.get("SOAK_WORKERS", "2"))
DATABASE_URL = os.environ.get(
    "SOAK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/marquee_soak"
)
REDIS_URL = os.environ.get("SOAK_REDIS_URL", "redis://127.0.0.1:6379/15")
# The comment form's minimum time: lowered from 3 s so commenters send more in the time; each
# still waits it out, so no comment is held as too fast.
COMMENT_MIN_SECONDS = 1
# The soak's own connections, which the connection counts leave out.
OWN_APPLICATION_NAME = "marquee-soak"


def database_name() -> str:
    return urlparse(DATABASE_URL).path.lstrip("/")


def admin_connection(dbname: str = "postgres") -> psycopg.Connection:
    url = urlparse(DATABASE_URL)
    return psycopg.connect(
        host=url.hostname,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        dbname=dbname,
        autocommit=True,
        application_name=OWN_APPLICATION_NAME,
    )


def check_loopback() -> None:
    for variable, url in (("SOAK_DATABASE_URL", DATABASE_URL), ("SOAK_REDIS_URL", REDIS_URL)):
        if urlparse(url).hostname not in {"127.0.0.1", "localhost", "::1"}:
            sys.exit(f"{variable} must be on this machine (127.0.0.1): the soak is loopback only.")


def recreate_database() -> None:
    name = database_name()
    if not re.fullmatch(r"[a-z0-9_]+", name) or "soak" not in name:
        sys.exit(f"SOAK_DATABASE_URL must name a throwaway database with 'soak' in it ({name}).")
    with admin_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def site_environment(media_root: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "MARQUEE_", "MEDIA_ROOT"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        DJANGO_ENV_FILE="/nonexistent/.env",
        # One key for both servers: a form signed by one is checked by the other.
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=HOST,
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        MEDIA_ROOT=str(media_root),
        MARQUEE_COMMENT_MIN_SECONDS=str(COMMENT_MIN_SECONDS),
        # Every commenter comes from 127.0.0.1: the per-address limit would hold them as spam.
        MARQUEE_COMMENT_RATE_LIMIT_COUNT="1000000",
        # The demo posts are old; keep their comments open.
        MARQUEE_COMMENTS_CLOSE_AFTER_DAYS="0",
        DJANGO_LOG_LEVEL="WARNING",
    )
    return env


@dataclass(frozen=True)
class Site:
    """The code the servers run (the checkout, or a snapshot of SOAK_REVISION) and their
    environment; manage.py and small scripts run the same way."""

    root: Path
    env: dict[str, str]

    def python(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [PYTHON, *args],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def manage(self, *args: str) -> str:
        result = self.python("manage.py", *args)
        if result.returncode != 0:
            sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
        return result.stdout


class Server:
    """One gunicorn instance, as `make serve` runs it, with its log in the run's folder."""

    def __init__(self, name: str, port: int, site: Site, log_dir: Path) -> None:
        self.name, self.port, self.site = name, port, site
        self.log_path = log_dir / f"gunicorn-{name}.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> None:
        with open(self.log_path, "a") as log_file:
            self.process = subprocess.Popen(
                [
                    GUNICORN,
                    "config.wsgi",
                    f"--bind={HOST}:{self.port}",
                    f"--workers={WORKERS}",
                    "--worker-class=sync",
                    "--timeout=30",
                    "--graceful-timeout=20",
                    # Gunicorn's control socket has one default path: two servers would share it.
                    "--no-control-socket",
                ],
                cwd=self.site.root,
                env=self.site.env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.wait_healthy()

    def wait_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process and self.process.poll() is not None:
                sys.exit(f"Server {self.name} exited; see {self.log_path}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        sys.exit(f"Server {self.name} did not become healthy; see {self.log_path}")

    def stop(self) -> None:
        """Gunicorn's graceful stop: no new connections, requests in flight are finished."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def export_revision(revision: str, work: Path) -> Path:
    """The files of one commit, in a folder of their own: servers run what was committed."""
    target = work / "src"
    target.mkdir()
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision], cwd=CHECKOUT, capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


def drop_database() -> None:
    with admin_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database_name()}" WITH (FORCE)')


def cut_database_connections() -> int:
    """Every connection to the database but this one; returns how many were the servers'."""
    with admin_connection() as connection:
        return connection.execute(
            "SELECT count(*) FILTER (WHERE application_name <> %s) FROM ("
            "SELECT application_name, pg_terminate_backend(pid) AS cut FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()) AS backends WHERE cut",
            [OWN_APPLICATION_NAME, database_name()],
        ).fetchone()[0]


class ConnectionSampler(threading.Thread):
    """Which PostgreSQL backends the servers hold, twice a second: reuse shows as few."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.first_seen: dict[tuple[int, str], float] = {}  # backend -> when first sampled
        self.peak = 0
        self.stop_event = threading.Event()

    def run(self) -> None:
        while not self.stop_event.is_set():
            try:
                with admin_connection(database_name()) as connection:
                    while not self.stop_event.is_set():
                        self.sample(connection)
                        self.stop_event.wait(0.5)
            except psycopg.OperationalError:  # the cut ends this connection too
                continue

    def sample(self, connection: psycopg.Connection) -> None:
        rows = connection.execute(
            "SELECT pid, backend_start::text FROM pg_stat_activity "
            "WHERE datname = %s AND application_name <> %s",
            [database_name(), OWN_APPLICATION_NAME],
        ).fetchall()
        now = time.monotonic()
        for row in rows:
            self.first_seen.setdefault(row, now)
        self.peak = max(self.peak, len(rows))

    def opened_between(self, start: float, end: float) -> int:
        return sum(1 for seen in self.first_seen.values() if start <= seen < end)
