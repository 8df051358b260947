"""The site-wide admin: the one site settings row and the read-only slug redirects."""

from __future__ import annotations

from django.urls import reverse

from core.models import SiteSettings, SlugRedirect
from tests.admin_forms import management_form
from tests.factories import (
    make_film,
)


def test_site_settings_is_one_row_that_cannot_be_added_twice_or_deleted(editor_client):
    row = SiteSettings.load()
    response = editor_client.get(reverse("admin:core_sitesettings_changelist"))
    assert response.status_code == 302
    assert response.url == reverse("admin:core_sitesettings_change", args=[row.pk])
    assert editor_client.get(reverse("admin:core_sitesettings_add")).status_code == 403
    delete = reverse("admin:core_sitesettings_delete", args=[row.pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 403
    assert SiteSettings.objects.count() == 1


def test_site_settings_edits_footer_text_and_social_links(editor_client):
    row = SiteSettings.load()
    data = {
        "about_text": "A magazine about films worth your evening.",
        "follow_text": "Follow us.",
        **management_form("social_links", total=1),
        "social_links-0-label": "Mastodon",
        "social_links-0-url": "https://mastodon.test/@marquee",
        "social_links-0-order": "0",
    }
    response = editor_client.post(reverse("admin:core_sitesettings_change", args=[row.pk]), data)
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.about_text == "A magazine about films worth your evening."
    assert [link.label for link in row.social_links.all()] == ["Mastodon"]


def test_slug_redirects_are_listed_but_not_editable(editor_client):
    film = make_film(slug="old-title")
    film.slug = "new-title"
    film.save()
    redirect = SlugRedirect.objects.get()
    response = editor_client.get(reverse("admin:core_slugredirect_changelist"))
    html = response.content.decode()
    assert "old-title" in html
    assert reverse("admin:films_film_change", args=[film.pk]) in html
    assert editor_client.get(reverse("admin:core_slugredirect_add")).status_code == 403
    change = editor_client.get(reverse("admin:core_slugredirect_change", args=[redirect.pk]))
    assert 'name="old_slug"' not in change.content.decode()
