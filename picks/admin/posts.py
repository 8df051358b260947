"""The admin for posts: the change form and its checks, the films and quotes inlines, the list
with its filters and actions. Editors publish; contributors write and edit their own drafts."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core import checks
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from core.admin_tools import (
    ADMIN_CSS,
    CheckedImagesMixin,
    PreloadedAutocompleteFormSet,
    PreloadedAutocompleteInline,
    thumbnail,
)
from films.tag_input import TagNamesAdminMixin
from picks.admin import factcheck, post_views, writing
from picks.admin.autosave import post_autosave_view
from picks.admin.mentions import MentionsPanelMixin
from picks.admin.post_form import (
    Intent,
    PostAdminForm,
    describe_post,
    saved_message,
    submitted_intent,
)
from picks.admin.refusals import EditorialRefusalsMixin
from picks.autosave import AUTOSAVED_FIELDS, newer_autosave
from picks.models import MediaImage, Post, PostCriticQuote, PostFilm, PostQuote
from picks.roles import can_publish
from picks.workflow import (
    EDITABLE_FIELDS,
    best_pick_problems,
    post_apply_form_rules,
    post_publish,
    post_save_revision,
    post_unpublish,
)

__all__ = ["PostAdmin", "PostAdminForm", "describe_post"]


class PostFilmFormSet(PreloadedAutocompleteFormSet):
    """The films of a post; a Best Pick that is published or scheduled needs at least one."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors) or self.instance.status != Post.Status.PUBLISHED:
            return
        films = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", {}).get("film") and not self._should_delete_form(form)
        ]
        problem = best_pick_problems(post=self.instance, film_count=len(films)).get("films")
        if problem:
            raise ValidationError(problem, code="best_pick_needs_film")


