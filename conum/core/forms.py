"""The base of every form: django-dsfr's, rendered by one shared renderer.

DsfrBaseForm's `default_renderer` is the renderer class, so each form built its own template engine and
parsed every field template again on every request (about 10 ms of a search page); one instance keeps the
parsed templates for the life of the process.

The widgets themselves (an `<input>`, a `<select>` with one template per option and one per attribute list)
render with Jinja2, from the templates Django ships for it and our own under `<app>/jinja2/…/widgets/`: through
Django's engine they were most of a form's cost (a search form's 9 fields: 6 ms of 8). django-dsfr's field frames
(label, hint, errors) stay Django templates, and so do the widget templates django-dsfr redraws (radio and checkbox
options, multiple inputs).
"""

from pathlib import Path

import django.forms
import dsfr
from django.template.backends.jinja2 import Jinja2
from django.utils.functional import cached_property
from dsfr.forms import DsfrBaseForm, DsfrDjangoTemplates

WIDGETS = "/widgets/"  # "django/forms/widgets/select.html", "territories/widgets/commune_input.html"
DSFR_TEMPLATES = Path(dsfr.__file__).resolve().parent / "templates"
REDRAWN_BY_DSFR = {
    str(path.relative_to(DSFR_TEMPLATES)) for path in (DSFR_TEMPLATES / "django/forms/widgets").glob("*.html")
}


class DsfrFastWidgets(DsfrDjangoTemplates):
    @cached_property
    def widget_engine(self):
        folder = Path(django.forms.__file__).resolve().parent / "jinja2"
        return Jinja2({"APP_DIRS": True, "DIRS": [folder], "NAME": "djangoformsjinja2", "OPTIONS": {}})

    def get_template(self, template_name):
        if WIDGETS in template_name and template_name not in REDRAWN_BY_DSFR:
            return self.widget_engine.get_template(template_name)
        return super().get_template(template_name)


SHARED_RENDERER = DsfrFastWidgets()


class BaseForm(DsfrBaseForm):
    default_renderer = SHARED_RENDERER
