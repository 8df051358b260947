"""Keeps picks.SlugRedirect in step with slug changes, so a renamed page's old URL still works,
and refuses to delete a quote that a post features."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import ProtectedError
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from films.models import Film, Person, Quote
from picks.models import Post, Section, SlugRedirect
from reviews.models import CriticQuote

REDIRECTED_MODELS = (Film, Person, Post, Section)


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


def featured_in_message(quote) -> str | None:
    """Why `quote` (a film quote or a critic's quote) can't be deleted, or None if it can."""
    titles = [f"“{post.title}”" for post in quote.featured_in.all()[:3]]
    if not titles:
        return None
    return (
        f"{quote} is featured in {', '.join(titles)}. "
        "Remove it from the post before deleting it, so no post loses it silently."
    )


def refuse_deleting_a_featured_quote(sender, instance, **kwargs) -> None:
    """A post's featured quotes are an editor's choice: deleting one must not drop it quietly."""
    if message := featured_in_message(instance):
        raise ProtectedError(message, set(instance.featured_in.all()))


def connect() -> None:
    for model in (Quote, CriticQuote):
        pre_delete.connect(
            refuse_deleting_a_featured_quote,
            sender=model,
            dispatch_uid=f"picks.featured_quote.{model._meta.label_lower}",
        )
    for model in REDIRECTED_MODELS:
        uid = f"picks.slug_redirect.{model._meta.label_lower}"
        pre_save.connect(remember_old_slug, sender=model, dispatch_uid=f"{uid}.pre")
        post_save.connect(record_slug_redirect, sender=model, dispatch_uid=f"{uid}.post")
        post_delete.connect(forget_slug_redirects, sender=model, dispatch_uid=f"{uid}.delete")
