"""`make soak`: two production servers, one PostgreSQL database and one Redis, under readers and
commenters for a few minutes; midway one server restarts and every database connection is cut.

It proves, on loopback only, that no comment a reader was told was sent is lost or stored
twice, that nothing fails outside the two fault windows, that a comment approved in the shared
database shows on the other server at once, and that database connections are reused and
recover on their own. Exit status 1 when any of that fails.

Settings (environment): SOAK_SECONDS (150), SOAK_READERS (6), SOAK_COMMENTERS (4),
SOAK_WORKERS per server (2), SOAK_PORTS ("8301,8302"), SOAK_DATABASE_URL (the database
`marquee_soak` on 127.0.0.1:5432, dropped and created afresh), SOAK_REDIS_URL
(redis://127.0.0.1:6379/15), SOAK_REVISION (unset: the checkout as it is; a git revision such
as HEAD: that commit, exported to the run's folder, so edits in progress stay out of it).
"""

from __future__ import annotations

import os
import random
import re
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import soak_site
from soak_site import (
    CHECKOUT,
    COMMENT_MIN_SECONDS,
    REDIS_URL,
    WORKERS,
    ConnectionSampler,
    Server,
    Site,
    admin_connection,
    database_name,
)

REVISION = os.environ.get("SOAK_REVISION", "")
SECONDS = int(os.environ.get("SOAK_SECONDS", "150"))
READERS = int(os.environ.get("SOAK_READERS", "6"))
COMMENTERS = int(os.environ.get("SOAK_COMMENTERS", "4"))
PORTS = [int(port) for port in os.environ.get("SOAK_PORTS", "8301,8302").split(",")]
# How long after a fault ends its errors still count to it (a request started just before).
FAULT_TAIL_SECONDS = 2.0
DB_CUT_WINDOW_SECONDS = 3.0
REQUEST_TIMEOUT = 15.0
RUN_ID = secrets.token_hex(4)


def log(message: str) -> None:
    print(f"[soak {time.strftime('%H:%M:%S')}] {message}", flush=True)


# Recording what happened ----------------------------------------------------------------------


@dataclass
class FaultWindow:
    name: str
    start: float
    end: float = float("inf")

    def covers(self, moment: float) -> bool:
        return self.start <= moment <= self.end + FAULT_TAIL_SECONDS


@dataclass
class Record:
    started_at: float = field(default_factory=time.monotonic)
    reads: Counter = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    errors: list[tuple[float, str]] = field(default_factory=list)
    accepted: dict[str, str] = field(default_factory=dict)  # marker -> instance that answered
    refused: list[str] = field(default_factory=list)  # markers a commenter gave up on
    retries: int = 0
    requests: int = 0
    faults: list[FaultWindow] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def error(self, what: str) -> None:
        with self.lock:
            self.errors.append((time.monotonic(), what))

    def read(self, server: str, seconds: float) -> None:
        with self.lock:
            self.reads[server] += 1
            self.latencies.append(seconds)

    def answered(self) -> None:
        with self.lock:
            self.requests += 1

    def in_fault(self, moment: float) -> bool:
        return any(window.covers(moment) for window in self.faults)


# Readers and commenters --------------------------------------------------------------------------

STARTED_RE = re.compile(r'name="started" value="([^"]+)"')
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def reader(servers: list[Server], paths: list[str], record: Record, stop: threading.Event):
    clients = {server.name: httpx.Client(timeout=REQUEST_TIMEOUT) for server in servers}
    rng = random.Random()
    while not stop.is_set():
        server = rng.choice(servers)
        path = rng.choice(paths)
        began = time.monotonic()
        try:
            response = clients[server.name].get(server.url + path)
        except httpx.HTTPError as error:
            record.error(f"read {server.name} {path}: {type(error).__name__}")
            time.sleep(0.2)  # a refused connection comes back at once: do not spin
            continue
        record.answered()
        if response.status_code != 200:
            record.error(f"read {server.name} {path}: {response.status_code}")
        else:
            record.read(server.name, time.monotonic() - began)


