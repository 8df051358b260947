"""`make bench`: reader pages over HTTP, against the site's own floor, cold, warm and proxied.

Builds (or reuses) a PostgreSQL catalogue of the chosen size (BENCH_SIZE=demo: the demo content
plus a small generated catalogue; full: the issue's 10,000 films and 100,000 comments), starts
two production gunicorns on 127.0.0.1 (page cache off, page cache on; Redis for the cache) and
nginx in front of the warm one, then runs `wrk` over every page in interleaved rounds and prints
one table: req/s, p50 and p99 per page and mode, each page's ratio to that mode's floor
(/robots.txt), and the page's query count at both sizes (measured in-process with the page
cache off; each run keeps its size's counts in var/bench/queries-<size>[-sqlite].json).

Modes: cold (page cache off; the kept parts of pages, core/fragments.py, stay on), warm (page
cache on), proxy (nginx in front of warm), solo: the cold server with one connection, so p50 is
a page's own latency, without queueing behind other requests (the issue's search target, p50
under 30 ms, is read there), and fresh: one connection to a server with the page cache and the
kept parts both off, what a page costs the first time after a change. The query counts are a
page's from scratch, with both off. Right after each
page's proxy run, nginx serves a static file of that page's own bytes (var/static/bench-*.html):
a second table gives each page's proxy ratio to it (the issue's target: 0.8). After the rounds,
the resident memory of each worker and how many requests the servers answered.

Environment: BENCH_SIZE (demo|full), BENCH_DATABASE (postgres, the default, or sqlite: a file
under var/bench/), BENCH_ROUNDS, BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_WORKERS,
BENCH_DATABASE_URL (overrides BENCH_DATABASE), BENCH_REDIS_URL (its database is flushed).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
SIZE = os.environ.get("BENCH_SIZE", "full")
SIZES = {
    "demo": ["--films", "600", "--people", "2000", "--posts", "60", "--comments", "2000"],
    "full": [],  # generate_catalog's defaults are the full size
}
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3" if SIZE == "full" else "2"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "8" if SIZE == "full" else "4"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = os.environ.get("BENCH_WORKERS", "4")
DATABASES = {
    "postgres": f"postgres://postgres@127.0.0.1:5432/marquee_bench_{SIZE}",
    "sqlite": f"sqlite:///{ROOT / 'var' / 'bench' / f'marquee-{SIZE}.sqlite3'}",
}
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", DATABASES[os.environ.get("BENCH_DATABASE", "postgres")]
)
SQLITE = DATABASE_URL.startswith("sqlite")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
PORTS = {"cold": 8711, "warm": 8712, "proxy": 8713, "solo": 8711, "static": 8713, "fresh": 8714}
WORK = ROOT / "var" / "bench"
MODES = ("cold", "warm", "proxy", "solo", "fresh")
ONE_CONNECTION = ("solo", "fresh")
ANSWERED = {"cold": 0, "warm": 0}  # requests each server answered under wrk


def server_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        MARQUEE_CLIENT_IP_HEADER="HTTP_X_REAL_IP",
        PYTHONPATH=str(ROOT),
    )
    env.setdefault("DJANGO_SECRET_KEY", "bench-" + secrets.token_urlsafe(40))
    env.update(extra)
    return env


ENV = server_env()


def manage(*args: str, **extra: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=server_env(**extra), check=True)


def prepare_database() -> None:
    if not SQLITE:
        create_postgres_database()
    manage("migrate", "--noinput", "--verbosity", "0")
    posts = count_rows("SELECT count(*) FROM picks_post")
    generated = count_rows("SELECT count(*) FROM picks_post WHERE slug LIKE 'gen-%'")
    if posts == generated:
        print("Loading the demo content")
        manage("load_demo", "--verbosity", "0")
    if not generated:
        print(f"Generating the {SIZE} catalogue (once; reused by later runs)")
        manage("generate_catalog", *SIZES[SIZE])
    manage("collectstatic", "--noinput", "--verbosity", "0")


def create_postgres_database() -> None:
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            print(f"Creating the database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


def count_rows(sql: str) -> int:
    if SQLITE:
        import sqlite3

        with sqlite3.connect(DATABASE_URL.removeprefix("sqlite:///")) as conn:
            return conn.execute(sql).fetchone()[0]
    import psycopg

    with psycopg.connect(DATABASE_URL) as conn:
        return conn.execute(sql).fetchone()[0]  # no parameters: "%" is sent as written


def flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def start_server(mode: str) -> subprocess.Popen:
    env = server_env(
        MARQUEE_PAGE_CACHE="0" if mode in ("cold", "fresh") else "1",
        MARQUEE_FRAGMENT_CACHE="0" if mode == "fresh" else "1",
    )
    log = open(WORK / f"gunicorn-{mode}.log", "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        [
            str(Path(PY).parent / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{PORTS[mode]}",
            "--workers",
            WORKERS,
            "--worker-class",
            "sync",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def start_proxy() -> subprocess.Popen:
    run = WORK / "nginx"
    (run / "cache").mkdir(parents=True, exist_ok=True)
    media = os.environ.get("MEDIA_ROOT", str(ROOT / "var" / "media"))
    config = (ROOT / "ops" / "nginx" / "marquee.conf.in").read_text()
    for name, value in {
        "USER": os.environ.get("USER") or subprocess.getoutput("id -un"),
        "RUN": str(run),
        "APP_PORT": str(PORTS["warm"]),
        "PROXY_PORT": str(PORTS["proxy"]),
        "STATIC_ROOT": str(ROOT / "var" / "static"),
        "MEDIA_ROOT": media,
    }.items():
        config = config.replace(f"@{name}@", value)
    (run / "nginx.conf").write_text(config)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    return subprocess.Popen(
        [nginx, "-p", f"{run}/", "-c", str(run / "nginx.conf"), "-g", "daemon off;"],
        start_new_session=True,
    )


def wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The server on port {port} did not answer; see {WORK}/*.log")


def pages_and_queries() -> tuple[list[tuple[str, str]], dict[str, int]]:
    """The pages to measure (the browse page is the 20th, or the last there is), and each one's
    query count from scratch (page cache and kept parts off)."""
    os.environ.update(server_env(MARQUEE_PAGE_CACHE="0", MARQUEE_FRAGMENT_CACHE="0"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from picks.catalog import BUSY_POST, ENSEMBLE_FILM, PROLIFIC_PERSON

    client = Client(HTTP_HOST="127.0.0.1")
    browse = "/films/?genre=drama&sort=year&min_score=40&page={}"
    page = next(
        (n for n in (20, 15, 10, 5, 2, 1) if client.get(browse.format(n)).status_code == 200), 1
    )
    pages = [
        ("floor /robots.txt", "/robots.txt"),
        ("home", "/"),
        ("film (La La Land)", "/films/la-la-land/"),
        ("film (60 cast)", f"/films/{ENSEMBLE_FILM['slug']}/"),
        ("post (300 comments)", f"/picks/{BUSY_POST['slug']}/"),
        (f"browse p{page}, 2 filters", browse.format(page)),
        ("person (many credits)", f"/people/{PROLIFIC_PERSON['slug']}/"),
        ("search ?q=night", "/search/?q=night"),
    ]
    queries = {}
    for name, url in pages:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(url).status_code
        if status != 200:
            raise SystemExit(f"{url} answered {status}")
        queries[name] = len(captured)
    (WORK / queries_file(SIZE)).write_text(json.dumps(queries, indent=1))
    return pages, queries


def queries_file(size: str) -> str:
    return f"queries-{size}{'-sqlite' if SQLITE else ''}.json"


def queries_at_both_sizes(queries: dict[str, int]) -> dict[str, str]:
    """ "demo / full" per page: this run's counts and the other size's from its last run."""
    counts = {SIZE: queries}
    for size in SIZES:
        saved = WORK / queries_file(size)
        if size != SIZE and saved.exists():
            counts[size] = json.loads(saved.read_text())
    return {
        name: " / ".join(str(counts.get(size, {}).get(name, "?")) for size in SIZES)
        for name in queries
    }


def comment_script(post_slug: str) -> Path:
    """A wrk script posting real comments: each with its own signed start, as many as needed."""
    from picks.forms import sign_form_start
    from picks.models import Post

    post = Post.objects.get(slug=post_slug)
    real_time = time.time
    time.time = lambda: real_time() - 10  # the forms were opened ten seconds ago
    try:
        tokens = [sign_form_start(post) for _ in range(40_000)]
    finally:
        time.time = real_time
    opener = urllib.request.urlopen(
        f"http://127.0.0.1:{PORTS['warm']}/picks/{post_slug}/comments/tokens/"
    )
    cookie = opener.headers["Set-Cookie"].split(";")[0]
    csrf = json.loads(opener.read())["csrf"]
    (WORK / "started.txt").write_text("\n".join(tokens) + "\n")
    script = WORK / "comment.lua"
    script.write_text(
        f"""
