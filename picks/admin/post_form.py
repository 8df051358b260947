"""The post change form: its checks, and the explicit publishing buttons ("Save draft",
"Publish now", "Schedule…") with the message that says what each one did."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import dateformat, timezone
from django.utils.html import format_html

from picks.admin.factcheck import check_form_before_publishing
from picks.models import Post, Section
from picks.workflow import best_pick_problems

# A publish date further back than this asks the editor to confirm it.
OLD_DATE_DAYS = 30


class Intent:
    """What the submit button pressed asks for (its name is "_intent")."""

    FIELD = "_intent"
    DRAFT = "draft"  # save, and keep it off the site
    PUBLISH = "publish"  # save and put it on the site now
    SCHEDULE = "schedule"  # save and put it on the site at its publish date, in the future
    SAVE = "save"  # save; a live or scheduled post stays as it is
    ALL = (DRAFT, PUBLISH, SCHEDULE, SAVE)
    PUBLISHING = (PUBLISH, SCHEDULE)


def submitted_intent(data) -> str:
    """The button pressed; "" for a form sent without one (the status field then decides)."""
    intent = data.get(Intent.FIELD, "") if data is not None else ""
    return intent if intent in Intent.ALL else ""


def local_moment(value: datetime) -> str:
    """Friday 5 June 2026 at 09:00 (Europe/London): a time as the site's readers keep it."""
    local = timezone.localtime(value)
    zone = timezone.get_current_timezone_name()
    return f"{dateformat.format(local, 'l j F Y')} at {local:%H:%M} ({zone})"


def describe_post(post: Post) -> str:
    """“<title>” (published 3 May 2024): names a post in a message."""
    if post.is_scheduled:
        state = f"scheduled for {dateformat.format(timezone.localtime(post.publish_at), 'j M Y')}"
    elif post.status == Post.Status.PUBLISHED and post.publish_at:
        state = f"published {dateformat.format(timezone.localtime(post.publish_at), 'j M Y')}"
    else:
        state = post.get_status_display().lower()
    return f"“{post.title}” ({state})"


def saved_message(post: Post, intent: str):
    """What the editor reads after pressing a button: the state the post is in now, with the
    date and time a scheduled post goes live."""
    if post.is_scheduled:
        return format_html(
            "“{}” is scheduled: it goes live on {}.", post.title, local_moment(post.publish_at)
        )
    if post.is_live:
        done = (
            "is published: readers can see it now"
            if intent == Intent.PUBLISH
            else "is saved: the published post shows the changes"
        )
        return format_html(
            '“{}” {}. <a href="{}">View it on the site</a>.',
            post.title,
            done,
            post.get_absolute_url(),
        )
    return format_html("“{}” is saved as a draft: readers cannot see it.", post.title)


class PostAdminForm(forms.ModelForm):
    material_change = forms.BooleanField(
        label="Material change",
        required=False,
        help_text="Tick when this save changes what a published post says: readers see an "
        "'Updated' date. Leave unticked for typo fixes.",
    )
    confirm_old_date = forms.BooleanField(
        label="Yes, publish with this old date",
        required=False,
        help_text=f"Needed for a publish date more than {OLD_DATE_DAYS} days ago.",
    )

    # No Meta: PostAdmin builds the form's fields from its fieldsets.

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.intent = submitted_intent(self.data if self.is_bound else None)
        if section := self.fields.get("section"):
            # Retired sections keep their archive but take no new posts; a post keeps its own.
            section.queryset = Section.objects.filter(
                Q(is_active=True) | Q(pk=self.instance.section_id)
            )
            section.error_messages["invalid_choice"] = (
                "That section is retired: choose one that takes new posts."
            )

    @property
    def may_publish(self) -> bool:
        # Only editors' forms carry the status field (it is read-only for contributors).
        return "status" in self.fields

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        clash = Post.objects.filter(slug=slug).exclude(pk=self.instance.pk).first()
        if clash is not None:
            raise ValidationError(
                "The slug “%(slug)s” is already used by %(post)s. Choose another one.",
                code="unique",
                params={"slug": slug, "post": describe_post(clash)},
            )
        return slug

    def _apply_intent(self, cleaned: dict) -> None:
        """The button pressed sets the status and, to publish now, the date."""
        if not self.may_publish or not self.intent:
            return
        saved = self.instance
        already_published = saved.pk is not None and saved.status == Post.Status.PUBLISHED
        if self.intent == Intent.DRAFT:
            cleaned["status"] = Post.Status.PUBLISHED if already_published else Post.Status.DRAFT
        elif self.intent == Intent.SAVE:
            cleaned["status"] = saved.status if saved.pk else Post.Status.DRAFT
        elif self.intent == Intent.PUBLISH:
            cleaned["status"] = Post.Status.PUBLISHED
            if not saved.is_live:
                cleaned["publish_at"] = timezone.now()
        elif self.intent == Intent.SCHEDULE:
            cleaned["status"] = Post.Status.PUBLISHED
            publish_at = cleaned.get("publish_at")
            if publish_at is None or publish_at <= timezone.now():
                self.add_error(
                    "publish_at",
                    ValidationError(
                        "To schedule the post, give the date and time it goes live, in the future.",
                        code="schedule_needs_future_date",
                    ),
                )

    def clean(self):
        cleaned = super().clean()
        self._apply_intent(cleaned)
        status = cleaned.get("status", self.instance.status)
        publish_at = cleaned.get("publish_at")
        if (
            "publish_at" in self.changed_data
            and self.intent != Intent.PUBLISH
            and publish_at is not None
            and status == Post.Status.PUBLISHED
            and publish_at < timezone.now() - timedelta(days=OLD_DATE_DAYS)
            and not cleaned.get("confirm_old_date")
        ):
            when = dateformat.format(timezone.localtime(publish_at), "j F Y")
            self.add_error(
                "publish_at",
                ValidationError(
                    "%(when)s is more than %(days)s days ago: readers would see the post dated "
                    "then, below newer posts. Tick 'Yes, publish with this old date' if you "
                    "mean it.",
                    code="old_publish_date",
                    params={"when": when, "days": OLD_DATE_DAYS},
                ),
            )
        if status == Post.Status.PUBLISHED and cleaned.get("section"):
            draft = Post(
                section=cleaned["section"],
                hero_image=cleaned.get("hero_image", self.instance.hero_image) or "",
                hero_image_alt=cleaned.get("hero_image_alt", ""),
                rating=cleaned.get("rating"),
                verdict=cleaned.get("verdict", ""),
            )
            problems = best_pick_problems(post=draft, film_count=None)  # the inline checks films
            for name, problem in problems.items():
                if name in self.fields and name not in self.errors:
                    self.add_error(name, ValidationError(problem, code="best_pick"))
        if status == Post.Status.PUBLISHED and self.may_publish:
            check_form_before_publishing(self, cleaned)
        return cleaned
