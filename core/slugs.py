"""Keeps SlugRedirect in step with slug changes, so a renamed page's old URL still works.

Each app calls `track_slug_changes(Model)` from its AppConfig.ready() for the models whose
pages have a slug in their address.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save

from core.models import SlugRedirect


def remember_old_slug(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """Before a save, note the slug the row had, if this save changes it."""
    instance._slug_before_save = None
    if raw or instance.pk is None:
        return
    if update_fields is not None and "slug" not in update_fields:
        return
    old_slug = sender._base_manager.filter(pk=instance.pk).values_list("slug", flat=True).first()
    if old_slug and old_slug != instance.slug:
        instance._slug_before_save = old_slug


def record_slug_redirect(sender, instance, raw=False, **kwargs) -> None:
    """After the save succeeded: the old slug now points here, the live slug needs no redirect.

    Written after the save, so a save that fails leaves no redirect behind.
    """
    if raw:
        return
    content_type = ContentType.objects.get_for_model(sender)
    # A live slug always wins, whoever held it before (this also undoes a rename reverted).
    SlugRedirect.objects.filter(content_type=content_type, old_slug=instance.slug).delete()
    old_slug = getattr(instance, "_slug_before_save", None)
    if old_slug:
        SlugRedirect.objects.update_or_create(
            content_type=content_type, old_slug=old_slug, defaults={"object_id": instance.pk}
        )
        instance._slug_before_save = None


def forget_slug_redirects(sender, instance, **kwargs) -> None:
    """A deleted page's old slugs point nowhere; drop them so they can be used again."""
    SlugRedirect.objects.filter(
        content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk
    ).delete()


def track_slug_changes(model: type[models.Model]) -> None:
    uid = f"core.slug_redirect.{model._meta.label_lower}"
    pre_save.connect(remember_old_slug, sender=model, dispatch_uid=f"{uid}.pre")
    post_save.connect(record_slug_redirect, sender=model, dispatch_uid=f"{uid}.post")
    post_delete.connect(forget_slug_redirects, sender=model, dispatch_uid=f"{uid}.delete")