def commenter(
    number: int, servers: list[Server], posts: list[str], record: Record, stop: threading.Event
):
    """Fetch a fresh post page, wait as a person would, send; on a fault send the same form
    again (as a reader pressing Send again), on the other server if this one is down."""
    client = httpx.Client(timeout=REQUEST_TIMEOUT)
    rng = random.Random(number)
    sequence = 0
    while not stop.is_set():
        server = rng.choice(servers)
        post = rng.choice(posts)
        try:
            page = client.get(server.url + post)
        except httpx.HTTPError as error:
            record.error(f"comment page {server.name}: {type(error).__name__}")
            time.sleep(0.2)
            continue
        record.answered()
        if page.status_code != 200:
            record.error(f"comment page {server.name}: {page.status_code}")
            continue
        started, csrf = STARTED_RE.search(page.text), CSRF_RE.search(page.text)
        if not (started and csrf):
            record.error(f"comment page {server.name}: no comment form on {post}")
            continue
        sequence += 1
        marker = f"soak {RUN_ID} c{number}-{sequence}"
        form = {
            "csrfmiddlewaretoken": csrf.group(1),
            "name": f"Soak reader {number}",
            "email": f"soak-{number}@example.test",
            "url": "",
            "comment": f"{marker}: the epilogue still works on the tenth viewing.",
            "started": started.group(1),
            "phone": "",
            "parent": "",
        }
        time.sleep(COMMENT_MIN_SECONDS + 0.1)
        if send_comment(client, server, servers, post, form, marker, record):
            with record.lock:
                record.accepted[marker] = server.name
        else:
            with record.lock:
                record.refused.append(marker)


def send_comment(client, server, servers, post, form, marker, record) -> bool:
    for attempt in range(6):
        target = server if attempt % 2 == 0 else next(s for s in servers if s is not server)
        try:
            response = client.post(
                target.url + post + "comments/",
                data=form,
                headers={"Referer": target.url + post},
                follow_redirects=False,
            )
        except httpx.HTTPError as error:
            record.error(f"comment {target.name}: {type(error).__name__}")
        else:
            record.answered()
            if response.status_code == 303:
                return True
            record.error(f"comment {target.name}: {response.status_code}")
        with record.lock:
            record.retries += 1
        time.sleep(0.5 * (attempt + 1))
    return False


# Faults ---------------------------------------------------------------------------------------


def restart(server: Server, record: Record) -> FaultWindow:
    window = FaultWindow(f"restart of server {server.name}", time.monotonic())
    record.faults.append(window)
    server.stop()
    stopped = time.monotonic()
    server.start()
    window.end = time.monotonic()
    window.name += (
        f" (stopped in {stopped - window.start:.1f} s, healthy {window.end - stopped:.1f} s later)"
    )
    return window


def cut_database_connections(record: Record) -> tuple[FaultWindow, int]:
    window = FaultWindow("PostgreSQL connections cut", time.monotonic())
    record.faults.append(window)
    terminated = soak_site.cut_database_connections()
    window.end = window.start + DB_CUT_WINDOW_SECONDS
    return window, terminated


# After the run: what the database holds ---------------------------------------------------------


def stored_markers() -> Counter:
    with admin_connection(database_name()) as connection:
        rows = connection.execute(
            "SELECT substring(body from '^(soak [0-9a-f]+ c[0-9]+-[0-9]+):') "
            "FROM picks_comment WHERE body LIKE %s",
            [f"soak {RUN_ID} %"],
        ).fetchall()
    return Counter(marker for (marker,) in rows)


