"""`make bench-import`: the IMDb importer streams a 1-million-row title.principals file in
bounded memory.

Writes IMDb-format datasets into a temporary folder (title.principals with ROWS rows, gzip; the
other files small), reads three titles out of them with films.importers.imdb.load_titles, and
reports the peak of Python's own allocations (tracemalloc) and the process's peak resident size.
The file's rows never stay in memory: the peak stays near a few MB whatever ROWS is.

    python benchmarks/bench_import.py            # ROWS=1000000
    ROWS=3000000 python benchmarks/bench_import.py
    TRACEMALLOC=0 python benchmarks/bench_import.py   # time it untraced: resident size only
"""

from __future__ import annotations

import gzip
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from films.importers import imdb  # noqa: E402

ROWS = int(os.environ.get("ROWS", "1000000"))
TITLES = 1000  # distinct titles in the principals file, ten principals or more each
WANTED = ["tt0000007", "tt0000500", "tt0000999"]
# Bounded: the wanted titles' rows plus the reader's buffers, never the file.
LIMIT_MB = 32
# tracemalloc counts every allocation and slows the reading several times over.
TRACE = os.environ.get("TRACEMALLOC", "1") != "0"


def write_datasets(directory: Path) -> int:
    with gzip.open(directory / "title.principals.tsv.gz", "wt", encoding="utf-8") as file:
        file.write("tconst\tordering\tnconst\tcategory\tjob\tcharacters\n")
        for row in range(ROWS):
            title, ordering = row % TITLES, row // TITLES + 1
            file.write(
                f"tt{title:07d}\t{ordering}\tnm{row:07d}\tactor\t\\N\t"
                f'["Character {row}","Also {ordering}"]\n'
            )
    with gzip.open(directory / "title.basics.tsv.gz", "wt", encoding="utf-8") as file:
        file.write("tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\t")
        file.write("endYear\truntimeMinutes\tgenres\n")
        for title in range(TITLES):
            file.write(
                f"tt{title:07d}\tmovie\tTitle {title}\tTitle {title}\t0\t2000\t\\N\t95\tDrama\n"
            )
    with gzip.open(directory / "name.basics.tsv.gz", "wt", encoding="utf-8") as file:
        file.write("nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles\n")
        for person in range(0, ROWS, 97):  # a sample of the people; the rest are "not found"
            file.write(f"nm{person:07d}\tPerson {person}\t1970\t\\N\tactor,producer\t\\N\n")
    with gzip.open(directory / "title.ratings.tsv.gz", "wt", encoding="utf-8") as file:
        file.write("tconst\taverageRating\tnumVotes\n")
        for title in range(TITLES):
            file.write(f"tt{title:07d}\t7.{title % 10}\t{title * 10}\n")
    return (directory / "title.principals.tsv.gz").stat().st_size


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="marquee-bench-import-") as folder:
        directory = Path(folder)
        print(f"Writing a {ROWS:,}-row title.principals.tsv.gz ...", flush=True)
        size = write_datasets(directory)
        baseline_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if TRACE:
            tracemalloc.start()
        started = time.perf_counter()
        films = imdb.load_titles(directory, WANTED)
        seconds = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory() if TRACE else (0, 0)
        tracemalloc.stop()
        peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    credits = sum(len(film.credits) for film in films)
    peak_mb = peak / 2**20
    print(f"principals file: {ROWS:,} rows, {size / 2**20:.1f} MB gzip")
    print(f"titles read: {len(films)}, their credits kept: {credits}")
    traced = " under tracemalloc" if TRACE else ""
    print(f"time{traced}: {seconds:.1f} s ({ROWS / seconds:,.0f} principal rows/s, all 4 files)")
    if TRACE:
        print(f"peak Python allocations while reading (tracemalloc): {peak_mb:.2f} MB")
    print(
        f"process peak resident size: {peak_rss / 1024:.0f} MB "
        f"(before reading: {baseline_rss / 1024:.0f} MB)"
    )
    grown_mb = (peak_rss - baseline_rss) / 1024
    if max(peak_mb, grown_mb) > LIMIT_MB:
        print(f"FAIL: memory grew by more than {LIMIT_MB} MB while reading")
        return 1
    print(f"OK: within {LIMIT_MB} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
