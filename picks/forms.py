"""Reader-facing forms: the comment form with its hidden spam defences."""

from __future__ import annotations

import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.db import models

from picks.models import Comment, Post, is_staff_author

_STARTED_SALT = "picks.comment-form.started"
_RESEND = "Your text is kept below: please send it again."


def sign_form_start(post: Post) -> str:
    """A signed timestamp for the hidden `started` field of the form on `post`'s page.

    It names the post, so it cannot be carried to another one, and holds a random part, so no
    two page loads share one: picks.comments lets each be used for one comment only.
    """
    value = f"{post.pk}:{time.time():.3f}:{secrets.token_urlsafe(6)}"
    return signing.TimestampSigner(salt=_STARTED_SALT).sign(value)


def _https_by_default(db_field, **kwargs):
    """A typed "example.com" becomes https://example.com (Django 6's default, early)."""
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class CommentForm(forms.ModelForm):
    """Name, email, website and `comment`, plus `parent`, `started` and the honeypot `phone`.

    Lengths and rules come from the Comment model. The text field is named `comment`, as in
    WordPress and django-contrib-comments (what browsers, spam services and tools expect);
    the model keeps calling it `body`. For a signed-in editor, name and email come from the
    account and may be left empty.
    """

    comment = Comment._meta.get_field("body").formfield(
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Plain text. Line breaks are kept and web addresses become links.",
    )
    remember = forms.BooleanField(
        label="Remember my name, email and website in this browser for my next comment",
        required=False,
    )
    notify_replies = forms.BooleanField(
        label="Email me when someone replies",
        required=False,
        help_text="We first email you a link to confirm your address; every email can stop them.",
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    started = forms.CharField(required=False, widget=forms.HiddenInput)
    # The honeypot: hidden from people by CSS, filled in by robots that fill in everything.
    phone = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Comment
        fields = ["name", "email", "url"]
        formfield_callback = _https_by_default
        help_texts = {
            "email": "Required, never shown on the site.",
            "url": "Optional, linked from your name.",
        }

    def __init__(self, *args, post: Post, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.post = post
        self.user = user
        self.is_staff_author = is_staff_author(user)
        if self.is_staff_author:
            self.fields["name"].required = False
            self.fields["email"].required = False
            self.fields["name"].help_text = "Leave empty to sign with your account's name."
            self.fields["email"].help_text = "Leave empty to use your account's email."

    @property
    def fresh_started(self) -> str:
        """The page always carries a new timestamp, so a form sent again is judged afresh."""
        return sign_form_start(self.post)

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean_comment(self) -> str:
        text = self.cleaned_data["comment"].strip()
        if not text:
            raise forms.ValidationError("Write a comment before sending.")
        return text

    def clean_started(self) -> float | None:
        """Seconds the form was open; too old, or issued for another post, comes back to the
        reader with the text kept."""
        token = self.cleaned_data["started"]
        if self.is_staff_author and not token:
            return None
        try:
            value = signing.TimestampSigner(salt=_STARTED_SALT).unsign(
                token, max_age=settings.MARQUEE_COMMENT_MAX_AGE_SECONDS
            )
        except signing.SignatureExpired:
            raise forms.ValidationError(
                f"This page was open for more than a day, so the form expired. {_RESEND}",
                code="expired",
            ) from None
        except signing.BadSignature:
            value = ""
        post_pk, _, rest = value.partition(":")
        started, _, nonce = rest.partition(":")
        if not nonce:
            raise forms.ValidationError(
                f"We could not check this form. {_RESEND}", code="bad_signature"
            )
        if post_pk != str(self.post.pk):
            raise forms.ValidationError(
                f"This form was loaded with another post. {_RESEND}", code="other_post"
            )
        return max(0.0, time.time() - float(started))

    def clean(self) -> dict:
        cleaned = super().clean()
        if "started" in self.errors:
            # Shown above the form: the hidden field has no place of its own to show it.
            for error in self.errors.pop("started"):
                self.add_error(None, error)
        return cleaned

    @property
    def form_token(self) -> str:
        return self.data.get("started", "") if self.is_bound else ""


class SearchForm(forms.Form):
    """The header's search box: one query, optionally narrowed to posts, films or people."""

    q = forms.CharField(
        label="Search films, people and posts",
        required=False,
        max_length=200,
        error_messages={
            "max_length": "That search is too long (%(show_value)s characters). "
            "Use at most %(limit_value)s: a few words work best."
        },
    )
    type = forms.ChoiceField(
        required=False,
        choices=[("", "Everything"), ("posts", "Posts"), ("films", "Films"), ("people", "People")],
    )
