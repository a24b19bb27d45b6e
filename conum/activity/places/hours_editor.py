"""The place form's hours editor, in French and without JavaScript: a field per weekday ("Fermé", or one or two
time slots) and the public holidays. The form hands what they read to `inputs.parse_place` as the `weekly_hours`
week, which checks it and writes the OpenStreetMap text that is stored."""

import datetime

from django import forms

from conum.activity.places import weekly_hours
from conum.activity.places.opening_hours import DAY_NAMES, DAYS

# Weekday code ("Mo") → the form field of its day; "PH" → the public holidays' field.
FIELDS = {code: f"hours_{code.lower()}" for code in DAYS} | {"PH": "hours_ph"}
DAY_PARTS = ("closed", "start1", "end1", "start2", "end2")
# What a browser always posts when the editor is on the page (time inputs are posted even when empty): a post
# without them (a script, an older page) keeps to the OpenStreetMap text.
POSTED = [f"{FIELDS[code]}_{part}" for code in DAYS for part in DAY_PARTS[1:]] + [FIELDS["PH"]]
# A browser without time inputs shows a text box: what people type there is read too.
TIME_FORMATS = ["%H:%M", "%H:%M:%S", "%Hh%M", "%Hh", "%H h %M", "%H h", "%H.%M"]
INVALID_TIME = "Indiquez une heure, par exemple 14:00."
EMPTY_DAY = [False, None, None, None, None]
HOLIDAYS = [("off", "Fermé les jours fériés"), ("open", "Ouvert les jours fériés, aux horaires habituels")]


class DayHoursWidget(forms.MultiWidget):
    """The "Fermé" box and the four times (de … à …, puis de … à …), labelled in the template."""

    template_name = "activity/places/_hours_day_widget.html"

    def __init__(self):
        def time():
            return forms.TimeInput(format="%H:%M", attrs={"type": "time"})

        widgets = {"closed": forms.CheckboxInput(), "start1": time(), "end1": time(), "start2": time(), "end2": time()}
        super().__init__(widgets)

    def decompress(self, value):
        return list(value) if value else list(EMPTY_DAY)

    def get_context(self, name, value, attrs):
        """The form gives the whole day the DSFR's input class: only the times take it. A refused day's
        inputs are marked as the DSFR marks a field in error, and described by its message."""
        context = super().get_context(name, value, attrs)
        day = context["widget"]
        invalid = day["attrs"].get("aria-invalid") == "true"
        for subwidget in day["subwidgets"]:
            subwidget["attrs"].pop("class", None)
            if subwidget["type"] == "time":
                subwidget["attrs"]["class"] = "fr-input fr-input--error" if invalid else "fr-input"
            if invalid and day["attrs"].get("id"):
                subwidget["attrs"]["aria-describedby"] = f"{day['attrs']['id']}-desc-error"
        return context


class DayHoursField(forms.MultiValueField):
    """One weekday, read as the `weekly_hours` day: {"closed": bool, "slots": [(start, end), (start, end)]}
    (times or None). The rules (end after start, no overlap, the first slot before the second) are the input's."""

    template_name = "activity/places/_hours_day.html"

    def __init__(self, **kwargs):
        def time():
            return forms.TimeField(required=False, input_formats=TIME_FORMATS, error_messages={"invalid": INVALID_TIME})

        fields = (forms.BooleanField(required=False), time(), time(), time(), time())
        super().__init__(fields, required=False, require_all_fields=False, widget=DayHoursWidget, **kwargs)

    def compress(self, data_list):
        closed, start1, end1, start2, end2 = data_list or EMPTY_DAY
        return {"closed": bool(closed), "slots": [(start1, end1), (start2, end2)]}


def holidays_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Jours fériés",
        choices=HOLIDAYS,
        widget=forms.RadioSelect,
        required=False,
        initial="off",
        error_messages={"invalid_choice": "Indiquez si le lieu est ouvert ou fermé les jours fériés."},
    )


def day_field(code: str) -> DayHoursField:
    """The field of the weekday `code` ("Mo"), named FIELDS[code] in the form."""
    return DayHoursField(label=DAY_NAMES[DAYS.index(code)].capitalize())


def initial(week: weekly_hours.Week) -> dict:
    """The editor's fields showing `week`."""
    values = {FIELDS["PH"]: "off" if week.public_holidays_closed else "open"}
    for code, spans in zip(DAYS, week.days, strict=True):
        slots = [(_time(start), _time(end)) for start, end in spans or ()]
        slots += [(None, None)] * (weekly_hours.MAX_SLOTS - len(slots))
        values[FIELDS[code]] = [spans == (), *slots[0], *slots[1]]
    return values


def week_input(cleaned_data: dict) -> dict:
    """The `weekly_hours` week from what the editor's fields read (a day its field refused is left out: the
    form shows that field's message)."""
    week = {code: cleaned_data[FIELDS[code]] for code in DAYS if cleaned_data.get(FIELDS[code])}
    return week | {"PH": cleaned_data.get(FIELDS["PH"]) or "off"}


def _time(minutes: int) -> datetime.time:
    return datetime.time(minutes // 60, minutes % 60)
