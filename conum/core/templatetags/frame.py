"""`{% frame_part "head" %}`: the fixed parts of the page frame (core/base.html), rendered once per process.

The DSFR style sheets, favicons and scripts, and the footer, depend on the settings only; rendered on every page
they were a few dozen template nodes with their `{% static %}` and `{% url %}` calls, most of what a static page
cost above its floor. A settings change (the tests override some) renders them again.
"""

import functools

from django import template
from django.core.signals import setting_changed
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

PARTS = {
    "head": "core/_frame_head.html",
    "scripts": "core/_frame_scripts.html",
    "footer": "core/footer.html",
}


@functools.cache
def rendered(name: str) -> SafeString:
    return mark_safe(render_to_string(PARTS[name]).strip())  # written by Django's engine, escaped there


@register.simple_tag
def frame_part(name: str) -> SafeString:
    return rendered(name)


def _forget(**_kwargs):
    rendered.cache_clear()


setting_changed.connect(_forget)