def approve_and_look_elsewhere(site: Site, servers: list[Server]) -> str:
    """Approve one held soak comment with the moderation service, as the admin does, through
    the shared database; then fetch its post from the other server at once."""
    script = (
        "import django; django.setup()\n"
        "from picks.comments import comment_moderate\n"
        "from picks.models import Comment\n"
        f"held = Comment.objects.filter(body__startswith='soak {RUN_ID} ')"
        ".exclude(status=Comment.Status.APPROVED).select_related('post').first()\n"
        "assert held is not None, 'no held soak comment to approve'\n"
        "comment_moderate(comments=[held], status=Comment.Status.APPROVED, reason='soak')\n"
        "print(held.pk, held.post.get_absolute_url())\n"
    )
    result = site.python("-c", script)
    if result.returncode != 0:
        return f"FAILED: could not approve a comment ({result.stderr.strip()[-300:]})"
    approved_at = time.monotonic()
    pk, url = result.stdout.split()[-2:]
    other = servers[1]
    response = httpx.get(other.url + url, timeout=REQUEST_TIMEOUT)
    elapsed_ms = (time.monotonic() - approved_at) * 1000
    if f'id="comment-{pk}"' in response.text:
        return (
            f"yes: comment {pk}, approved through the shared database, was on server "
            f"{other.name}'s first fetch of its post ({elapsed_ms:.0f} ms later)"
        )
    return f"FAILED: comment {pk} was not on server {other.name}'s page after approval"


def site_facts(site: Site) -> tuple[list[str], list[str], str]:
    """The published posts, the pages readers visit, and the servers' connection settings."""
    script = (
        "import django; django.setup()\n"
        "from films.models import Film, Person\n"
        "from picks.models import Post, Section\n"
        "posts = [p.get_absolute_url() for p in Post.objects.published()]\n"
        "others = [o.get_absolute_url() for o in [*Film.objects.public()[:8], "
        "*Person.objects.public()[:8], *Section.objects.public()]]\n"
        "print(' '.join(posts)); print(' '.join(others))\n"
        "from django.conf import settings; db = settings.DATABASES['default']\n"
        "print(db['CONN_MAX_AGE'], db['CONN_HEALTH_CHECKS'])\n"
    )
    result = site.python("-c", script, "-v0")
    if result.returncode != 0:
        sys.exit(result.stderr)
    posts_line, others_line, connections_line = result.stdout.strip().splitlines()[-3:]
    posts = posts_line.split()
    fixed = ["/", "/films/", "/films/?sort=year", "/search/?q=la+land", "/feeds/rss/", "/healthz"]
    max_age, health_checks = connections_line.split()
    settings = f"CONN_MAX_AGE={max_age}, CONN_HEALTH_CHECKS={health_checks}"
    return posts, posts + others_line.split() + fixed, settings


def opened_by_phase(record: Record, sampler: ConnectionSampler) -> list[tuple[str, int]]:
    """New backends before, at and between the faults (a fault's tail included)."""
    phases, moment = [], record.started_at - 60  # the servers connect before the load starts
    for number, window in enumerate(record.faults):
        phases.append(("before it" if number else "at start", moment, window.start))
        moment = window.end + FAULT_TAIL_SECONDS
        phases.append((f"at the {window.name.split(' (')[0]}", window.start, moment))
    phases.append(("afterwards", moment, float("inf")))
    return [(name, sampler.opened_between(start, end)) for name, start, end in phases]


# The run --------------------------------------------------------------------------------------


