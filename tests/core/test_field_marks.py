"""A field says "(Optionnel)" only when it may stay empty, and says it once."""

import importlib
import inspect
import pkgutil
import re

from django import forms

import conum
from conum.activity.workshops.forms import WorkshopForm
from conum.recruitment.forms import CandidateApplicationForm, CandidateDetailsForm

OPTIONAL = re.compile(r"\(\s*optionnel\s*\)", re.IGNORECASE)


def _marked(bound_field) -> bool:
    return bool(OPTIONAL.search(str(bound_field.as_field_group())))


def test_boxes_of_a_group_that_requires_one_are_not_optional():
    form = CandidateApplicationForm()
    for name in CandidateDetailsForm.SITUATIONS:
        assert not _marked(form[name]), name
    form = CandidateApplicationForm(data={})
    assert not form.is_valid() and "Cochez au moins une situation." in form.errors["job_seeker"]
    assert "Cochez au moins une situation." in str(form["job_seeker"].as_field_group())  # the box shows the error


def test_an_optional_field_says_it_once():
    html = str(CandidateApplicationForm()["cv"].as_field_group())
    assert len(OPTIONAL.findall(html)) == 1 and "facultatif" not in html


def test_fields_the_parser_requires_are_not_optional(db):
    form = WorkshopForm(advisor=None)
    for name in ("title", "description", "themes", "level"):
        assert not _marked(form[name]), name
    assert _marked(form["what_to_bring"])  # truly optional


def _form_classes():
    for module in pkgutil.walk_packages(conum.__path__, "conum."):
        if module.name.rsplit(".", 1)[-1] in ("forms", "match_views"):
            loaded = importlib.import_module(module.name)
            for _name, cls in inspect.getmembers(loaded, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == loaded.__name__:
                    yield cls


def test_no_label_says_optional_itself():
    labels = [
        f"{cls.__module__}.{cls.__name__}.{name}: {field.label}"
        for cls in _form_classes()
        for name, field in cls.base_fields.items()
        if field.label and re.search(r"facultati|optionnel", str(field.label), re.IGNORECASE)
    ]
    assert labels == []
