"""The newsletter in the admin: editors compose an issue (posts, the latest Best Pick first, and
an introduction), preview it as the email, send a test to themselves, then send or schedule it;
subscribers can be marked bounced or complained, which stops their mail."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.context_processors import site_origin
from picks.models import Delivery, NewsletterIssue, NewsletterIssuePost, Subscriber
from picks.newsletter.sending import (
    issue_email,
    issue_resume,
    issue_retry_failed,
    issue_schedule,
    issue_send,
    issue_send_test,
    issue_unschedule,
    latest_best_pick,
)

SEND_PERMISSION = "picks.send_newsletterissue"


class NewsletterIssuePostInline(admin.TabularInline):
    model = NewsletterIssuePost
    fields = ("post", "position")
    autocomplete_fields = ("post",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("post")


class ScheduleForm(forms.Form):
    send_at = forms.DateTimeField(
        label="Send at",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean_send_at(self) -> datetime:
        when = self.cleaned_data["send_at"]
        if when <= timezone.now():
            raise forms.ValidationError("Choose a moment in the future, or press Send now.")
        return when


@admin.register(NewsletterIssue)
class NewsletterIssueAdmin(admin.ModelAdmin):
    change_form_template = "picks/newsletter/admin/change_form.html"
    list_display = ("subject", "status", "scheduled_for", "sent_at", "progress")
    list_filter = ("status",)
    search_fields = ("subject", "introduction")
    fields = ("subject", "introduction")
    inlines = [NewsletterIssuePostInline]
    view_on_site = False  # an issue is an email, not a page of the site

    def get_queryset(self, request):
        sent = Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT))
        failed = Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED))
        return super().get_queryset(request).annotate(sent_count=sent, failed_count=failed)

    @admin.display(description="Sent / failed")
    def progress(self, issue: NewsletterIssue) -> str:
        if issue.status in (NewsletterIssue.Status.DRAFT, NewsletterIssue.Status.SCHEDULED):
            return "–"
        return f"{issue.sent_count} sent, {issue.failed_count} failed"

    def has_change_permission(self, request, obj=None) -> bool:
        # Once it is sending, an issue is a record of what went out: read-only.
        if obj is not None and not obj.is_editable:
            return False
        return super().has_change_permission(request, obj)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if pick := latest_best_pick():
            initial.setdefault("subject", f"This week's pick: {pick.title}")
        return initial

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if obj.pk is None and request.method == "GET" and (pick := latest_best_pick()):
            kwargs["initial"] = [{"post": pick.pk, "position": 1}]
        return kwargs

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if obj is None:
            for inline in inlines:
                inline.extra = 1  # the row the latest Best Pick fills
        return inlines

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        issue = self.get_object(request, object_id)
        extra = {}
        if issue is not None:
            extra = {
                "newsletter": {
                    "issue": issue,
                    "can_send": request.user.has_perm(SEND_PERMISSION),
                    "subscribers": Subscriber.objects.receiving().count(),
                    "sent": issue.deliveries.filter(status=Delivery.Status.SENT).count(),
                    "failed": issue.deliveries.filter(status=Delivery.Status.FAILED).count(),
                    "schedule_form": ScheduleForm(),
                    "test_address": request.user.email,
                }
            }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    # The issue's own pages and actions ----------------------------------------------------

    def get_urls(self):
        def view(function, name, *, post_only=True):
            function = require_POST(function) if post_only else function
            return path(
                f"<int:pk>/{name}/",
                self.admin_site.admin_view(function),
                name=f"picks_newsletterissue_{name.replace('-', '_')}",
            )

        return [
            view(self.preview_html, "preview", post_only=False),
            view(self.preview_text, "preview-text", post_only=False),
            view(self.send_test_view, "send-test"),
            view(self.send_view, "send"),
            view(self.schedule_view, "schedule"),
            view(self.unschedule_view, "unschedule"),
            view(self.resume_view, "resume"),
            view(self.retry_failed_view, "retry-failed"),
            *super().get_urls(),
        ]

    def _issue(self, request: HttpRequest, pk: int, *, send: bool = False) -> NewsletterIssue:
        issue = get_object_or_404(NewsletterIssue, pk=pk)
        if not self.has_view_permission(request, issue):
            raise PermissionDenied
        if send and not request.user.has_perm(SEND_PERMISSION):
            raise PermissionDenied
        return issue

    def _back(self, issue: NewsletterIssue) -> HttpResponseRedirect:
        return HttpResponseRedirect(
            reverse("admin:picks_newsletterissue_change", args=[issue.pk]) + "#newsletter-send"
        )

    def _preview(self, request: HttpRequest, pk: int) -> tuple[str, str]:
        issue = self._issue(request, pk)
        sample = Subscriber(pk=0, email=request.user.email or "reader@example.com")
        mail = issue_email(issue, site_origin(request))
        message = mail.message(sample)
        return message.body, message.alternatives[0][0]

    def preview_html(self, request: HttpRequest, pk: int) -> HttpResponse:
        return HttpResponse(self._preview(request, pk)[1])

    def preview_text(self, request: HttpRequest, pk: int) -> HttpResponse:
        return HttpResponse(self._preview(request, pk)[0], content_type="text/plain; charset=utf-8")

    def send_test_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        issue = self._issue(request, pk)
        if not request.user.email:
            self.message_user(
                request, "Your account has no email address to send the test to.", messages.ERROR
            )
            return self._back(issue)
        issue_send_test(issue=issue, email=request.user.email, origin=site_origin(request))
        self.message_user(request, f"A test copy is on its way to {request.user.email}.")
        return self._back(issue)

    def send_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        issue = self._issue(request, pk, send=True)
        if not issue.post_links.exists():
            self.message_user(request, "Add at least one post before sending.", messages.ERROR)
        elif issue_send(issue=issue, origin=site_origin(request)):
            self.message_user(request, "Sending: every confirmed subscriber gets one copy.")
        else:
            self.message_user(request, "This issue is already sending or sent.", messages.WARNING)
        return self._back(issue)

    def schedule_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        issue = self._issue(request, pk, send=True)
        form = ScheduleForm(request.POST)
        if not issue.post_links.exists():
            self.message_user(request, "Add at least one post before scheduling.", messages.ERROR)
        elif not form.is_valid():
            self.message_user(request, " ".join(form.errors["send_at"]), messages.ERROR)
        elif issue_schedule(
            issue=issue, when=form.cleaned_data["send_at"], origin=site_origin(request)
        ):
            when = timezone.localtime(issue.scheduled_for).strftime("%a %d %b %Y, %H:%M %Z")
            self.message_user(request, f"Scheduled for {when}.")
        else:
            self.message_user(request, "This issue is already sending or sent.", messages.WARNING)
        return self._back(issue)

    def unschedule_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        issue = self._issue(request, pk, send=True)
        if issue_unschedule(issue=issue):
            self.message_user(request, "No longer scheduled: the issue is a draft again.")
        return self._back(issue)

    def resume_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        issue = self._issue(request, pk, send=True)
        if issue_resume(issue=issue):
            self.message_user(request, "Resumed: only subscribers still missing a copy get one.")
        return self._back(issue)

    def retry_failed_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        issue = self._issue(request, pk, send=True)
        retried = issue_retry_failed(issue=issue)
        self.message_user(
            request, f"Sending again to {retried} subscriber{'s' if retried != 1 else ''}."
        )
        return self._back(issue)


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ("email", "status", "created_at", "confirmed_at", "status_changed_at")
    list_filter = ("status",)
    search_fields = ("email",)
    fields = ("email", "status", "created_at", "confirmed_at", "status_changed_at")
    readonly_fields = ("email", "created_at", "confirmed_at", "status_changed_at")
    actions = ["mark_bounced", "mark_complained"]

    def has_add_permission(self, request) -> bool:
        return False  # only a reader's own confirmed sign-up adds an address

    def get_form(self, request, obj=None, change=False, **kwargs):
        """An editor may stop mail (unsubscribed, bounced, complained) but never confirm an
        address for its owner: only the emailed link does that."""
        form = super().get_form(request, obj, change=change, **kwargs)
        allowed = {Subscriber.Status.UNSUBSCRIBED, Subscriber.Status.BOUNCED}
        allowed |= {Subscriber.Status.COMPLAINED, obj.status if obj else None}
        if "status" in form.base_fields:
            form.base_fields["status"].choices = [
                choice for choice in Subscriber.Status.choices if choice[0] in allowed
            ]
        return form

    def save_model(self, request, obj, form, change) -> None:
        if "status" in form.changed_data:
            obj.set_status(obj.status)
        super().save_model(request, obj, form, change)

    def _mark(self, request, queryset, status: str) -> None:
        count = queryset.exclude(status=status).update(
            status=status, status_changed_at=timezone.now()
        )
        label = Subscriber.Status(status).label.lower()
        self.message_user(request, f"{count} marked {label}: they get no more mail.")

    @admin.action(description="Mark as bounced (stop mail)", permissions=["change"])
    def mark_bounced(self, request, queryset) -> None:
        self._mark(request, queryset, Subscriber.Status.BOUNCED)

    @admin.action(description="Mark as complained (stop mail)", permissions=["change"])
    def mark_complained(self, request, queryset) -> None:
        self._mark(request, queryset, Subscriber.Status.COMPLAINED)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Who got which issue: a read-only record the send writes, with the mail server's error."""

    list_display = ("subscriber", "issue", "status", "sent_at", "error")
    list_filter = ("status", "issue")
    list_select_related = ("subscriber", "issue")
    search_fields = ("subscriber__email",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
