"""The admin for the editorial side: sections, posts, site settings and slug history."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from films.admin import (
    FORMFIELD_OVERRIDES,
    CheckedImagesMixin,
    PreloadedAutocompleteInline,
    thumbnail,
)
from films.models import Quote
from picks.models import Post, PostFilm, Section, SiteSettings, SlugRedirect, SocialLink
from reviews.models import CriticQuote


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "order", "is_active", "replaced_by", "post_count")
    list_filter = ("is_active",)
    list_select_related = ("replaced_by",)
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("replaced_by",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(post_count=Count("posts"))

    @admin.display(description="posts", ordering="post_count")
    def post_count(self, section: Section) -> int:
        return section.post_count


class PostFilmInline(PreloadedAutocompleteInline, admin.TabularInline):
    model = PostFilm
    fields = ("film", "order")
    autocomplete_fields = ("film",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("post", "film")


@admin.register(Post)
class PostAdmin(CheckedImagesMixin, admin.ModelAdmin):
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
    list_filter = ("status", "section", "contains_spoilers", "comments_open")
    list_select_related = ("section", "author")
    search_fields = ("title", "standfirst", "body")
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("section", "featured_quotes", "featured_critic_quotes")
    readonly_fields = ("hero_preview",)
    fieldsets = (
        (None, {"fields": ("title", "slug", "section", "standfirst", "body")}),
        ("Hero image", {"fields": ("hero_image", "hero_preview", "hero_image_alt")}),
        ("Publishing", {"fields": ("status", "publish_at", "updated_at", "author")}),
        (
            "Around the post",
            {
                "fields": (
                    "tags",
                    "contains_spoilers",
                    "featured_quotes",
                    "featured_critic_quotes",
                    "reader_question",
                    "comments_open",
                )
            },
        ),
    )
    inlines = (PostFilmInline,)

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

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Their labels name the film (and outlet): join them so each selected row costs nothing.
        if db_field.name == "featured_quotes":
            kwargs["queryset"] = Quote.objects.select_related("film")
        elif db_field.name == "featured_critic_quotes":
            kwargs["queryset"] = CriticQuote.objects.select_related("film", "outlet")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj: Post, form, change: bool) -> None:
        if obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="image")
    def hero_thumbnail(self, post: Post):
        return thumbnail(post.hero_image)

    @admin.display(description="current image")
    def hero_preview(self, post: Post):
        return thumbnail(post.hero_image, post.hero_image_alt, "admin-preview")

    @admin.display(description="state", ordering="status")
    def state(self, post: Post) -> str:
        return post.state_label


class SocialLinkInline(admin.TabularInline):
    model = SocialLink
    fields = ("label", "url", "order")
    formfield_overrides = FORMFIELD_OVERRIDES
    extra = 0


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One row of site-wide text: the list goes straight to it, and it can't be added twice."""

    fields = ("about_text", "follow_text")
    inlines = (SocialLinkInline,)

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            return super().changelist_view(request, extra_context)  # refuses, as usual
        row = SiteSettings.objects.only("pk").first()
        if row is not None:
            return HttpResponseRedirect(reverse("admin:picks_sitesettings_change", args=[row.pk]))
        if self.has_add_permission(request):
            return HttpResponseRedirect(reverse("admin:picks_sitesettings_add"))
        return super().changelist_view(request, extra_context)


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    """Written by a signal whenever a slug changes; editors only look."""

    list_display = ("old_slug", "content_type", "target", "created_at")
    list_filter = ("content_type",)
    list_select_related = ("content_type",)
    search_fields = ("old_slug",)
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="now points to")
    def target(self, redirect: SlugRedirect):
        content_type = redirect.content_type
        try:
            url = reverse(
                f"admin:{content_type.app_label}_{content_type.model}_change",
                args=[redirect.object_id],
            )
        except NoReverseMatch:
            return f"{content_type.name} #{redirect.object_id}"
        return format_html('<a href="{}">{} #{}</a>', url, content_type.name, redirect.object_id)


# --- Comments: the moderation queue and the spam blocklist -------------------------------

