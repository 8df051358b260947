"""The fact-check in the post admin: the check when a Best Pick is published from the form (with
"Mark as checked" boxes beside what it found), the "Fact-check" button, and the findings panel
with its "Mark as checked" buttons.

PostAdmin (picks/admin/posts.py) routes to the views through get_urls().
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse

from picks.factcheck import (
    blocked_message,
    check_text,
    checked_keys,
    mark_checked,
    publish_blockers,
    refresh_findings,
)
from picks.models import FactFinding, Post
from picks.roles import can_publish
from picks.workflow import is_best_pick

CHECKED_FIELD = "factcheck_checked"  # the form's "Mark as checked" boxes: one finding key each
POSTED_FILM = re.compile(r"^film_links-(\d+)-film$")


def _posted_film_ids(form) -> list[int]:
    """The films in the form as sent (the inline is saved after the form is checked)."""
    ids = []
    for name, value in form.data.items():
        if (match := POSTED_FILM.match(name)) and value.isdigit():
            if not form.data.get(f"film_links-{match[1]}-DELETE"):
                ids.append(int(value))
    if ids or not form.instance.pk:
        return ids
    return list(form.instance.film_links.values_list("film_id", flat=True))


def check_form_before_publishing(form, cleaned: dict) -> None:
    """A Best Pick going out with contradictions nobody checked: refuse, list them with a
    "Mark as checked" box each (what the editor typed stays in the form)."""
    form.fact_check_findings, form.fact_checked_keys = [], set()
    if not is_best_pick(cleaned.get("section")) or "body" not in cleaned:
        return
    findings = check_text(
        standfirst=cleaned.get("standfirst", ""),
        body=cleaned.get("body", ""),
        film_ids=_posted_film_ids(form),
    )
    contradictions = [finding for finding in findings if finding.is_contradiction]
    ticked = set(form.data.getlist(CHECKED_FIELD)) & {f.key for f in contradictions}
    blockers = publish_blockers(post=form.instance, findings=contradictions, also_checked=ticked)
    form.fact_checked_keys = ticked
    if not blockers:
        return
    already = checked_keys(form.instance)
    form.fact_check_findings = [
        {"finding": finding, "ticked": finding.key in ticked, "checked": finding.key in already}
        for finding in contradictions
    ]
    form.add_error(
        None,
        ValidationError(
            blocked_message(cleaned.get("title") or "This post", blockers)
            + " Your changes are kept: see “Fact-check” below the title.",
            code="fact_check",
        ),
    )


def record_form_checks(form, post: Post, by) -> None:
    """The boxes ticked in the form become "checked" marks, with who and when."""
    if keys := getattr(form, "fact_checked_keys", set()):
        mark_checked(post=post, keys=keys, by=by)


def panel_context(request, post: Post | None) -> dict:
    """What the change form's findings panel shows: the findings the post's text still holds."""
    if post is None or not post.pk:
        return {}
    return {
        "fact_findings": list(post.fact_findings.current().select_related("checked_by")),
        "may_mark_checked": can_publish(request.user),
    }


# -- views --------------------------------------------------------------------------------------


def _post_for(model_admin, request, object_id: str) -> Post:
    if not object_id.isdigit():
        raise Http404("No post has that id.")
    post = get_object_or_404(Post, pk=object_id)
    if not model_admin.has_change_permission(request, post) and not can_publish(request.user):
        raise PermissionDenied
    return post


def _back_to(post: Post):
    return HttpResponseRedirect(reverse("admin:picks_post_change", args=[post.pk]) + "#fact-check")


def post_factcheck(model_admin, request, object_id):
    """The "Fact-check" button: check the saved text now and keep what it finds."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    post = _post_for(model_admin, request, object_id)
    findings = refresh_findings(post=post)
    contradictions = sum(f.severity == FactFinding.Severity.CONTRADICTION for f in findings)
    suggestions = len(findings) - contradictions
    if not findings:
        model_admin.message_user(
            request,
            "Fact-check: nothing in the saved text disagrees with our records.",
            messages.SUCCESS,
        )
    else:
        model_admin.message_user(
            request,
            f"Fact-check: {contradictions} contradiction{'' if contradictions == 1 else 's'} "
            f"and {suggestions} suggestion{'' if suggestions == 1 else 's'}: see the panel below.",
            messages.WARNING if contradictions else messages.INFO,
        )
    return _back_to(post)


def post_factcheck_mark(model_admin, request, object_id, finding_id):
    """ "Mark as checked": an editor confirms the text is right, kept with who and when."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    post = _post_for(model_admin, request, object_id)
    if not can_publish(request.user):
        raise PermissionDenied
    finding = get_object_or_404(post.fact_findings.current(), pk=finding_id)
    mark_checked(post=post, keys=[finding.key], by=request.user)
    model_admin.message_user(request, f"Marked as checked: {finding.message}", messages.SUCCESS)
    return _back_to(post)


def urls(wrap) -> list:
    """The button's and the marks' addresses, for PostAdmin.get_urls (`wrap` adds the admin's
    checks)."""
    return [
        path(
            "<path:object_id>/factcheck/",
            wrap(post_factcheck),
            name="picks_post_factcheck",
        ),
        path(
            "<path:object_id>/factcheck/<int:finding_id>/checked/",
            wrap(post_factcheck_mark),
            name="picks_post_factcheck_mark",
        ),
    ]
