"""{% audience_measurement %} (the consent banner and the tracker's loader) and {% audience_choice_item %} (the
footer's "Mesure d'audience" button): nothing at all when Matomo is not configured (conum/core/audience.py)."""

from django import template

from conum.core import audience

register = template.Library()


@register.inclusion_tag("core/_audience.html", takes_context=True)
def audience_measurement(context):
    request = context.get("request")
    return {"tracker": audience.tracker_settings(request) if request is not None else {}}


@register.inclusion_tag("core/_audience_choice.html")
def audience_choice_item():
    return {"enabled": audience.enabled()}


@register.simple_tag
def audience_enabled() -> bool:
    """`{% audience_enabled as measured %}`: whether the audience is measured (the legal pages say it)."""
    return audience.enabled()
