"""Review of contributors' records: the films and people a contributor adds wait unpublished
until an editor (who holds "Can publish films" and "Can publish people") publishes them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone

from core.page_cache import site_changed
from films.recommendations import forget_recommendations


def can_publish_records(user, model: type[models.Model]) -> bool:
    """May `user` publish films (model Film) or people (model Person)?"""
    return user.has_perm(f"{model._meta.app_label}.publish_{model._meta.model_name}")


def records_set_published(*, records: models.QuerySet, published: bool, by) -> int:
    """Publish (or take back for review) several films or people; return how many changed."""
    if not can_publish_records(by, records.model):
        raise PermissionDenied(
            f"Only editors can publish {records.model._meta.verbose_name_plural}."
        )
    with transaction.atomic():
        changed = records.exclude(is_published=published).update(
            is_published=published, updated_at=timezone.now()
        )
    if changed:
        # update() sends no post_save: say it here, so no cached list or page keeps a hidden film.
        forget_recommendations()
        site_changed()
    return changed
