"""`make bench-memory`: a gunicorn worker's resident memory over 10,000 requests.

One production worker (page cache on, Redis) on the catalogue `make bench` built, asked one
request at a time for every film, person and post page in turn, so nearly every request renders
a page the worker has not rendered before (a crawler walking the catalogue: the worst case for
anything a process keeps). Prints the worker's resident memory every 1,000 requests.

Environment: BENCH_SIZE, BENCH_DATABASE_URL, BENCH_REDIS_URL as for bench_http.py,
BENCH_MEMORY_REQUESTS (10,000) and BENCH_MEMORY_PAGES (every page; fewer makes the later
rounds cache hits, for a machine too busy to render 10,000 pages in reasonable time).
"""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_http  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_MEMORY_REQUESTS", "10000"))
PAGES = int(os.environ.get("BENCH_MEMORY_PAGES", "0"))
PORT = 8714
LIMIT_MB = 150


def page_urls() -> list[str]:
    import psycopg

    with psycopg.connect(bench_http.DATABASE_URL) as conn:
        films = conn.execute("SELECT slug FROM films_film WHERE is_published ORDER BY id")
        urls = [f"/films/{slug}/" for (slug,) in films]
        people = conn.execute("SELECT slug FROM films_person WHERE is_published ORDER BY id")
        urls += [f"/people/{slug}/" for (slug,) in people]
        posts = conn.execute(
            "SELECT slug FROM picks_post WHERE status = 'published' AND publish_at <= now()"
        )
        urls += [f"/picks/{slug}/" for (slug,) in posts]
    # Interleaved, so every stretch of requests has each kind of page.
    films, others = urls[: len(urls) // 2], urls[len(urls) // 2 :]
    mixed = [url for pair in zip(films, others, strict=False) for url in pair]
    return mixed[:PAGES] if PAGES else mixed


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def main() -> None:
    bench_http.WORK.mkdir(parents=True, exist_ok=True)
    urls = page_urls()
    env = bench_http.server_env(MARQUEE_PAGE_CACHE="1")
    log = open(bench_http.WORK / "gunicorn-memory.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [str(Path(bench_http.PY).parent / "gunicorn"), "config.wsgi"]
        + ["--bind", f"127.0.0.1:{PORT}", "--workers", "1", "--worker-class", "sync"],
        cwd=bench_http.ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        bench_http.wait_until_up(PORT)
        worker = int(
            subprocess.run(
                ["ps", "--ppid", str(server.pid), "-o", "pid="], capture_output=True, text=True
            ).stdout.split()[0]
        )
        print(f"{len(urls):,} distinct pages; worker {worker}: {resident_mb(worker):.0f} MB idle")
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        started = time.monotonic()
        statuses: dict[int, int] = {}
        for number in range(1, REQUESTS + 1):
            connection.request("GET", urls[number % len(urls)])
            response = connection.getresponse()
            response.read()
            statuses[response.status] = statuses.get(response.status, 0) + 1
            if number % 1000 == 0:
                print(
                    f"after {number:6,} requests: {resident_mb(worker):5.0f} MB "
                    f"({time.monotonic() - started:.0f} s)",
                    flush=True,
                )
        final = resident_mb(worker)
        verdict = "under" if final < LIMIT_MB else "OVER"
        print(f"Statuses: {statuses}. Worker {verdict} {LIMIT_MB} MB: {final:.0f} MB")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
