"""The editors' desk on the admin home: what waits for whom, in a fixed number of queries.

Editors (and superusers) see everyone's drafts and scheduled posts and the comments to moderate;
a contributor sees their own drafts and scheduled posts. Everyone sees the films and people
waiting for an editor's review, and what went out last; editors see background tasks that
failed for good (picks/admin/tasks.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.tasks import failed_tasks, task_error, task_label
from films.models import Film, Person
from picks.models import Comment, Post, Section
from picks.roles import can_publish
from picks.workflow import BEST_PICK_SLUG

ROWS = 8  # per list; each list links to the full one in the admin


@dataclass
class Desk:
    can_edit_every_post: bool
    can_write: bool
    can_moderate: bool
    can_review_films: bool
    can_review_people: bool
    best_pick: Section | None = None
    comments: list[Comment] = field(default_factory=list)
    comments_waiting: int = 0
    drafts: list[Post] = field(default_factory=list)
    more_drafts: bool = False
    scheduled: list[Post] = field(default_factory=list)
    more_scheduled: bool = False
    films_waiting: list[Film] = field(default_factory=list)
    more_films: bool = False
    people_waiting: list[Person] = field(default_factory=list)
    more_people: bool = False
    recent: list[Post] = field(default_factory=list)
    can_compose_newsletter: bool = False
    can_see_failed_tasks: bool = False
    failed_tasks: list[dict] = field(default_factory=list)
    more_failed_tasks: bool = False

    def may_open(self, post: Post, user) -> bool:
        """Whether the desk links `post` to its admin page for this user (a contributor opens
        only their own posts, read-only once published: picks/admin/posts.py)."""
        return self.can_edit_every_post or post.author_id == user.pk


def _first(queryset, rows: int = ROWS) -> tuple[list, bool]:
    """The first `rows` rows, and whether there are more (one query: one row extra)."""
    found = list(queryset[: rows + 1])
    return found[:rows], len(found) > rows


def can_see_failed_tasks(user) -> bool:
    return user.is_superuser or can_publish(user)


def failed_task_rows(limit: int) -> list[dict]:
    """The newest failed background tasks as the desk and their page show them (one query)."""
    return [
        {"result": result, "label": task_label(result), "error": task_error(result)}
        for result in failed_tasks()[:limit]
    ]


def desk_for(user) -> Desk:
    """What the desk shows `user`, in at most nine queries whatever the numbers."""
    desk = Desk(
        can_edit_every_post=can_publish(user),
        can_write=user.has_perm("picks.add_post"),
        can_moderate=user.has_perm("picks.change_comment"),
        can_review_films=user.has_perm("films.view_film"),
        can_review_people=user.has_perm("films.view_person"),
        can_compose_newsletter=user.has_perm("picks.add_newsletterissue"),
        can_see_failed_tasks=can_see_failed_tasks(user),
    )
    if desk.can_see_failed_tasks:
        desk.failed_tasks, desk.more_failed_tasks = _first(failed_task_rows(ROWS + 1))
    if desk.can_write:
        desk.best_pick = Section.objects.active().filter(slug=BEST_PICK_SLUG).first()
    if desk.can_moderate:
        waiting = Comment.objects.awaiting_moderation()
        desk.comments = list(waiting.select_related("post").order_by("created_at", "id")[:ROWS])
        desk.comments_waiting = waiting.count()
    if user.has_perm("picks.view_post") or user.has_perm("picks.change_post"):
        posts = Post.objects.select_related("section", "author__author_profile")
        # A contributor's admin lists their own posts only; the desk agrees.
        own = posts if desk.can_edit_every_post else posts.filter(author=user)
        drafts = own.filter(status=Post.Status.DRAFT).order_by("-modified_at", "-id")
        desk.drafts, desk.more_drafts = _first(drafts)
        # Everyone's schedule, for every writer: what goes live when is the whole desk's business.
        desk.scheduled, desk.more_scheduled = _first(posts.scheduled().order_by("publish_at", "id"))
        desk.recent = list(posts.published().newest_first()[:ROWS])
    if desk.can_review_films:
        desk.films_waiting, desk.more_films = _first(
            Film.objects.awaiting_review().order_by("-created_at", "-id")
        )
    if desk.can_review_people:
        desk.people_waiting, desk.more_people = _first(
            Person.objects.awaiting_review().order_by("-created_at", "-id")
        )
    return desk
