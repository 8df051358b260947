"""The fact-check: a post's sentences against the records (credits, figures, awards, critics'
scores), each finding with the sentence it comes from.

It says nothing when a sentence is ambiguous (two films and a bare number, a character's name
that fits two parts): a false alarm costs an editor's trust. Names are found by
picks.mentions.recognise; the records for them are read in a fixed number of queries.
"""

from picks.factcheck.check import check_text
from picks.factcheck.findings import Finding
from picks.factcheck.store import (
    blocked_message,
    check_post,
    checked_keys,
    mark_checked,
    publish_blockers,
    refresh_findings,
    unchecked_contradictions,
)

__all__ = [
    "Finding",
    "blocked_message",
    "check_post",
    "check_text",
    "checked_keys",
    "mark_checked",
    "publish_blockers",
    "refresh_findings",
    "unchecked_contradictions",
]