from django.contrib import messages as admin_messages  # noqa: E402
from django.db import models  # noqa: E402
from django.utils.text import Truncator  # noqa: E402

from picks.comments import comment_moderate  # noqa: E402
from picks.models import BlocklistEntry, Comment  # noqa: E402


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """Every decision goes through comment_moderate, so the comment records who made it."""

    list_display = (
        "excerpt",
        "name",
        "email",
        "post_link",
        "thread_link",
        "status",
        "decision_reason",
        "decided_by_label",
        "flag_count",
        "created_at",
    )
    list_filter = ("status", "is_staff_reply", ("post", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("post", "decided_by")
    search_fields = ("name", "email", "body", "url")
    date_hierarchy = "created_at"
    actions = ("approve", "mark_spam", "remove", "restore")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = (
        "post",
        "parent",
        "depth",
        "thread_link",
        "status",
        "decided_by",
        "decided_by_system",
        "decision_reason",
        "decided_at",
        "ip",
        "user_agent",
        "flag_count",
        "user",
        "is_staff_reply",
        "created_at",
    )
    fieldsets = (
        (None, {"fields": ("thread_link", "post", "parent", "name", "email", "url", "body")}),
        (
            "Moderation",
            {
                "fields": (
                    "status",
                    "decision_reason",
                    "decided_by",
                    "decided_by_system",
                    "decided_at",
                    "flag_count",
                    "is_staff_reply",
                    "user",
                )
            },
        ),
        (
            "Kept for moderation, purged after the retention period",
            {"fields": ("ip", "user_agent")},
        ),
    )

    def has_add_permission(self, request) -> bool:
        return False  # comments come from readers; editors reply from the site

    @admin.display(description="comment")
    def excerpt(self, comment: Comment) -> str:
        return Truncator(comment.body).chars(80)

    @admin.display(description="post", ordering="post__title")
    def post_link(self, comment: Comment):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:picks_comment_changelist") + f"?post__id__exact={comment.post_id}",
            comment.post.title,
        )

    @admin.display(description="decided by")
    def decided_by_label(self, comment: Comment) -> str:
        return comment.decided_by_label

    @admin.display(description="on the site")
    def thread_link(self, comment: Comment):
        if comment.status == Comment.Status.APPROVED:
            return format_html('<a href="{}">See it in its thread</a>', comment.get_absolute_url())
        return format_html(
            '<a href="{}#comments">See the thread</a> (this comment is not shown to readers)',
            comment.post.get_absolute_url(),
        )

    def _moderate(self, request, queryset, status: str, reason: str, done: str) -> None:
        changed = comment_moderate(
            comments=queryset, status=status, decided_by=request.user, reason=reason
        )
        self.message_user(
            request,
            f"{changed} comment{'s' if changed != 1 else ''} {done}.",
            admin_messages.SUCCESS,
        )

    @admin.action(description="Approve: show to readers", permissions=["change"])
    def approve(self, request, queryset) -> None:
        self._moderate(
            request, queryset, Comment.Status.APPROVED, "Approved by an editor", "approved"
        )

    @admin.action(description="Mark as spam", permissions=["change"])
    def mark_spam(self, request, queryset) -> None:
        self._moderate(
            request, queryset, Comment.Status.SPAM, "Marked as spam by an editor", "marked as spam"
        )

    @admin.action(description="Remove: hide from readers, keep the record", permissions=["change"])
    def remove(self, request, queryset) -> None:
        self._moderate(request, queryset, Comment.Status.REMOVED, "Removed by an editor", "removed")

    @admin.action(description="Restore to the moderation queue", permissions=["change"])
    def restore(self, request, queryset) -> None:
        self._moderate(
            request,
            queryset,
            Comment.Status.PENDING,
            "Restored to the queue by an editor",
            "restored to the queue",
        )


@admin.register(BlocklistEntry)
class BlocklistEntryAdmin(admin.ModelAdmin):
    list_display = ("value", "kind", "note", "created_at")
    list_filter = ("kind",)
    search_fields = ("value", "note")
