"""`make bench-render`: how fast each page type renders over the demo content, and its query count.

Loads the demo content into a throwaway test database (in-memory SQLite by default; a
`test_...` database when DATABASE_URL names PostgreSQL), then times repeated requests through
Django's test client, so the figures measure our views, queries and templates without network
or server noise.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="marquee-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
# It times each page's render: the page cache would answer every repeat (bench_http.py measures it).
os.environ.setdefault("MARQUEE_PAGE_CACHE", "0")
os.environ["MEDIA_ROOT"] = str(WORKDIR / "media")

import django  # noqa: E402

django.setup()

from io import StringIO  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

REPEATS = int(os.environ.get("BENCH_REPEATS", "30"))


class QueryCounter(list):
    def __call__(self, execute, sql, params, many, context):
        self.append(sql)
        return execute(sql, params, many, context)


def pages() -> list[tuple[str, str]]:
    from picks.models import Post

    pick = Post.objects.published().filter(section__slug="best-pick").newest_first().first()
    return [
        ("home", "/"),
        ("post (Best Pick)", pick.get_absolute_url()),
        ("section", "/sections/best-pick/"),
        ("film (La La Land)", "/films/la-la-land/"),
        ("films browse", "/films/?genre=drama&sort=score"),
        ("person", "/people/emma-stone/"),
        ("tag", "/tags/jazz/"),
        ("search", "/search/?q=la+la+land"),
        ("feed (RSS)", "/feeds/rss/"),
        ("sitemap", "/sitemap.xml"),
    ]


def main() -> None:
    setup_test_environment()
    started = time.perf_counter()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    call_command("load_demo", verbosity=0, stdout=StringIO())
    print(
        f"Demo content loaded in {time.perf_counter() - started:.2f} s "
        f"({connection.vendor}, {REPEATS} requests a page)\n"
    )
    client = Client()
    print(f"{'page':<20} {'status':>6} {'queries':>7} {'median ms':>10} {'p90 ms':>8}")
    for name, url in pages():
        client.get(url)  # warm caches and template loading
        queries = QueryCounter()
        with connection.execute_wrapper(queries):
            status = client.get(url).status_code
        timings = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        p90 = timings[int(len(timings) * 0.9) - 1]
        print(
            f"{name:<20} {status:>6} {len(queries):>7} {statistics.median(timings):>10.1f} "
            f"{p90:>8.1f}"
        )


if __name__ == "__main__":
    main()
