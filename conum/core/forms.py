"""The base of every form: django-dsfr's, rendered by one shared renderer.

DsfrBaseForm's `default_renderer` is the renderer class, so each form built its own template engine and
parsed every field template again on every request (about 10 ms of a search page); one instance keeps the
parsed templates for the life of the process.
"""

from dsfr.forms import DsfrBaseForm, DsfrDjangoTemplates

SHARED_RENDERER = DsfrDjangoTemplates()


class BaseForm(DsfrBaseForm):
    default_renderer = SHARED_RENDERER