class PostFilmInline(PreloadedAutocompleteInline, admin.TabularInline):
    model = PostFilm
    formset = PostFilmFormSet
    fields = ("film", "order")
    autocomplete_fields = ("film",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("post", "film")


class FeaturedQuoteInline(PreloadedAutocompleteInline, admin.TabularInline):
    """Memorable lines from the film, shown with the post. Through a model of its own, so a
    featured quote cannot be deleted from under a post (PROTECT: Django's delete pages refuse
    and name the post)."""

    model = PostQuote
    fields = ("quote",)
    autocomplete_fields = ("quote",)
    extra = 0

    def get_queryset(self, request):
        # A quote's label names its film: join it so each row costs no query.
        return super().get_queryset(request).select_related("post", "quote__film")


class FeaturedCriticQuoteInline(FeaturedQuoteInline):
    """Critics' lines shown with the post, protected the same way."""

    model = PostCriticQuote

    def get_queryset(self, request):
        return (
            super(FeaturedQuoteInline, self)
            .get_queryset(request)
            .select_related("post", "quote__film", "quote__outlet")
        )


class PostStateFilter(admin.SimpleListFilter):
    """Scheduled is a state editors look for, though it is stored as published with a date."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("scheduled", "Scheduled"),
            ("live", "Published"),
            ("unpublished", "Unpublished"),
        ]

    def queryset(self, request, queryset):
        return {
            "draft": lambda: queryset.filter(status=Post.Status.DRAFT),
            "scheduled": lambda: queryset.scheduled(),
            "live": lambda: queryset.published(),
            "unpublished": lambda: queryset.filter(status=Post.Status.UNPUBLISHED),
        }.get(self.value(), lambda: queryset)()


class AuthorFilter(admin.RelatedOnlyFieldListFilter):
    def field_choices(self, field, request, model_admin):
        # Contributors only see their own posts: offering colleagues' names would list nothing.
        if not can_publish(request.user):
            return []
        return super().field_choices(field, request, model_admin)


@admin.register(Post)
class PostAdmin(
    MentionsPanelMixin,
    EditorialRefusalsMixin,
    TagNamesAdminMixin,
    CheckedImagesMixin,
    admin.ModelAdmin,
):
    """Editors publish; contributors write and edit their own drafts (picks/roles.py).

    Every save keeps a revision (History); Preview renders the unsaved form in the public page.
    """

    form = PostAdminForm
    list_display = (
        "hero_thumbnail",
        "title",
        "section",
        "state",
        "publish_at",
        "author",
        "comments_open",
    )
    list_display_links = ("hero_thumbnail", "title")
    list_filter = (
        PostStateFilter,
        "section",
        ("author", AuthorFilter),
        "publish_at",
        "is_featured",
        "contains_spoilers",
        "comments_open",
    )
    list_select_related = ("section", "author")
    search_fields = ("title", "slug", "standfirst", "body")
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("section",)
    readonly_fields = ("hero_preview", "updated_at", "mentions_panel")
    fieldsets = (
        (None, {"fields": ("title", "slug", "section", "standfirst", "body")}),
        ("Films and people named", {"fields": ("mentions_panel",), "classes": ("mentions",)}),
        ("Our verdict", {"fields": ("rating", "verdict")}),
        ("Hero image", {"fields": ("hero_image", "hero_preview", "hero_image_alt")}),
        (
            "Publishing",
            {
                "fields": (
                    "status",
                    "publish_at",
                    "is_featured",
                    "pinned_until",
                    "confirm_old_date",
                    "updated_at",
                    "material_change",
                    "author",
                )
            },
        ),
        (
            "Around the post",
            {
                "fields": (
                    "tags",
                    "contains_spoilers",
                    "reader_question",
                    "comments_open",
                    "comments_close_after_days",
                )
            },
        ),
    )
    inlines = (PostFilmInline, FeaturedQuoteInline, FeaturedCriticQuoteInline)
    actions = ("publish_selected", "unpublish_selected")
    # Fields only an editor (picks.publish_post) may set; read-only for everyone else.
    PUBLISHER_FIELDS = ("status", "publish_at", "is_featured", "pinned_until", "author")
    PUBLISHER_FORM_FIELDS = ("material_change", "confirm_old_date")
    MEDIA_PANEL_SIZE = 24
    refusal_reason = "readers' comments hang from it."
    refusal_advice = "Unpublish it instead, which keeps its comments, or delete its comments first."

    class Media:
        css = {"all": [*ADMIN_CSS["all"], "picks/admin.css", "picks/image_chooser.css"]}
        js = [
            "core/unsaved_changes.js",
            "core/admin_labels.js",
            "picks/post_admin.js",
            "picks/post_autosave.js",
            "picks/post_writing.js",
            "picks/image_chooser.js",
        ]

    # -- the form and the revisions agree --------------------------------------------------

    def check(self, **kwargs):
        return [*super().check(**kwargs), *self._check_editable_fields()]

    def _check_editable_fields(self) -> list[checks.CheckMessage]:
        """The form offers exactly the post fields a revision records (picks/workflow.py)."""
        names = {name for _title, options in self.fieldsets for name in options["fields"]}
        inline_models = {inline.model for inline in self.inlines}
        offered = {
            field.name
            for field in [*Post._meta.fields, *Post._meta.many_to_many]
            if field.name in names or getattr(field.remote_field, "through", None) in inline_models
        }
        errors = []
        if unrecorded := sorted(offered - set(EDITABLE_FIELDS)):
            errors.append(
                checks.Error(
                    f"The post form offers fields that revisions do not record: {unrecorded}.",
                    hint="Add them to EDITABLE_FIELDS in picks/workflow.py.",
                    obj=self.__class__,
                    id="picks.E001",
                )
            )
        if unoffered := sorted(set(EDITABLE_FIELDS) - offered):
            errors.append(
                checks.Error(
                    f"Revisions record post fields that the form does not offer: {unoffered}.",
                    hint="Add them to PostAdmin.fieldsets or its inlines, or take them out of "
                    "EDITABLE_FIELDS in picks/workflow.py.",
                    obj=self.__class__,
                    id="picks.E002",
                )
            )
        return errors

    # -- who may do what ------------------------------------------------------------------

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if can_publish(request.user):
            return queryset
        return queryset.filter(author=request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or can_publish(request.user):
            return True
        # A contributor: their own post, while it is not published or scheduled.
        return obj.author_id == request.user.pk and obj.status != Post.Status.PUBLISHED

    def has_publish_permission(self, request) -> bool:
        return can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if can_publish(request.user):
            return fields
        return (*fields, *self.PUBLISHER_FIELDS)

    def get_fieldsets(self, request, obj=None):
        if can_publish(request.user):
            return super().get_fieldsets(request, obj)
        hidden = set(self.PUBLISHER_FORM_FIELDS)
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in hidden]})
            for name, options in super().get_fieldsets(request, obj)
        ]

    # -- form fields ------------------------------------------------------------------------

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "body" and field is not None:
            field.help_text = mark_safe(
                escape(db_field.help_text) + " Library images: put <code>{image:42}</code> on a "
                "line of its own (the number is the image's; see “Image library” below)."
            )
        return field

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author":
            # Staff can sign posts; a former colleague stays valid on the posts they wrote.
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(Q(is_staff=True) | Q(posts__isnull=False))
                .distinct()
            )
            kwargs["help_text"] = "Leave blank to sign the post with your own name."
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # -- saving -----------------------------------------------------------------------------

    def save_model(self, request, obj: Post, form, change: bool) -> None:
        if not can_publish(request.user):
            # Read-only fields are not in the form, so a forged POST cannot set them; this
            # also holds if a field ever slips back into the form.
            if change:
                saved = Post.objects.values("status", "publish_at", "author_id").get(pk=obj.pk)
                obj.status, obj.publish_at = saved["status"], saved["publish_at"]
                obj.author_id = saved["author_id"]
            else:
                obj.status, obj.publish_at, obj.author = Post.Status.DRAFT, None, request.user
        elif form.intent in Intent.PUBLISHING:
            # post_publish (in save_related, once the films are saved) puts it on the site.
            form.publish_at_target = obj.publish_at
            if change:
                saved = Post.objects.values("status", "publish_at").get(pk=obj.pk)
                obj.status, obj.publish_at = saved["status"], saved["publish_at"]
            else:
                obj.status, obj.publish_at = Post.Status.DRAFT, None
        # Only publishers' forms carry "material change" (see get_form).
        post_apply_form_rules(
            post=obj,
            by=request.user,
            material_change=bool(form.cleaned_data.get("material_change")),
        )
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        post = form.instance
        factcheck.record_form_checks(form, post, request.user)
        if not change:
            summary = "Created"
        elif "status" in form.changed_data or "publish_at" in form.changed_data:
            summary = f"Saved as {post.state_label.lower()}"
        else:
            summary = "Edited" + (
                " (material change)" if form.cleaned_data.get("material_change") else ""
            )
        if hasattr(form, "publish_at_target"):
            if not change:
                post_save_revision(post=post, by=request.user, summary=summary)
            try:
                published = post_publish(post=post, by=request.user, at=form.publish_at_target)
            except ValidationError as refusal:  # the films just saved changed what it checks
                self.message_user(request, " ".join(refusal.messages), messages.ERROR)
                return
            post.status, post.publish_at = published.status, published.publish_at
            return
        post_save_revision(post=post, by=request.user, summary=summary)

    # -- after saving: stay on the form and say what happened ------------------------------

    def _response_to_intent(self, request, obj: Post, form_intent: str):
        self.message_user(request, saved_message(obj, form_intent), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:picks_post_change", args=[obj.pk]))

    def response_add(self, request, obj, post_url_continue=None):
        if intent := self._intent(request):
            return self._response_to_intent(request, obj, intent)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if intent := self._intent(request):
            return self._response_to_intent(request, obj, intent)
        return super().response_change(request, obj)

    @staticmethod
    def _intent(request) -> str:
        if "_popup" in request.POST:
            return ""
        return submitted_intent(request.POST)

    # -- list actions -----------------------------------------------------------------------

    def _apply(self, request, queryset, action, done: str) -> None:
        changed, refused = 0, []
        for post in queryset:
            try:
                action(post=post, by=request.user)
                changed += 1
            except ValidationError as error:
                refused.append(" ".join(error.messages))
        if changed:
            noun = "post" if changed == 1 else "posts"
            self.message_user(request, f"{changed} {noun} {done}.", messages.SUCCESS)
        for reason in refused:
            self.message_user(request, reason, messages.ERROR)

    @admin.action(
        description="Publish (a future publish date schedules it)", permissions=["publish"]
    )
    def publish_selected(self, request, queryset) -> None:
        self._apply(request, queryset, post_publish, "published or scheduled")

    @admin.action(description="Unpublish: take off the site", permissions=["publish"])
    def unpublish_selected(self, request, queryset) -> None:
        self._apply(request, queryset, post_unpublish, "unpublished")

    # -- preview, history, restore (picks/admin/post_views.py) -----------------------------

    def get_urls(self):
        def wrap(view):
            def wrapper(request, *args, **kwargs):
                return view(self, request, *args, **kwargs)

            return self.admin_site.admin_view(wrapper)

        return [
            path("preview/", wrap(post_views.post_preview), name="picks_post_preview_add"),
            path(
                "<path:object_id>/preview/",
                wrap(post_views.post_preview),
                name="picks_post_preview",
            ),
            path("render/", wrap(writing.post_render_preview), name="picks_post_render"),
            path("link-choices/", wrap(writing.post_link_choices), name="picks_post_links"),
            *factcheck.urls(wrap),
            path(
                "<path:object_id>/autosave/",
                wrap(post_autosave_view),
                name="picks_post_autosave",
            ),
            path(
                "<path:object_id>/history/compare/",
                wrap(post_views.post_compare),
                name="picks_post_compare",
            ),
            path(
                "<path:object_id>/history/<int:revision_id>/restore/",
                wrap(post_views.post_restore),
                name="picks_post_restore",
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        return post_views.post_history(self, request, object_id)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["media_library"] = MediaImage.objects.all()[: self.MEDIA_PANEL_SIZE]
        context["may_publish"] = can_publish(request.user)
        context.update(factcheck.panel_context(request, obj))
        if obj is not None and obj.pk and request.method == "POST":
            # A refused save leaves the typed values on obj ("published", by Publish now): the
            # buttons offered follow the post as saved, so the editor can press the same again.
            context["original"] = Post.objects.get(pk=obj.pk)
        autosave = newer_autosave(obj) if obj is not None and request.method == "GET" else None
        if autosave is not None:
            context["autosave"] = autosave
            context["autosave_text"] = {
                name: autosave.content.get(name, "") for name in AUTOSAVED_FIELDS
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    # -- columns ----------------------------------------------------------------------------

    @admin.display(description="image")
    def hero_thumbnail(self, post: Post):
        return thumbnail(post.hero_image)

    @admin.display(description="current image")
    def hero_preview(self, post: Post):
        return thumbnail(post.hero_image, post.hero_image_alt, "admin-preview")

    @admin.display(description="state", ordering="status")
    def state(self, post: Post):
        return format_html(
            '<span class="post-state post-state--{}">{}</span>',
            post.state_label.lower(),
            post.state_label,
        )
