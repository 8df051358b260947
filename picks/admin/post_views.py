"""Admin pages of the post workflow: preview of unsaved changes, revision history, restore.

PostAdmin (picks/admin/posts.py) routes to these through get_urls() and history_view().
"""

from __future__ import annotations

import base64
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.fields.files import ImageFieldFile
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from taggit.models import Tag

from films.models import Film, Quote
from picks.markdown import post_render_body
from picks.models import Post, PostCriticQuote, PostFilm, PostQuote, PostRevision
from picks.post_page import post_page_context
from picks.workflow import (
    post_apply_form_rules,
    post_content,
    readable_time,
    revision_diff,
    revision_restore,
)
from reviews.models import CriticQuote

# Larger new hero images are not inlined into the preview page; it says so instead.
PREVIEW_INLINE_IMAGE_BYTES = 3 * 1024 * 1024
# An unsaved post has no id, but the relations the page reads need one; no row has id 0.
UNSAVED_PREVIEW_ID = 0


class PreviewImageFile(ImageFieldFile):
    """A hero image uploaded with the previewed form, not stored: shown as a data: URL."""

    def __init__(self, instance, field, name: str, data_url: str) -> None:
        super().__init__(instance, field, name)
        self.data_url = data_url

    @property
    def url(self) -> str:
        return self.data_url


def _cached(queryset, objects: list):
    """A queryset that answers with `objects`, the way prefetch_related leaves one."""
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    return queryset


def _find_post(object_id: str) -> Post:
    try:
        return Post.objects.get(pk=unquote(object_id))
    except (Post.DoesNotExist, ValueError, ValidationError):
        raise Http404("No post has that id.") from None


def _check_change(model_admin, request, post: Post | None) -> None:
    allowed = (
        model_admin.has_add_permission(request)
        if post is None
        else model_admin.has_change_permission(request, post)
    )
    if not allowed:
        raise PermissionDenied


def _bound_forms(model_admin, request, post: Post | None):
    """The change form and its inline formsets, bound to the submitted data, validated."""
    form_class = model_admin.get_form(request, post, change=post is not None)
    form = form_class(request.POST, request.FILES, instance=post)
    form_valid = form.is_valid()
    formsets = []
    for formset_class, inline in model_admin.get_formsets_with_inlines(request, post):
        formsets.append(
            formset_class(
                data=request.POST,
                files=request.FILES,
                instance=form.instance,
                prefix=formset_class.get_default_prefix(),
                queryset=inline.get_queryset(request),
            )
        )
    valid = form_valid and all([formset.is_valid() for formset in formsets])
    return form, formsets, valid


def _inline_ids(formsets, model, field: str) -> list[int] | None:
    """The ids an inline's rows choose, in the editor's order; None when the form has no
    such inline (this user may not edit it: what is saved stands)."""
    rows = []
    found = False
    for formset in formsets:
        if formset.model is not model:
            continue
        found = True
        for position, row in enumerate(formset.forms):
            data = getattr(row, "cleaned_data", {})
            if not data.get(field) or data.get("DELETE"):
                continue
            rows.append((data.get("order") or 0, position, data[field].pk))
    return [pk for _order, _position, pk in sorted(rows)] if found else None


def _preview_hero(post: Post, form, notes: list[str]) -> None:
    upload = form.cleaned_data.get("hero_image")
    if not upload or getattr(post.hero_image, "_committed", True):
        return
    field = Post._meta.get_field("hero_image")
    if upload.size > PREVIEW_INLINE_IMAGE_BYTES:
        post.hero_image = form.initial.get("hero_image") or ""
        notes.append("The new hero image is too large to preview; it shows once saved.")
        return
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    # The image field already read the format: Django sets content_type from Pillow's answer.
    data_url = f"data:{upload.content_type};base64,{base64.b64encode(data).decode()}"
    post.hero_image = PreviewImageFile(post, field, upload.name, data_url)


def _preview_post(request, form, formsets, notes: list[str]) -> Post:
    """The unsaved post as the form describes it, relations answered from the form too."""
    post: Post = form.instance
    post_apply_form_rules(
        post=post, by=request.user, material_change=bool(form.cleaned_data.get("material_change"))
    )
    if post.pk is None:
        post.pk = UNSAVED_PREVIEW_ID
        post.created_at = post.modified_at = timezone.now()
    post_render_body(post=post)  # the unsaved body, as saving it would render it
    _preview_hero(post, form, notes)

    film_ids = _inline_ids(formsets, PostFilm, "film") or []
    films = Film.objects.for_about_cards().in_bulk(film_ids)
    links = [
        PostFilm(post=post, film=films[film_id], order=order)
        for order, film_id in enumerate(film_ids)
        if film_id in films
    ]
    notes.extend(
        f"{film.title} is waiting for an editor's review: readers see its card once published."
        for film in films.values()
        if not film.is_published
    )
    names = form.cleaned_data.get("tags") or []
    known = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    tags = [known.get(name) or Tag(name=name, slug=slugify(name)) for name in names]
    quote_ids = _inline_ids(formsets, PostQuote, "quote")
    if quote_ids is None:
        quote_ids = list(post.featured_quotes.values_list("pk", flat=True))
    critic_ids = _inline_ids(formsets, PostCriticQuote, "quote")
    if critic_ids is None:
        critic_ids = list(post.featured_critic_quotes.values_list("pk", flat=True))
    post._prefetched_objects_cache = {
        "film_links": _cached(PostFilm.objects.filter(post=post), links),
        "tags": _cached(Tag.objects.filter(pk__in=[t.pk for t in tags if t.pk]), tags),
        "featured_quotes": _cached(
            Quote.objects.filter(pk__in=quote_ids),
            Quote.objects.filter(pk__in=quote_ids).select_related("person", "film"),
        ),
        "featured_critic_quotes": _cached(
            CriticQuote.objects.filter(pk__in=critic_ids),
            CriticQuote.objects.filter(pk__in=critic_ids).select_related("outlet"),
        ),
    }
    return post


