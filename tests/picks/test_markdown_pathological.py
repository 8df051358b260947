"""Post bodies render in linear time: no body within the length limit can tie up a worker."""

import time

import pytest

from picks.markdown import render_markdown
from picks.models.posts import BODY_MAX_CHARS

# CPU seconds, not wall-clock: on a busy two-core machine the wall clock triples. CPU time grows
# too, though less: each body below costs 0.01-1.5 s of CPU on a quiet machine, and up to 4.6 s
# when eight test runs share its two cores (image runs and empty table rows the most). A quadratic
# renderer costs from 27 s (markdown-it-py's own smartquotes on quote runs) to minutes
# (Python-Markdown on "[(" runs), so the limit sits between the two.
CPU_SECONDS_PER_BODY = 10.0


def repeated(unit: str) -> str:
    return unit * (BODY_MAX_CHARS // len(unit))


HALF = BODY_MAX_CHARS // 2
PATHOLOGICAL_BODIES = {
    "bracket runs": repeated("[("),
    "link runs": repeated("[a]("),
    "image runs": repeated("!["),
    "nested brackets": "[" * HALF + "]" * HALF,
    "emphasis runs": repeated("*a**"),
    "underscore emphasis runs": repeated("_a__"),
    "deeply nested lists": "".join(f"{'  ' * depth}- a\n" for depth in range(320))[:BODY_MAX_CHARS],
    "list markers on one line": repeated("- "),
    "nested block quotes": repeated("> "),
    "mixed quote runs": repeated("'\"a"),
    "openers then unmatched closers": repeated('"a ')[:HALF] + repeated("b' ")[:HALF],
    "backtick runs": repeated("`a``"),
    "unclosed tag runs": repeated("<a "),
    "unclosed autolink runs": repeated("<http:"),
    "entity runs": repeated("&#"),
    "empty table rows": "| a | b |\n|---|---|\n" + repeated("|\n"),
}


@pytest.mark.parametrize("body", PATHOLOGICAL_BODIES.values(), ids=PATHOLOGICAL_BODIES.keys())
def test_a_hostile_body_of_the_longest_length_allowed_renders_quickly(body):
    assert len(body) > BODY_MAX_CHARS * 0.9
    started = time.process_time()
    render_markdown(body)
    assert time.process_time() - started < CPU_SECONDS_PER_BODY
