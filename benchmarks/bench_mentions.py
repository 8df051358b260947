"""`make bench-mentions`: one post of 5,000 words against 10,000 films and 50,000 people.

Builds the name index in memory from generated names (picks/catalog/words.py: titles, people
with a middle initial, one film in fifty with a one-word title that needs a clue, a director for
every film), writes a Markdown post of WORDS words that names a film or person every few
sentences, and times, over REPEAT runs:

- recognise: NameIndex.recognise on the post's text (what the fact-check calls);
- save: what a post's save adds, the body parsed, its mentions found and the first of each linked,
  then rendered and sanitised (picks.markdown.render_post_body), beside the same render
  without mentions.

The issue's budget is 200 ms for one post; the figures are medians of CPU time (steady when the
machine is shared) and of wall time, with the slowest run.

    python benchmarks/bench_mentions.py
    FILMS=20000 PEOPLE=100000 WORDS=10000 python benchmarks/bench_mentions.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path
from random import Random

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from picks import markdown  # noqa: E402
from picks.catalog import words  # noqa: E402
from picks.mentions.index import FILM, PERSON, Entry, NameIndex  # noqa: E402

FILMS = int(os.environ.get("FILMS", "10000"))
PEOPLE = int(os.environ.get("PEOPLE", "50000"))
WORDS = int(os.environ.get("WORDS", "5000"))
REPEAT = int(os.environ.get("REPEAT", "20"))
BUDGET_MS = 200
LETTERS = "ABCDEFGHIJKLMNOPRSTVW"


def catalogue(rng: Random) -> tuple[list[tuple[Entry, str, str]], list[str], list[str]]:
    """What build_index reads from the database: (entry, name, slug) for every name."""
    rows, people = [], []
    for pk in range(1, PEOPLE + 1):
        first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
        name = f"{first} {rng.choice(LETTERS)}. {last}"
        people.append(name)
        rows.append((Entry(PERSON, pk, (), False), name, f"person-{pk}"))
        if pk % 10 == 0:  # an alternative name, as a tenth of people have
            rows.append((Entry(PERSON, pk, (), False), f"{first} {last} Jr", f"person-{pk}"))
    titles = []
    for pk in range(1, FILMS + 1):
        title = rng.choice(words.NOUNS) if pk % 50 == 0 else words.film_title(rng)
        titles.append(title)
        director = people[rng.randrange(PEOPLE)].lower().replace(".", "").split()
        entry = Entry(FILM, pk, (), False, str(1950 + pk % 75), (" ".join(director), director[-1]))
        rows.append((entry, title, f"film-{pk}"))
    return rows, titles, people


def build(rows: list[tuple[Entry, str, str]]) -> NameIndex:
    index = NameIndex()
    for entry, name, slug in rows:
        index.add(entry, name, slug)
    return index


def post_body(rng: Random, titles: list[str], people: list[str]) -> str:
    paragraphs, count = [], 0
    while count < WORDS:
        sentences = []
        for _ in range(rng.randint(3, 6)):
            text = words.sentence(rng, director=rng.choice(people))
            if rng.random() < 0.4:
                text += f" It recalls *{rng.choice(titles)}*, with {rng.choice(people)}."
            sentences.append(text)
        paragraph = " ".join(sentences)
        count += len(paragraph.split())
        paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def timed(run, repeat: int) -> list[tuple[float, float]]:
    """(CPU ms, wall ms) of each run, after one untimed run (URLconf and regex caches)."""
    run()
    times = []
    for _ in range(repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        run()
        times.append(((time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000))
    return times


def report(label: str, times: list[tuple[float, float]]) -> None:
    cpu = statistics.median(t[0] for t in times)
    wall = statistics.median(t[1] for t in times)
    slowest = max(t[1] for t in times)
    print(
        f"{label:<28} CPU {cpu:6.1f} ms  wall {wall:6.1f} ms (slowest {slowest:6.1f})  "
        f"{cpu / BUDGET_MS:4.0%} of {BUDGET_MS} ms"
    )


def main() -> None:
    rng = Random(2016)
    rows, titles, people = catalogue(rng)
    body = post_body(rng, titles, people)
    cpu, wall = time.process_time(), time.perf_counter()
    index = build(rows)
    print(
        f"{FILMS:,} films, {PEOPLE:,} people: {len(index.names):,} names indexed in "
        f"{time.process_time() - cpu:.2f} s CPU ({time.perf_counter() - wall:.2f} s wall), "
        "once per process and change"
    )
    found = index.recognise(body)
    print(
        f"post: {len(body.split()):,} words, {len(body):,} characters; {len(found)} mentions found"
    )

    markdown.name_index = lambda: index  # the in-memory catalogue, not the database's
    report("recognise(text)", timed(lambda: index.recognise(body), REPEAT))
    report("render without mentions", timed(lambda: markdown.render_markdown(body), REPEAT))
    report("render with mentions linked", timed(lambda: markdown.render_post_body(body), REPEAT))


if __name__ == "__main__":
    main()
