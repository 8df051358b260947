"""The films and people a post names, on its change form: what was recognised, how often, and
an editor's "not this" for a wrong one (kept on later saves; the link goes at once).

A panel with a confirmation page rather than an inline: the post form's own fields and inlines
stay as they were, and turning a mention down never sends, or loses, the editor's unsaved text.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from picks.markdown import post_rerender_body
from picks.mentions.store import mention_restore, mention_turn_down
from picks.models import Mention, Post

SOURCE_LABELS = {Mention.Source.TEXT: "recognised", Mention.Source.LINK: "your link"}


class MentionsPanelMixin:
    """For PostAdmin: the `mentions_panel` read-only field and its "not this" page."""

    @admin.display(description="Films and people named")
    def mentions_panel(self, post: Post):
        if post is None or post.pk is None:
            return "Recognised in the standfirst and body when the post is saved."
        mentions = list(post.mentions.select_related("film", "person"))
        if not mentions:
            return "None recognised. Link one by hand: the toolbar's “Film or person link”."
        rows = format_html_join(
            "",
            "<tr{}><td>{} <span class='mention-kind'>({})</span></td><td><a href='{}'>{}</a></td>"
            "<td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    format_html(" class='{}'", "mention--turned-down") if m.is_rejected else "",
                    m.target,
                    m.kind,
                    reverse("admin:picks_post_mention", args=[post.pk, m.pk]),
                    "Restore" if m.is_rejected else "Not this…",
                    m.surface,
                    m.count,
                    "not this" if m.is_rejected else SOURCE_LABELS[m.source],
                )
                for m in mentions
            ),
        )
        return format_html(
            "<table class='mentions-panel'><thead><tr><th scope='col'>Film or person</th>"
            "<th scope='col'>Link</th><th scope='col'>As written</th><th scope='col'>Times</th>"
            "<th scope='col'>How</th></tr></thead><tbody>{}</tbody></table>"
            "<p class='mentions-panel__help'>The first mention of each is linked to its page. "
            "“Not this” removes the link, and it stays removed when the post is saved again.</p>",
            rows,
        )

    def get_urls(self):
        view = self.admin_site.admin_view(self.mention_review_view)
        return [
            path("<path:object_id>/mentions/<int:mention_id>/", view, name="picks_post_mention"),
            *super().get_urls(),
        ]

    def mention_review_view(self, request, object_id: str, mention_id: int):
        """GET asks "not this?" (or "restore?"); POST does it and re-renders the body."""
        post = self.get_object(request, object_id)
        if post is None:
            return self._get_obj_does_not_exist_redirect(request, Post._meta, object_id)
        if not self.has_change_permission(request, post):
            raise PermissionDenied
        mention = get_object_or_404(
            Mention.objects.select_related("film", "person"), pk=mention_id, post=post
        )
        change_url = reverse("admin:picks_post_change", args=[post.pk])
        if request.method == "POST":
            if mention.is_rejected:
                mention_restore(mention=mention)
                done = f"“{mention.surface}” links to {mention.target} again."
            else:
                mention_turn_down(mention=mention, by=request.user)
                done = f"“{mention.surface}” is no longer linked to {mention.target}."
            post_rerender_body(post=post)
            messages.success(request, done)
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": "Restore this mention?" if mention.is_rejected else "Not this?",
            "opts": Post._meta,
            "original": post,
            "mention": mention,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/picks/post/mention_review.html", context)
