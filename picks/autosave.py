"""Drafts save themselves while the editor types: one "Autosave" revision per post and editor,
brought up to date until the next real save, and offered back when it is newer than that save."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from picks.models import Post, PostRevision
from picks.workflow import post_content

AUTOSAVE_SUMMARY = "Autosave"
# The fields the writing screen sends while the editor types.
AUTOSAVED_FIELDS = ("title", "standfirst", "body")


@transaction.atomic
def post_autosave(*, post: Post, by, text: dict[str, str]) -> PostRevision | None:
    """Keep what is typed in `text` over the saved post as an autosave revision; None when it
    says nothing new. The editor's latest autosave is updated rather than piled up."""
    content = post_content(post)
    for name in AUTOSAVED_FIELDS:
        if name in text:
            content[name] = text[name][: Post._meta.get_field(name).max_length or None]
    latest = post.revisions.select_for_update().first()
    if latest is not None and latest.content == content:
        return None
    if latest is not None and latest.summary == AUTOSAVE_SUMMARY and latest.created_by_id == by.pk:
        latest.content, latest.created_at = content, timezone.now()
        latest.save(update_fields=["content", "created_at"])
        return latest
    return PostRevision.objects.create(
        post=post, created_by=by, summary=AUTOSAVE_SUMMARY, content=content
    )


def newer_autosave(post: Post) -> PostRevision | None:
    """The post's latest revision if it is an autosave made after the post was last saved."""
    latest = post.revisions.select_related("created_by").first()
    if (
        latest is None
        or latest.summary != AUTOSAVE_SUMMARY
        or latest.created_at <= post.modified_at
    ):
        return None
    return latest