def post_preview(model_admin, request, object_id: str | None = None):
    """The submitted change form rendered by the public post template; nothing is saved."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    post = _find_post(object_id) if object_id else None
    _check_change(model_admin, request, post)
    form, formsets, valid = _bound_forms(model_admin, request, post)
    if not valid:
        errors = [
            (form.fields[name].label if name in form.fields else "", messages_)
            for name, messages_ in form.errors.items()
        ]
        for formset in formsets:
            for row_errors in formset.errors:
                errors += [("Films", messages_) for messages_ in row_errors.values()]
            if formset.non_form_errors():
                errors.append(("Films", formset.non_form_errors()))
        context = {
            **model_admin.admin_site.each_context(request),
            "title": "Nothing to preview yet",
            "opts": Post._meta,
            "errors": errors,
        }
        return TemplateResponse(
            request, "admin/picks/post/preview_invalid.html", context, status=400
        )

    notes: list[str] = []
    preview = _preview_post(request, form, formsets, notes)
    context = post_page_context(request, preview)
    context.update(is_preview=True, preview_notes=notes)
    response = TemplateResponse(request, "admin/picks/post/preview.html", context)
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    return response


# -- history ----------------------------------------------------------------------------------


def _post_for_history(model_admin, request, object_id: str) -> Post:
    post = model_admin.get_object(request, unquote(object_id))
    if post is None:
        raise Http404("No post you can see has that id.")
    if not model_admin.has_view_or_change_permission(request, post):
        raise PermissionDenied
    return post


def post_history(model_admin, request, object_id: str):
    """Every revision of a post, newest first, with two to pick for a comparison."""
    post = _post_for_history(model_admin, request, object_id)
    revisions = list(post.revisions.select_related("created_by"))
    # The two latest versions by default: "what did the last save change?". With one version
    # only, it is compared with the post as it is now.
    default_newer = revisions[0].pk if len(revisions) > 1 else "current"
    default_older = revisions[1].pk if len(revisions) > 1 else None
    if len(revisions) == 1:
        default_older = revisions[0].pk
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"History: {post}",
        "subtitle": None,
        "opts": Post._meta,
        "original": post,
        "object": post,
        "revisions": revisions,
        "default_older": default_older,
        "default_newer": default_newer,
        "can_restore": model_admin.has_change_permission(request, post),
        "compare_url": reverse("admin:picks_post_compare", args=[post.pk]),
    }
    return TemplateResponse(request, "admin/picks/post/revision_history.html", context)


def _revision(post: Post, raw) -> PostRevision:
    try:
        return post.revisions.select_related("created_by").get(pk=int(raw))
    except (PostRevision.DoesNotExist, TypeError, ValueError):
        raise Http404("This post has no such revision.") from None


def _chosen_pair(post: Post, request) -> tuple[PostRevision, PostRevision | None, dict]:
    first = _revision(post, request.GET.get("a"))
    if request.GET.get("b") in (None, "", "current"):
        return first, None, post_content(post)
    second = _revision(post, request.GET.get("b"))
    if (second.created_at, second.pk) < (first.created_at, first.pk):
        first, second = second, first
    return first, second, second.content


def post_compare(model_admin, request, object_id: str):
    """What changed between two revisions (?a=&b=), the older one first; b may be 'current'.
    Without ?a, the two latest versions."""
    post = _post_for_history(model_admin, request, object_id)
    if not request.GET.get("a"):
        latest = list(post.revisions.select_related("created_by")[:2])
        if not latest:
            raise Http404("This post has no saved versions yet.")
        first, second = (latest[1], latest[0]) if len(latest) == 2 else (latest[0], None)
        newer_content = second.content if second else post_content(post)
    else:
        first, second, newer_content = _chosen_pair(post, request)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Changes to {post}",
        "opts": Post._meta,
        "original": post,
        "older": first,
        "newer": second,
        "changes": revision_diff(first.content, newer_content),
        "can_restore": model_admin.has_change_permission(request, post),
    }
    return TemplateResponse(request, "admin/picks/post/revision_compare.html", context)


def post_restore(model_admin, request, object_id: str, revision_id: int):
    """GET asks for confirmation and shows what would change; POST restores."""
    post = _post_for_history(model_admin, request, object_id)
    if not model_admin.has_change_permission(request, post):
        raise PermissionDenied
    revision = get_object_or_404(post.revisions.select_related("created_by"), pk=revision_id)
    history_url = reverse("admin:picks_post_history", args=[post.pk])
    if request.method == "POST":
        try:
            revision_restore(revision=revision, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, f"Could not restore: {message}")
            return HttpResponseRedirect(history_url)
        messages.success(
            request, f"Restored “{post}” to the version of {readable_time(revision.created_at)}."
        )
        return HttpResponseRedirect(reverse("admin:picks_post_change", args=[post.pk]))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Restore an earlier version of {post}?",
        "opts": Post._meta,
        "original": post,
        "revision": revision,
        "changes": revision_diff(post_content(post), revision.content),
        "history_url": history_url,
        "compare_query": urlencode({"a": revision.pk, "b": "current"}),
    }
    return TemplateResponse(request, "admin/picks/post/revision_restore.html", context)
