"""What keeps mentions current: a film, person or credit changing renews the name index, and a
post's mentions are stored when it is saved (connected in picks/apps.py)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from films.models import Credit, Film, Person
from picks.mentions.index import records_changed
from picks.mentions.store import store_mentions_after_save
from picks.models import Post


def connect_mention_signals() -> None:
    for model in (Film, Person, Credit):
        for signal in (post_save, post_delete):
            signal.connect(
                records_changed,
                sender=model,
                dispatch_uid=f"picks.mentions.{model.__name__}.{signal is post_save}",
            )
    post_save.connect(store_mentions_after_save, sender=Post, dispatch_uid="picks.mentions.store")
