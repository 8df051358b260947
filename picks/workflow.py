"""The editorial workflow: publish, unpublish, keep a revision of every save, restore one.

Each is one function with keyword-only arguments that runs full_clean() and its saves in one
transaction; the admin and the demo loader call them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import dateformat, timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe

from films.models import Film, Quote
from picks.factcheck import blocked_message, publish_blockers
from picks.models import Post, PostFilm, PostRevision, Section, display_name
from picks.roles import can_publish
from reviews.models import CriticQuote

BEST_PICK_SLUG = "best-pick"
# A post's content: a revision keeps it and a restore brings it back (the history lists changes
# in this order).
CONTENT_FIELDS = (
    "title",
    "slug",
    "section",
    "standfirst",
    "body",
    "rating",
    "verdict",
    "hero_image",
    "hero_image_alt",
    "author",
    "tags",
    "contains_spoilers",
    "featured_quotes",
    "featured_critic_quotes",
    "reader_question",
    "comments_open",
    "comments_close_after_days",
    "films",
)
# Its publishing state: kept in the revision for the record; a restore leaves it as it is,
# because restoring old words must never publish, unpublish or re-date a post.
PUBLISHING_FIELDS = ("status", "publish_at", "updated_at", "is_featured", "pinned_until")
# The one list of a post's editable fields: every revision records each one, and the admin's
# change form offers each one and no other (PostAdmin.check() names a field added to one only).
EDITABLE_FIELDS = CONTENT_FIELDS + PUBLISHING_FIELDS
RELATION_FIELDS = tuple(name for name in EDITABLE_FIELDS if Post._meta.get_field(name).many_to_many)
# Content fields a restore copies straight back; the rest need a lookup or a file check.
PLAIN_CONTENT_FIELDS = tuple(
    name
    for name in CONTENT_FIELDS
    if name not in RELATION_FIELDS and name not in ("section", "author", "hero_image")
)


# -- rules ------------------------------------------------------------------------------------


def is_best_pick(section: Section | None) -> bool:
    return section is not None and section.slug == BEST_PICK_SLUG


def best_pick_problems(*, post: Post, film_count: int | None) -> dict[str, str]:
    """What a Best Pick still lacks before it can go out, by field ("films" for the films).

    `film_count=None` leaves the films out (the form checks them in their own formset).
    """
    if not is_best_pick(post.section if post.section_id else None):
        return {}
    problems = {}
    if not post.hero_image:
        problems["hero_image"] = "A Best Pick needs a hero image."
    elif not post.hero_image_alt.strip():
        problems["hero_image_alt"] = "A Best Pick's hero image needs alt text."
    if post.rating is None:
        problems["rating"] = "A Best Pick needs our rating, out of 5."
    if not post.verdict.strip():
        problems["verdict"] = "A Best Pick needs our one-line verdict."
    if film_count is not None and film_count < 1:
        problems["films"] = "A Best Pick needs at least one film: add it under 'Films'."
    return problems


# -- revisions --------------------------------------------------------------------------------


def readable_time(value: datetime) -> str:
    return dateformat.format(timezone.localtime(value), "j M Y, H:i")


def _recorded(post: Post, name: str):
    """A field as a revision keeps it: ids (films in the editor's order), tag names, the image's
    file name, times as ISO text."""
    field = Post._meta.get_field(name)
    if name == "films":
        return list(post.film_links.values_list("film_id", flat=True))
    if name == "tags":
        return sorted(post.tags.names())
    if field.many_to_many:
        return sorted(getattr(post, name).values_list("pk", flat=True))
    value = getattr(post, field.attname)
    if isinstance(field, models.FileField):
        return value.name or ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):  # 5 and 5.0 are one rating: record the field's own places
        return f"{value:.{field.decimal_places}f}"
    return value


def post_content(post: Post) -> dict:
    """Every editable field of a saved post, relations included, as JSON-ready values."""
    return {name: _recorded(post, name) for name in EDITABLE_FIELDS}


def post_save_revision(
    *, post: Post, by=None, summary: str = "", force: bool = False
) -> PostRevision | None:
    """Keep the post's current content as a revision, unless it equals the latest one
    (`force` keeps it anyway)."""
    content = post_content(post)
    latest = post.revisions.first()
    if not force and latest is not None and latest.content == content:
        return None
    user = by if by is not None and by.is_authenticated else None
    return PostRevision.objects.create(
        post=post, created_by=user, summary=summary[:200], content=content
    )


@transaction.atomic
def revision_restore(*, revision: PostRevision, by) -> PostRevision:
    """Bring back a revision's content as a new revision; the publishing state stays as it is.

    Films, quotes or a section deleted since are left out; a slug now taken fails full_clean.
    """
    post = Post.objects.select_for_update().get(pk=revision.post_id)
    content = revision.content
    for name in PLAIN_CONTENT_FIELDS:
        if name in content:
            setattr(post, name, content[name])
    if Section.objects.filter(pk=content.get("section")).exists():
        post.section_id = content["section"]
    post.author_id = content.get("author")
    hero = content.get("hero_image", "")
    if not hero or post.hero_image.storage.exists(hero):
        post.hero_image = hero
    post.full_clean(exclude=["hero_image"])
    post.save()

    films = Film.objects.in_bulk(content.get("films", []))
    PostFilm.objects.filter(post=post).delete()
    PostFilm.objects.bulk_create(
        PostFilm(post=post, film=films[film_id], order=order)
        for order, film_id in enumerate(content.get("films", []))
        if film_id in films
    )
    post.tags.set(content.get("tags", []), clear=False)
    post.featured_quotes.set(Quote.objects.filter(pk__in=content.get("featured_quotes", [])))
    post.featured_critic_quotes.set(
        CriticQuote.objects.filter(pk__in=content.get("featured_critic_quotes", []))
    )
    summary = f"Restored the version of {readable_time(revision.created_at)}"
    restored = post_save_revision(post=post, by=by, summary=summary)
    if restored is None:  # it already was the current content: still say what happened
        restored = post_save_revision(
            post=post, by=by, summary=f"{summary} (no change)", force=True
        )
    return restored


# -- publishing -------------------------------------------------------------------------------


def _require_publisher(by) -> None:
    if not can_publish(by):
        raise PermissionDenied("Only editors can publish or unpublish posts.")


@transaction.atomic
def post_publish(*, post: Post, by, at: datetime | None = None) -> Post:
    """Publish now, or at `at` (a future time schedules it); a scheduled date is kept."""
    _require_publisher(by)
    post = Post.objects.select_for_update().get(pk=post.pk)
    problems = best_pick_problems(post=post, film_count=post.film_links.count())
    if problems:
        raise ValidationError(f"“{post.title}” can't go out yet: " + " ".join(problems.values()))
    if is_best_pick(post.section) and (blockers := publish_blockers(post=post)):
        raise ValidationError(blocked_message(post.title, blockers))
    post.status = Post.Status.PUBLISHED
    if at is not None:
        post.publish_at = at
    elif post.publish_at is None:
        post.publish_at = timezone.now()
    post.full_clean()
    post.save()
    post_save_revision(post=post, by=by, summary="Scheduled" if post.is_scheduled else "Published")
    return post


@transaction.atomic
def post_unpublish(*, post: Post, by) -> Post:
    """Take a post off the site (a scheduled one will not go out); its date is kept."""
    _require_publisher(by)
    post = Post.objects.select_for_update().get(pk=post.pk)
    post.status = Post.Status.UNPUBLISHED
    post.full_clean()
    post.save()
    post_save_revision(post=post, by=by, summary="Unpublished")
    return post


# -- reading revisions ------------------------------------------------------------------------


@dataclass
class FieldChange:
    label: str
    html: SafeString


WORDS = re.compile(r"(\s+)")


def word_diff(old: str, new: str) -> SafeString:
    """The new text with removed words in <del> and added words in <ins>, all escaped."""
    before, after = WORDS.split(old or ""), WORDS.split(new or "")
    parts = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(before[a1:a2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(''.join(before[a1:a2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(''.join(after[b1:b2]))}</ins>")
    return mark_safe("".join(parts))  # every piece of text above is escaped


def _labels(model, ids) -> dict:
    objects = model.objects.in_bulk([i for i in ids if i is not None])
    return {pk: str(obj) for pk, obj in objects.items()}


def _user_labels(ids) -> dict:
    users = get_user_model().objects.in_bulk([i for i in ids if i is not None])
    return {pk: display_name(user) for pk, user in users.items()}


def _list_change(old: list[str], new: list[str]) -> SafeString:
    removed = [item for item in old if item not in new]
    added = [item for item in new if item not in old]
    items = [("del", item) for item in removed] + [("ins", item) for item in added]
    if not items and old != new:
        return format_html_join(", ", "{}", ((item,) for item in new)) + mark_safe(" (reordered)")
    return format_html_join(" ", "<{0}>{1}</{0}>", items)


def _show(value) -> str:
    if value in (None, ""):
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and (when := parse_datetime(value)):
        return readable_time(when)
    return str(value)


def revision_diff(older: dict, newer: dict) -> list[FieldChange]:
    """What changed between two revisions' contents, field by field, in the form's order."""
    ids = {name: {*older.get(name, []), *newer.get(name, [])} for name in RELATION_FIELDS}
    names = {
        "films": _labels(Film, ids["films"]),
        "featured_quotes": _labels(Quote, ids["featured_quotes"]),
        "featured_critic_quotes": _labels(CriticQuote, ids["featured_critic_quotes"]),
        "section": _labels(Section, [older.get("section"), newer.get("section")]),
        "author": _user_labels([older.get("author"), newer.get("author")]),
    }
    changes = []
    for name in EDITABLE_FIELDS:
        before, after = older.get(name), newer.get(name)
        if before == after:
            continue
        label = Post._meta.get_field(name).verbose_name
        if name in RELATION_FIELDS:
            lookup = names.get(name, {})
            html = _list_change(
                [lookup.get(v, f"#{v} (deleted)") if lookup else v for v in before or []],
                [lookup.get(v, f"#{v} (deleted)") if lookup else v for v in after or []],
            )
        elif name in ("section", "author"):
            html = word_diff(
                names[name].get(before, _show(before)), names[name].get(after, _show(after))
            )
        elif name in ("body", "standfirst", "title", "reader_question", "hero_image_alt"):
            html = word_diff(before or "", after or "")
        else:
            html = format_html_join(
                " ", "<{0}>{1}</{0}>", [("del", _show(before)), ("ins", _show(after))]
            )
        changes.append(FieldChange(label=str(label), html=html))
    return changes


def post_apply_form_rules(*, post: Post, by, material_change: bool) -> None:
    """What saving the post form sets besides its fields (the preview shows the same): the
    author when none is given, and the updated date on a material change to a live post."""
    if post.author_id is None:
        post.author = by
    if material_change and post.is_live:
        post.updated_at = timezone.now()
