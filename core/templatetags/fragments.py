"""{% kept "name" value ... %}...{% endkept %}: a part of a page kept in the shared cache by
the values it shows (core.fragments.kept), per site address, since parts may hold absolute URLs.
Only where the view set KEEP_PARTS in the context; elsewhere the part is rendered live.

    {% load fragments %}
    {% kept "film" film.pk %}<article>...</article>{% endkept %}
"""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from core.fragments import KEEP_PARTS, kept
from core.templatetags.page_tokens import IN_KEPT_PART, fill_in_csrf_tokens

register = template.Library()


class KeptNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: str, vary_on: list) -> None:
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context: template.Context) -> str:
        if not context.get(KEEP_PARTS):
            return self.nodelist.render(context)
        vary_on = [value.resolve(context) for value in self.vary_on]
        request = context.get("request")
        if request is not None:
            vary_on.append(f"{request.scheme}://{request.get_host()}")

        def render_part() -> str:
            with context.push({IN_KEPT_PART: True}):
                return self.nodelist.render(context)

        return mark_safe(fill_in_csrf_tokens(kept(self.name, vary_on, render_part), context))


@register.tag("kept")
def kept_tag(parser: template.base.Parser, token: template.base.Token) -> KeptNode:
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a quoted name first")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]])
