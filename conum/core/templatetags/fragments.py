"""`{% fragment "public/_place_list.html" places=page.object_list %}`: a Jinja2 fragment (conum/core/jinja.py says
why) rendered inside a Django template, with the request (CSRF inputs for its forms)."""

from django import template
from django.template import engines
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def fragment(context, template_name, **values):
    rendered = engines["jinja2"].get_template(template_name).render(values, request=context.get("request"))
    return mark_safe(rendered)  # Jinja2 escaped every value it wrote (autoescape on)
