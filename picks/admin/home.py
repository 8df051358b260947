"""The admin home's app list: the editorial apps first, in the order editors work through them;
tags, site records, accounts and login records after them (folded away on the home page for
everyone but superusers: templates/admin/index.html)."""

from __future__ import annotations

from types import MethodType

from django.contrib.admin import AdminSite

# App label -> its models' names in the order editors use them; apps listed here come first.
EDITORIAL_ORDER = {
    "picks": ["Post", "Comment", "MediaImage", "Section", "BlocklistEntry"],
    "films": ["Film", "Person", "Credit", "Quote", "AwardNomination", "Genre"],
    "reviews": ["Score", "CriticQuote", "Outlet"],
}
# Readable names for apps whose own is a package name.
APP_NAMES = {"taggit": "Tags"}


def _position(order: list[str], name: str) -> tuple[int, str]:
    return (order.index(name) if name in order else len(order), name)


def editorial_app_list(site: AdminSite, request, app_label: str | None = None) -> list[dict]:
    """Django's app list, reordered: editorial apps (and their models) first. Every app says
    whether it is `editorial`; the rest keep Django's alphabetical order after them."""
    apps = AdminSite.get_app_list(site, request, app_label)
    labels = list(EDITORIAL_ORDER)
    for app in apps:
        app["editorial"] = app["app_label"] in EDITORIAL_ORDER
        app["name"] = APP_NAMES.get(app["app_label"], app["name"])
        if app["editorial"]:
            order = EDITORIAL_ORDER[app["app_label"]]
            app["models"].sort(key=lambda model: _position(order, model["object_name"]))
    return sorted(apps, key=lambda app: (_position(labels, app["app_label"])[0], app["name"]))


def use_editorial_app_list(site: AdminSite) -> None:
    """Make `site` list its apps the editorial way, on the home page and in the side menu."""
    site.get_app_list = MethodType(editorial_app_list, site)
