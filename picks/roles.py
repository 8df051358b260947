"""The two editorial roles, Editor and Contributor, as groups kept in step with this file.

The groups are synced after every `migrate` (post_migrate): a data migration would run before the
permissions of a fresh database exist. Editors alone hold `picks.publish_post` and the review of
contributors' films and people (`films.publish_film`, `films.publish_person`).
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

EDITOR = "Editor"
CONTRIBUTOR = "Contributor"
ROLES = {"editor": EDITOR, "contributor": CONTRIBUTOR}

ALL = ("add", "change", "delete", "view")
EDITOR_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "picks.post": (*ALL, "publish"),
    "picks.postfilm": ALL,  # the post form's films inline
    "picks.postrevision": ("view",),
    "picks.section": ("add", "change", "view"),
    "picks.mediaimage": ALL,
    "picks.authorprofile": ALL,
    "picks.comment": ("change", "delete", "view"),
    "picks.blocklistentry": ALL,
    "picks.postquote": ALL,  # the post form's featured quotes inlines
    "picks.postcriticquote": ALL,
    "picks.newsletterissue": (*ALL, "send"),
    "picks.newsletterissuepost": ALL,  # the issue form's posts inline
    "picks.subscriber": ("change", "delete", "view"),
    "picks.delivery": ("view",),
    "core.sitesettings": ("change", "view"),
    "core.slugredirect": ("view",),
    "films.film": (*ALL, "publish"),  # publish: review the films and people contributors add
    "films.person": (*ALL, "publish"),
    "films.genre": ALL,
    "films.credit": ALL,
    "films.quote": ALL,
    "films.awardnomination": ALL,
    "films.availability": ALL,
    "reviews.outlet": ALL,
    "reviews.score": ALL,
    "reviews.criticquote": ALL,
    "taggit.tag": ALL,
}
# Write posts and edit their own drafts (picks/admin/posts.py narrows change_post to those), add
# films and people; "view" is what the admin's autocompletes need to offer sections, films and
# quotes.
CONTRIBUTOR_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "picks.post": ("add", "change", "view"),
    "picks.postfilm": ALL,  # the films of their own drafts, through the post form only
    "picks.postquote": ALL,  # and the quotes they feature
    "picks.postcriticquote": ALL,
    "picks.section": ("view",),
    "picks.mediaimage": ("add", "view"),
    "films.film": ("add", "view"),
    "films.person": ("add", "view"),
    "films.genre": ("view",),
    "films.quote": ("view",),
    "reviews.criticquote": ("view",),
    "taggit.tag": ("view",),
}
ROLE_PERMISSIONS = {EDITOR: EDITOR_PERMISSIONS, CONTRIBUTOR: CONTRIBUTOR_PERMISSIONS}


def can_publish(user) -> bool:
    return user.has_perm("picks.publish_post")


def permissions_for(spec: dict[str, tuple[str, ...]], using: str = "default") -> list[Permission]:
    query = Q(pk__in=[])
    for label, actions in spec.items():
        app_label, model = label.split(".")
        codenames = [f"{action}_{model}" for action in actions]
        query |= Q(content_type__app_label=app_label, codename__in=codenames)
    return list(Permission.objects.using(using).filter(query))


def roles_sync(*, using: str = "default", **kwargs) -> None:
    """Create both groups if missing and give each exactly its permissions (post_migrate).

    Connected to the picks app's post_migrate, which comes after auth has created the
    permissions of every app listed before picks in INSTALLED_APPS (all the ones named here).
    """
    for name, spec in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(permissions_for(spec, using))