def main() -> int:
    soak_site.check_loopback()
    work = Path(tempfile.mkdtemp(prefix="marquee-soak-"))
    site = Site(
        root=soak_site.export_revision(REVISION, work) if REVISION else CHECKOUT,
        env=soak_site.site_environment(work / "media"),
    )
    if REVISION:
        log(f"servers run {REVISION}, exported to {site.root}")
    log(f"run {RUN_ID}: fresh database {database_name()}, Redis {REDIS_URL}, files in {work}")
    soak_site.recreate_database()
    site.manage("migrate", "--noinput", "--verbosity=0")
    site.manage("collectstatic", "--noinput", "--verbosity=0")
    site.manage("load_demo", "--verbosity=0")
    posts, paths, connection_settings = site_facts(site)

    servers = [Server(name, port, site, work) for name, port in zip("AB", PORTS, strict=True)]
    record = Record()
    stop = threading.Event()
    sampler = ConnectionSampler()
    try:
        for server in servers:
            server.start()
        log(f"servers A ({servers[0].url}) and B ({servers[1].url}), {WORKERS} workers each")
        record.started_at = time.monotonic()
        sampler.start()
        threads = [
            threading.Thread(target=reader, args=(servers, paths, record, stop), daemon=True)
            for _ in range(READERS)
        ] + [
            threading.Thread(target=commenter, args=(n, servers, posts, record, stop), daemon=True)
            for n in range(1, COMMENTERS + 1)
        ]
        for thread in threads:
            thread.start()
        log(f"{READERS} readers and {COMMENTERS} commenters for {SECONDS} s")

        time.sleep(SECONDS * 0.4)
        log("restarting server B")
        window = restart(servers[1], record)
        log(f"server B back after {window.end - window.start:.1f} s")

        time.sleep(max(0.0, record.started_at + SECONDS * 0.7 - time.monotonic()))
        cut, terminated = cut_database_connections(record)
        log(f"cut every PostgreSQL connection ({terminated} of them the servers')")

        time.sleep(max(0.0, record.started_at + SECONDS - time.monotonic()))
        stop.set()
        for thread in threads:
            thread.join(timeout=REQUEST_TIMEOUT * 7)
        sampler.stop_event.set()
        sampler.join()
        duration = time.monotonic() - record.started_at
        approval = approve_and_look_elsewhere(site, servers)
    finally:
        stop.set()
        for server in servers:
            server.stop()

    stored = stored_markers()
    accepted = set(record.accepted)
    duplicated = sum(count - 1 for count in stored.values() if count > 1)
    lost = sorted(accepted - set(stored))
    unanswered = sorted(set(stored) - accepted)
    outside = [(moment, what) for moment, what in record.errors if not record.in_fault(moment)]
    inside = Counter(
        re.sub(r" /\S*", "", what) for moment, what in record.errors if record.in_fault(moment)
    )
    reads = sum(record.reads.values())
    latencies = sorted(record.latencies) or [0.0]
    lines = [
        f"Soak {RUN_ID}: {duration:.0f} s; 2 gunicorn servers x {WORKERS} sync workers "
        f"(config.settings.prod, debug off) on one PostgreSQL database and one Redis; "
        f"{READERS} readers, {COMMENTERS} commenters",
        f"  reads answered 200:            {reads} (A {record.reads['A']}, B {record.reads['B']}), "
        f"median {statistics.median(latencies) * 1000:.0f} ms, "
        f"95th percentile {latencies[int(len(latencies) * 0.95)] * 1000:.0f} ms",
        f"  comments accepted (303):       {len(accepted)}",
        f"  comments stored:               {sum(stored.values())}",
        f"  comments duplicated:           {duplicated}",
        f"  comments lost:                 {len(lost)} {' '.join(lost[:5])}",
        f"  stored, answer lost in a fault: {len(unanswered)}; given up after 6 tries: "
        f"{len(record.refused)}; sends repeated after an error: {record.retries}",
        f"  errors outside fault windows:  {len(outside)}",
        *(f"      at {moment - record.started_at:6.1f} s: {what}" for moment, what in outside[:10]),
    ]
    for window in record.faults:
        count = sum(1 for moment, _ in record.errors if window.covers(moment))
        lines.append(
            f"  fault: {window.name} at {window.start - record.started_at:.1f} s, lasting "
            f"{window.end - window.start:.1f} s (+{FAULT_TAIL_SECONDS:g} s): {count} errors"
        )
    lines += [
        f"  errors inside fault windows:   {sum(inside.values())} "
        + ", ".join(f"{what} x{count}" for what, count in inside.most_common(6)),
        f"  servers' PostgreSQL connections cut: {terminated}",
        f"  approved, shown on the other server at once: {approval}",
        f"  database connections ({connection_settings}): {len(sampler.first_seen)} server "
        f"backends for {record.requests} requests, at most {sampler.peak} at once; opened "
        + ", ".join(f"{count} {phase}" for phase, count in opened_by_phase(record, sampler)),
    ]
    failed = duplicated or lost or outside or not approval.startswith("yes")
    lines.append(f"SOAK FAILED: the servers' logs are in {work}" if failed else "SOAK PASSED")
    print("\n" + "\n".join(lines))
    if failed:
        return 1
    shutil.rmtree(work)
    soak_site.drop_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
