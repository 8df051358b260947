"""A finding as the rules make it, before it is stored."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from picks.models import FactFinding

CONTRADICTION = FactFinding.Severity.CONTRADICTION
SUGGESTION = FactFinding.Severity.SUGGESTION
SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Finding:
    kind: str  # FactFinding.Kind
    severity: str  # FactFinding.Severity
    claim: str  # what the text claims, in a fixed form: part of the key
    message: str
    sentence: str = ""
    field: str = "body"

    @property
    def key(self) -> str:
        """The same claim in the same sentence gives the same key on every run; an edited
        sentence gives a new one."""
        sentence = SPACES.sub(" ", self.sentence).strip().casefold()
        raw = f"{self.kind}\n{self.claim.casefold()}\n{sentence}"
        return hashlib.sha256(raw.encode()).hexdigest()[:40]

    @property
    def is_contradiction(self) -> bool:
        return self.severity == CONTRADICTION


def contradiction(kind: str, claim: str, message: str) -> Finding:
    return Finding(kind=kind, severity=CONTRADICTION, claim=claim, message=message)


def suggestion(kind: str, claim: str, message: str) -> Finding:
    return Finding(kind=kind, severity=SUGGESTION, claim=claim, message=message)


def names(people: dict[int, str]) -> str:
    """ "Emma Stone", "Emma Stone and Ryan Gosling", "A, B and C"."""
    listed = sorted(set(people.values()))
    return listed[0] if len(listed) == 1 else f"{', '.join(listed[:-1])} and {listed[-1]}"
