"""Template helpers for the admin home: the editors' desk, and the app list split into the
editorial apps and the rest (picks/admin/home.py marks which is which)."""

from django import template

from picks.desk import Desk, desk_for

register = template.Library()


@register.simple_tag(takes_context=True)
def editors_desk(context) -> Desk:
    return desk_for(context["request"].user)


@register.simple_tag(takes_context=True)
def desk_may_open(context, desk: Desk, post) -> bool:
    return desk.may_open(post, context["request"].user)


@register.filter
def editorial_apps(app_list: list[dict]) -> list[dict]:
    return [app for app in app_list if app.get("editorial", True)]


@register.filter
def other_apps(app_list: list[dict]) -> list[dict]:
    return [app for app in app_list if not app.get("editorial", True)]
