"""Findings kept with the post: a re-run keeps an editor's "checked" mark on the same finding
and resolves the ones the text no longer contains."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from picks.factcheck.check import check_text
from picks.factcheck.findings import Finding
from picks.models import FactFinding, Post


def check_post(post: Post) -> list[Finding]:
    film_ids = list(post.film_links.values_list("film_id", flat=True)) if post.pk else []
    return check_text(standfirst=post.standfirst, body=post.body, film_ids=film_ids)


@transaction.atomic
def refresh_findings(*, post: Post, findings: list[Finding] | None = None) -> list[FactFinding]:
    """Store what the check finds now (run it when `findings` is None); return the post's
    current findings, contradictions first."""
    if findings is None:
        findings = check_post(post)
    now = timezone.now()
    kept = {finding.key: finding for finding in post.fact_findings.select_for_update()}
    current = []
    for finding in findings:
        stored = kept.pop(finding.key, None) or FactFinding(post=post, key=finding.key)
        stored.kind, stored.severity = finding.kind, finding.severity
        stored.field, stored.sentence, stored.message = (
            finding.field,
            finding.sentence,
            finding.message,
        )
        stored.resolved_at = None
        stored.save()
        current.append(stored)
    FactFinding.objects.filter(
        pk__in=[f.pk for f in kept.values() if f.resolved_at is None]
    ).update(resolved_at=now)
    return sorted(current, key=lambda stored: (stored.severity, stored.pk))


def checked_keys(post: Post) -> set[str]:
    if not post.pk:
        return set()
    return set(post.fact_findings.filter(checked_at__isnull=False).values_list("key", flat=True))


def unchecked_contradictions(
    *, post: Post, findings: list[Finding], also_checked=()
) -> list[Finding]:
    """The contradictions nobody has marked as checked (`also_checked`: keys being marked now)."""
    checked = checked_keys(post) | set(also_checked)
    return [f for f in findings if f.is_contradiction and f.key not in checked]


@transaction.atomic
def mark_checked(*, post: Post, keys, by) -> int:
    """Mark findings as checked by `by`, now: stored ones by key, and findings found but not yet
    stored (a form refused before its first fact-check) are stored first."""
    keys = set(keys)
    if not keys:
        return 0
    if post.fact_findings.filter(key__in=keys).count() < len(keys):
        refresh_findings(post=post)
    user = by if by is not None and by.is_authenticated else None
    return post.fact_findings.filter(key__in=keys, checked_at__isnull=True).update(
        checked_by=user, checked_at=timezone.now()
    )


def publish_blockers(*, post: Post, findings: list[Finding] | None = None, also_checked=()):
    """The contradictions that keep a post from going out: none once each is fixed in the text
    or marked as checked."""
    if findings is None:
        findings = check_post(post)
    return unchecked_contradictions(post=post, findings=findings, also_checked=also_checked)


def blocked_message(title: str, blockers: list[Finding]) -> str:
    count = len(blockers)
    found = "a contradiction" if count == 1 else f"{count} contradictions"
    return (
        f"“{title}” can't go out yet: the fact-check found {found} with our records. "
        + " ".join(finding.message for finding in blockers)
        + " Fix the text, or, if the text is right, mark each finding as checked."
    )
