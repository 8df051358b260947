"""Refusals that help: when editorial work blocks a delete (a post about the film, a post that
features the quote, the posts in a section, the comments on a post), the delete page names
those records with links, says what to do instead, and lists nothing else.

Films, quotes and critics' quotes live in the layers below, which know nothing of posts: their
admins are registered again here with the mixin (explain_refusals), as an upper layer may.
"""

from __future__ import annotations

from collections import Counter

from django.contrib import admin
from django.contrib.admin.utils import NestedObjects
from django.db import router
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from films.admin import FilmAdmin, QuoteAdmin
from films.models import Film, Quote
from picks.models import Comment, Post, PostCriticQuote, PostFilm, PostQuote, Section
from reviews.admin import CriticQuoteAdmin
from reviews.models import CriticQuote

# Rows that only link a post to something: the post is what is in the way.
POST_LINKS = (PostFilm, PostQuote, PostCriticQuote)


def _post_link(post: Post) -> SafeString:
    return format_html(
        '<a href="{}">{}</a> ({})',
        reverse("admin:picks_post_change", args=[post.pk]),
        post.title,
        post.state_label.lower(),
    )


def editorial_blockers(objs) -> list[SafeString]:
    """Links to the editorial records that keep `objs` from being deleted: posts, other
    sections, and each post's comments as one link to them in the queue. Empty when nothing
    editorial is in the way (then Django's own list says what is)."""
    objs = list(objs)
    if not objs:
        return []
    collector = NestedObjects(using=router.db_for_write(type(objs[0])))
    collector.collect(objs)
    post_ids: set[int] = set()
    sections: list[Section] = []
    comments: Counter[int] = Counter()
    for blocker in collector.protected:
        if isinstance(blocker, POST_LINKS):
            post_ids.add(blocker.post_id)
        elif isinstance(blocker, Post):
            post_ids.add(blocker.pk)
        elif isinstance(blocker, Section):
            sections.append(blocker)
        elif isinstance(blocker, Comment):
            comments[blocker.post_id] += 1
    links = [_post_link(post) for post in Post.objects.filter(pk__in=post_ids).newest_first()]
    links += [
        format_html(
            '<a href="{}">Section: {}</a>',
            reverse("admin:picks_section_change", args=[section.pk]),
            section.name,
        )
        for section in sorted(sections, key=lambda section: section.name)
    ]
    titles = {obj.pk: str(obj) for obj in objs if isinstance(obj, Post)}
    links += [
        format_html(
            '<a href="{}?post__id__exact={}">{} comment{} on “{}”</a>',
            reverse("admin:picks_comment_changelist"),
            post_id,
            count,
            "" if count == 1 else "s",
            titles.get(post_id, ""),
        )
        for post_id, count in sorted(comments.items())
    ]
    return links


class EditorialRefusalsMixin:
    """For a ModelAdmin whose records editorial work may still use: its delete pages list only
    the editorial records in the way, with `refusal_reason` and `refusal_advice` around them."""

    delete_confirmation_template = "admin/editorial_refusal.html"
    refusal_reason = "other editorial records use it:"
    refusal_advice = ""

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected and (blockers := editorial_blockers(objs)):
            protected = blockers
            request.editorial_refusal = True  # for render_delete_form, on this request only
        return deleted, model_count, perms_needed, protected

    def render_delete_form(self, request, context):
        if getattr(request, "editorial_refusal", False):
            context["editorial_refusal"] = {
                "reason": self.refusal_reason,
                "advice": self.refusal_advice,
            }
        return super().render_delete_form(request, context)


class RefusingFilmAdmin(EditorialRefusalsMixin, FilmAdmin):
    refusal_reason = "posts are about it."
    refusal_advice = "Take the film out of these posts (or delete them) first, then delete it."


class RefusingQuoteAdmin(EditorialRefusalsMixin, QuoteAdmin):
    refusal_reason = "posts feature it."
    refusal_advice = "Take the quote out of these posts first, then delete it."


class RefusingCriticQuoteAdmin(EditorialRefusalsMixin, CriticQuoteAdmin):
    refusal_reason = "posts feature it."
    refusal_advice = "Take the critic's quote out of these posts first, then delete it."


def explain_refusals(site: admin.AdminSite) -> None:
    """Register the films and reviews admins again, with the helpful delete pages."""
    for model, model_admin in (
        (Film, RefusingFilmAdmin),
        (Quote, RefusingQuoteAdmin),
        (CriticQuote, RefusingCriticQuoteAdmin),
    ):
        site.unregister(model)
        site.register(model, model_admin)
