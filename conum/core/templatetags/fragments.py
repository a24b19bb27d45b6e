"""`{% fragment "public/_place_list.html" places=page.object_list %}`: a Jinja2 fragment (conum/core/jinja.py says
why) rendered inside a Django template, with the request.

Its forms write `{{ csrf_field }}`: the page's CSRF input, masked once per fragment. Masking it again for each of a
list's hundred forms (as `{% csrf_token %}` does) drew 32 random characters each time, a third of the candidate
list's cost; one mask per response is what protects the token (BREACH).
"""

from django import template
from django.template import engines
from django.template.backends.utils import csrf_input
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def fragment(context, template_name, **values):
    request = context.get("request")
    if request is not None:  # evaluated once, and only by a fragment that has a form: a search page sets no cookie
        values["csrf_field"] = SimpleLazyObject(lambda: csrf_input(request))
    rendered = engines["jinja2"].get_template(template_name).render(values, request=request)
    return mark_safe(rendered)  # Jinja2 escaped every value it wrote (autoescape on)