local tokens = {{}}
for line in io.lines("{WORK / "started.txt"}") do tokens[#tokens + 1] = line end
local threads = 0
function setup(thread) threads = threads + 1; thread:set("id", threads) end
local n = 0
function init(args) n = 0 end
function request()
  n = n + 1
  local started = tokens[((n * 2 + id) % #tokens) + 1]
  local body = "name=Bench&email=bench%40example.test&url=&phone=&parent="
    .. "&csrfmiddlewaretoken={csrf}&started=" .. started
    .. "&comment=A+measured+comment+" .. id .. "-" .. n .. "-" .. math.random(1, 1e9)
  return wrk.format("POST", "/picks/{post_slug}/comments/", {{
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "{cookie}",
    ["Origin"] = "http://127.0.0.1:{PORTS["warm"]}",
  }}, body)
end
"""
    )
    return script


def wrk(
    port: int, url: str, script: Path | None = None, *, connections: int = CONNECTIONS
) -> tuple[float, float, float]:
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{SECONDS}s", "--latency"]
    if script:
        command += ["-s", str(script)]
    result = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{url}"], capture_output=True, text=True, check=True
    )
    out = result.stdout
    server = {PORTS["cold"]: "cold", PORTS["warm"]: "warm"}.get(port)
    if server:
        ANSWERED[server] += int(re.search(r"(\d+) requests in", out).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return rps, _latency(out, "50%"), _latency(out, "99%")


def _latency(out: str, percentile: str) -> float:
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)", out).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    WORK.mkdir(parents=True, exist_ok=True)
    prepare_database()
    flush_redis()
    pages, queries = pages_and_queries()
    processes = [start_server("cold"), start_server("warm")]
    try:
        wait_until_up(PORTS["cold"])
        wait_until_up(PORTS["warm"])
        processes.append(start_proxy())
        wait_until_up(PORTS["proxy"])
        processes.append(start_server("fresh"))
        wait_until_up(PORTS["fresh"])
        from picks.catalog import BUSY_POST

        script = comment_script(BUSY_POST["slug"])
        for mode in ("cold", "warm", "fresh"):
            for _name, url in pages:
                urllib.request.urlopen(f"http://127.0.0.1:{PORTS[mode]}{url}").read()
        static_twins = write_static_twins(pages)
        before = {mode: worker_memory(processes[i]) for i, mode in enumerate(("cold", "warm"))}
        runs: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
        rows = []
        for name, url in pages:
            for mode in MODES:
                rows.append((name, url, mode))
                if mode == "proxy":  # its static twin just after, under the same load
                    rows.append((name, static_twins[name][0], "static"))
        rows.append(("post a comment", f"/picks/{BUSY_POST['slug']}/comments/", "warm"))
        for round_number in range(ROUNDS):
            print(f"Round {round_number + 1} of {ROUNDS} ({len(rows)} runs of {SECONDS} s)")
            for name, url, mode in rows:
                posting = name == "post a comment"
                if not posting:  # fills the caches before the measured run
                    urllib.request.urlopen(f"http://127.0.0.1:{PORTS[mode]}{url}").read()
                connections = 1 if mode in ONE_CONNECTION else CONNECTIONS
                run = wrk(PORTS[mode], url, script if posting else None, connections=connections)
                runs.setdefault((name, mode), []).append(run)
        print_table(rows, runs, queries_at_both_sizes(queries))
        print_static_table(pages, runs, static_twins)
        print_memory(processes[:2], before)
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)


def write_static_twins(pages: list[tuple[str, str]]) -> dict[str, tuple[str, int]]:
    """For each page, a static file of the page's own bytes under var/static/ (nginx serves it
    from disk): its address and size."""
    twins = {}
    for name, url in pages:
        body = urllib.request.urlopen(f"http://127.0.0.1:{PORTS['warm']}{url}").read()
        file_name = "bench-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") + ".html"
        (ROOT / "var" / "static" / file_name).write_bytes(body)
        address = f"/static/{file_name}"
        if urllib.request.urlopen(f"http://127.0.0.1:{PORTS['static']}{address}").read() != body:
            raise SystemExit(f"nginx does not serve {address} as written")
        twins[name] = (address, len(body))
    return twins


def worker_memory(server: subprocess.Popen) -> list[float]:
    """The resident memory of each of a gunicorn's workers, in MB, smallest first."""
    rows = subprocess.run(
        ["ps", "--ppid", str(server.pid), "-o", "rss="], capture_output=True, text=True
    ).stdout.split()
    return sorted(int(kb) / 1024 for kb in rows)


def print_memory(servers: list[subprocess.Popen], before: dict[str, list[float]]) -> None:
    """Each worker's resident memory after the rounds against after the first request of each
    page (wrk's request counts, shared between a server's workers)."""
    print()
    for mode, server in zip(("cold", "warm"), servers, strict=True):
        after = ", ".join(f"{mb:.0f}" for mb in worker_memory(server))
        first = ", ".join(f"{mb:.0f}" for mb in before[mode])
        print(
            f"Worker memory, {mode} server: {first} MB after one request of each page; "
            f"{after} MB after {ANSWERED[mode]:,} requests over {WORKERS} workers"
        )


def run_median(runs, name: str, mode: str, index: int) -> float:
    """A page's median over the rounds in one mode: req/s (index 0), p50 (1) or p99 (2)."""
    return statistics.median(run[index] for run in runs[(name, mode)])


def print_table(rows, runs, queries) -> None:
    median = partial(run_median, runs)

    floor = {mode: median("floor /robots.txt", mode, 0) for mode in MODES}
    print(
        f"\nBENCH_SIZE={SIZE}, {'SQLite' if SQLITE else 'PostgreSQL'} + Redis, "
        f"gunicorn {WORKERS} sync workers, "
        f"wrk -t2 -c{CONNECTIONS}, {ROUNDS} rounds of {SECONDS} s, medians; "
        f"cold = page cache off (kept parts on), warm = on, proxy = nginx in front of warm, "
        f"solo = cold at one connection, fresh = one connection, page cache and kept parts off; "
        f"queries: a page from scratch\n"
    )
    print("| page | mode | req/s | ratio to floor | p50 ms | p99 ms | queries demo / full |")
    print("|---|---|---:|---:|---:|---:|---:|")
    ratios: dict[str, list[float]] = {mode: [] for mode in MODES}
    for name, _url, mode in rows:
        if mode == "static":
            continue  # in print_static_table
        rps = median(name, mode, 0)
        ratio = rps / floor[mode]
        if not name.startswith(("floor", "post a")):
            ratios[mode].append(ratio)
        print(
            f"| {name} | {mode} | {rps:,.0f} | {ratio:.2f} | {median(name, mode, 1):.1f} | "
            f"{median(name, mode, 2):.1f} | {queries.get(name, '')} |"
        )
    print()
    for mode in MODES:
        print(f"Median ratio to the floor, {mode}: {statistics.median(ratios[mode]):.2f}")


def print_static_table(pages, runs, twins) -> None:
    """Each page through the proxy against nginx serving a static file of the same bytes."""
    median = partial(run_median, runs)

    print(
        "\nThrough the proxy against a static file of the same size (the page's own bytes, "
        "served by the same nginx just after the page)\n"
    )
    print("| page | bytes | proxy req/s | static req/s | ratio | proxy p99 ms | static p99 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    ratios = []
    for name, _url in pages:
        ratio = median(name, "proxy", 0) / median(name, "static", 0)
        if not name.startswith("floor"):
            ratios.append(ratio)
        print(
            f"| {name} | {twins[name][1]:,} | {median(name, 'proxy', 0):,.0f} | "
            f"{median(name, 'static', 0):,.0f} | {ratio:.2f} | {median(name, 'proxy', 2):.1f} | "
            f"{median(name, 'static', 2):.1f} |"
        )
    print(f"\nMedian ratio to a static file of the same size: {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
