"""Storing a post's mentions when it is saved, and an editor's "not this"."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from picks.mentions.index import FILM, Found
from picks.mentions.linking import BodyMentions, Named, Target
from picks.models import Mention, Post


def post_store_mentions(*, post: Post, body: BodyMentions, standfirst: list[Found] = ()) -> None:
    """Make the post's mentions those its standfirst and body make now. A mention an editor
    turned down is kept (so it stays turned down); others no longer named go."""
    named: dict[Target, Named] = {}
    for found in standfirst:
        named.setdefault((found.kind, found.pk), Named(found.surface)).count += 1
    for target, each in body.named.items():
        into = named.setdefault(target, Named(each.surface))
        into.surface = into.surface or each.surface
        into.count += each.count
        into.linked_by_writer |= each.linked_by_writer
    existing = {(m.kind, m.film_id or m.person_id): m for m in post.mentions.all()}
    new, changed = [], []
    for target, each in named.items():
        fields = {
            "surface": (each.surface or "(linked)")[:200],
            "count": each.count,
            "source": Mention.Source.LINK if each.linked_by_writer else Mention.Source.TEXT,
        }
        if mention := existing.pop(target, None):
            if any(getattr(mention, name) != value for name, value in fields.items()):
                for name, value in fields.items():
                    setattr(mention, name, value)
                changed.append(mention)
        else:
            kind, pk = target
            record = {"film_id": pk} if kind == FILM else {"person_id": pk}
            new.append(Mention(post=post, **record, **fields))
    gone = [m.pk for m in existing.values() if not m.is_rejected]
    with transaction.atomic():
        if gone:
            Mention.objects.filter(pk__in=gone).delete()
        if changed:
            Mention.objects.bulk_update(changed, ["surface", "count", "source"])
        if new:
            Mention.objects.bulk_create(new)


def mention_turn_down(*, mention: Mention, by) -> None:
    """An editor says the words name something else: no link, now or on later saves."""
    mention.is_rejected = True
    mention.rejected_by = by
    mention.rejected_at = timezone.now()
    mention.save(update_fields=["is_rejected", "rejected_by", "rejected_at"])


def mention_restore(*, mention: Mention) -> None:
    mention.is_rejected = False
    mention.rejected_by = None
    mention.rejected_at = None
    mention.save(update_fields=["is_rejected", "rejected_by", "rejected_at"])


def store_mentions_after_save(sender, instance: Post, created=False, raw=False, **kwargs) -> None:
    """post_save (picks/mentions/signals.py): the mentions picks/markdown.py found while it
    rendered the body. A save that did not render the body changed none of them."""
    body = getattr(instance, "body_mentions", None)
    if raw or body is None:
        return
    standfirst = getattr(instance, "standfirst_mentions", [])
    if created and not body.named and not standfirst:
        return  # nothing to store, nothing stored before
    post_store_mentions(post=instance, body=body, standfirst=standfirst)
    del instance.body_mentions
