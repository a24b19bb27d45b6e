"""The place form's French hours editor: day by day ("Fermé", or one or two slots) and public holidays, written
as the national schema's OpenStreetMap text, which stays what is stored; the OSM field stays for experts."""

import datetime
import re

import pytest

from conum.activity.models import Place
from conum.activity.places import hours_editor, opening_hours, weekly_hours
from conum.activity.places.inputs import parse_place
from conum.activity.places.weekly_hours import Week
from conum.core.inputs import InvalidInput
from conum.core.models import Journal
from tests.activity.builders import place_form
from tests.activity.test_place_inputs import raw
from tests.helpers import page_text

pytestmark = pytest.mark.usefixtures("territories")

MORNING, AFTERNOON = (9 * 60, 12 * 60), (14 * 60, 17 * 60)
TUESDAY_THURSDAY = (None, ((14 * 60, 18 * 60),), None, ((14 * 60, 18 * 60),), None, None, None)


def week(*days, holidays_closed=True) -> Week:
    return Week(tuple(days) + (None,) * (7 - len(days)), holidays_closed)


def editor(hours_ph="off", **days) -> dict:
    """The editor's fields as a browser posts them: every time input (empty ones too) and the holidays' radio;
    `days`: tu=("14:00", "18:00") (one or two slots), or tu="closed"."""
    data = {"hours_ph": hours_ph}
    for code in opening_hours.DAYS:
        name = hours_editor.FIELDS[code]
        value = days.get(code.lower(), ())
        times = [] if value == "closed" else list(value)
        times += [""] * (4 - len(times))
        data |= dict(zip([f"{name}_start1", f"{name}_end1", f"{name}_start2", f"{name}_end2"], times, strict=True))
        if value == "closed":
            data[f"{name}_closed"] = "on"
    return data


# ---- the week and its OSM text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "days, holidays_closed, text",
    [
        ([(MORNING, AFTERNOON)] * 5, True, "Mo-Fr 09:00-12:00,14:00-17:00; PH off"),
        (TUESDAY_THURSDAY, False, "Tu,Th 14:00-18:00"),
        ([(MORNING,)] * 3 + [None, (MORNING,), (MORNING,), ()], True, "Mo-We,Fr-Sa 09:00-12:00; Su off; PH off"),
        ([(MORNING, AFTERNOON)] * 5 + [(MORNING,), ()], True,
         "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; Su off; PH off"),
        ([(), (AFTERNOON,), (AFTERNOON,)], False, "Tu-We 14:00-17:00; Mo off"),
        ([(MORNING,)] * 7, False, "Mo-Su 09:00-12:00"),
        ([None] * 7, True, ""),  # public holidays alone say nothing of the hours
    ],
)  # fmt: skip
def test_the_week_is_written_as_osm_with_identical_days_merged(days, holidays_closed, text):
    written = weekly_hours.to_text(week(*days, holidays_closed=holidays_closed))
    assert written == text
    # What the editor writes is what the existing validation accepts, as it is (already in its canonical form).
    assert opening_hours.normalize(written) == written
    # Round trip: OSM → editor → OSM.
    assert weekly_hours.from_text(written) == (week(*days, holidays_closed=holidays_closed) if text else Week())


def test_stored_hours_are_read_into_the_editor_when_it_can_show_them():
    assert weekly_hours.from_text("mo-fr 9:00-12:00 , 14:00-17:00;sa 09:00-12:00") == week(
        *[(MORNING, AFTERNOON)] * 5, (MORNING,), holidays_closed=False
    )
    # Later rules win, as in OSM; a rule without days holds every day.
    assert weekly_hours.from_text("Mo-Fr 09:00-12:00; We off; PH off") == week(
        (MORNING,), (MORNING,), (), (MORNING,), (MORNING,)
    )
    assert weekly_hours.from_text("09:00-12:00") == week(*[(MORNING,)] * 7, holidays_closed=False)
    assert weekly_hours.from_text("") == Week()


@pytest.mark.parametrize(
    "text", ["Mo 08:00-10:00,11:00-12:00,14:00-17:00", "24/7", "Sa 20:00-24:00", "Mo-Fr 9h-12h", '"sur rendez-vous"']
)
def test_hours_the_editor_cannot_show_are_left_to_the_osm_field(text):
    assert weekly_hours.from_text(text) is None


# ---- the input: parse_place reads the editor's week ---------------------------------------------------------


def days(**values) -> dict:
    return {"weekly_hours": values, "opening_hours": ""}


def test_the_week_is_parsed_into_the_stored_osm_text():
    place = parse_place(
        raw(
            opening_hours="",
            weekly_hours={"Tu": {"slots": [("14:00", "18:00")]}, "Th": {"slots": [["14:00", "18:00"]]}},
        )
    )
    assert place.opening_hours == "Tu,Th 14:00-18:00; PH off"
    place = parse_place(
        raw(
            opening_hours="",
            weekly_hours={
                code: {"closed": False, "slots": [(datetime.time(9), datetime.time(12)), (None, None)]}
                for code in ("Mo", "Tu", "We", "Th", "Fr")
            }
            | {"Sa": {"closed": True, "slots": [(None, None), ("", "")]}, "PH": "open"},
        )
    )
    assert place.opening_hours == "Mo-Fr 09:00-12:00; Sa off"


@pytest.mark.parametrize(
    "day, message",
    [
        ({"slots": [("14:00", "12:00")]},
         "Premier créneau : l'heure de fin (12:00) doit être après l'heure de début (14:00)."),
        ({"slots": [("09:00", "12:00"), ("14:00", "14:00")]}, "Second créneau : l'heure de fin (14:00) doit être"),
        ({"slots": [("09:00", "13:00"), ("12:00", "17:00")]},
         "Les deux créneaux se chevauchent (09:00–13:00 et 12:00–17:00) : le second doit commencer après la fin"),
        ({"slots": [(None, None), ("14:00", "17:00")]},
         "Remplissez d'abord le premier créneau : le second est facultatif."),
        ({"slots": [("09:00", None)]}, "Indiquez l'heure de fin du premier créneau."),
        ({"slots": [("09:00", "12:00"), ("", "17:00")]}, "Indiquez l'heure de début du second créneau."),
        ({"closed": True, "slots": [("09:00", "12:00")]}, "Ce jour est coché « Fermé » : décochez-le ou videz"),
        ({"slots": [("25:00", "26:00")]}, "« 25:00 » n'est pas une heure : indiquez-la au format HH:MM"),
        ({"slots": [("9h", "12h")]}, "« 9h » n'est pas une heure"),
        ({"slots": [("08:00", "09:00"), ("10:00", "11:00"), ("12:00", "13:00")]}, "Deux créneaux au plus par jour"),
        ({"slots": "09:00-12:00"}, "Un jour est décrit par « closed » (fermé) et « slots » (ses créneaux)."),
        ({"slots": [("09:00",)]}, "Chaque créneau est une heure de début et une heure de fin."),
    ],
)  # fmt: skip
def test_each_bad_day_is_refused_under_its_own_key(day, message):
    with pytest.raises(InvalidInput) as refused:
        parse_place(raw(opening_hours="", weekly_hours={"Mo": {"slots": [("09:00", "12:00")]}, "We": day}))
    errors = refused.value.errors
    assert list(errors) == ["weekly_hours.We"] and message in errors["weekly_hours.We"][0], errors


def test_a_week_and_osm_text_together_are_refused():
    with pytest.raises(InvalidInput) as refused:
        parse_place(raw(weekly_hours={"Mo": {"slots": [("09:00", "12:00")]}, "Xx": {}, "PH": "parfois"}))
    assert refused.value.errors == {
        "opening_hours": ["Donnez les horaires soit au format OpenStreetMap, soit jour par jour, pas les deux."],
        "weekly_hours": ["Horaires jour par jour : jours inconnus (Xx) ; Mo à Su et PH sont attendus."],
        "weekly_hours.PH": ["Indiquez si le lieu est ouvert ou fermé les jours fériés."],
    }
    with pytest.raises(InvalidInput) as refused:
        parse_place(raw(opening_hours="", weekly_hours=["Mo 09:00-12:00"]))
    assert refused.value.errors == {
        "weekly_hours": ["Horaires jour par jour : un tableau des jours (Mo à Su, PH) est attendu."]
    }


# ---- the form ----------------------------------------------------------------------------------------------


def test_an_advisor_creates_a_place_with_the_french_editor(client, advisor, hired_advisor):
    client.force_login(advisor)
    form = page_text(client.get("/activite/lieux/nouveau/"))
    for day in ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche", "Jours fériés"):
        assert f'-legend">{day}</legend>' in form
    # Every input of the editor has its label.
    for code in ("mo", "su"):
        for index in range(5):
            assert f'for="id_hours_{code}_{index}"' in form and f'id="id_hours_{code}_{index}"' in form
    assert re.search(r'<details class="fr-mb-3w">\s*<summary', form)  # the OSM text is folded away
    data = place_form(opening_hours="") | editor(tu=("14:00", "18:00"), th=("14:00", "18:00"))
    response = client.post("/activite/lieux/nouveau/", data)
    assert response.status_code == 302, response.context["form"].errors
    place = Place.objects.get()
    assert place.opening_hours == "Tu,Th 14:00-18:00; PH off"
    shown = page_text(client.get(f"/activite/lieux/{place.pk}/"))
    assert "Mardi, jeudi : 14\xa0h–18\xa0h" in shown and "Jours fériés : fermé" in shown


def test_editing_prefills_the_editor_and_round_trips(client, advisor, place):
    place.opening_hours = "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; Su off; PH off"
    place.save()
    client.force_login(advisor)
    form = client.get(f"/activite/lieux/{place.pk}/modifier/").context["form"]
    assert not form.hours_unreadable
    assert form["hours_mo"].value() == [
        False,
        datetime.time(9),
        datetime.time(12),
        datetime.time(14),
        datetime.time(17),
    ]
    assert form["hours_sa"].value() == [False, datetime.time(9), datetime.time(12), None, None]
    assert form["hours_su"].value() == [True, None, None, None, None]
    assert form["hours_ph"].value() == "off"
    html = page_text(client.get(f"/activite/lieux/{place.pk}/modifier/"))
    assert (
        'name="hours_mo_start1" value="09:00"' in html and 'name="hours_su_closed" id="id_hours_su_0" checked' in html
    )
    # Posted as shown (editor → OSM → editor): the same text, nothing journaled about the hours.
    shown = editor(
        **dict.fromkeys(("mo", "tu", "we", "th", "fr"), ("09:00", "12:00", "14:00", "17:00")),
        sa=("09:00", "12:00"),
        su="closed",
    )
    assert (
        client.post(
            f"/activite/lieux/{place.pk}/modifier/", place_form(opening_hours=place.opening_hours) | shown
        ).status_code
        == 302
    )
    place.refresh_from_db()
    assert place.opening_hours == "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; Su off; PH off"
    assert "opening_hours" not in Journal.objects.get(action="activity.place_updated").after
    # Changing a day in the editor rewrites the text; the stored OSM text left as it was does not win.
    changed = shown | {"hours_sa_start1": "", "hours_sa_end1": "", "hours_ph": "open"}
    assert (
        client.post(
            f"/activite/lieux/{place.pk}/modifier/", place_form(opening_hours=place.opening_hours) | changed
        ).status_code
        == 302
    )
    place.refresh_from_db()
    assert place.opening_hours == "Mo-Fr 09:00-12:00,14:00-17:00; Su off"


def test_the_osm_text_typed_wins_over_the_editor(client, advisor, place):
    client.force_login(advisor)
    data = place_form(opening_hours="We 10:00-12:00") | editor(mo=("08:00", "09:00"))
    assert client.post(f"/activite/lieux/{place.pk}/modifier/", data).status_code == 302
    place.refresh_from_db()
    assert place.opening_hours == "We 10:00-12:00"
    # Malformed, it is refused beside itself (the editor's days do not stand in for it) and shown unfolded.
    response = client.post(
        f"/activite/lieux/{place.pk}/modifier/", place_form(opening_hours="Mo 9h") | editor(mo=("08:00", "09:00"))
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "opening_hours": ["Horaires illisibles au caractère 4 : une heure au format HH:MM est attendue."]
    }
    assert re.search(r'<details class="fr-mb-3w" open>', page_text(response))
    place.refresh_from_db()
    assert place.opening_hours == "We 10:00-12:00"


def test_hours_the_editor_cannot_show_are_kept_and_said(client, advisor, place):
    complex_hours = "Mo-Fr 08:00-10:00,11:00-12:00,14:00-17:00; Sa 20:00-24:00"
    place.opening_hours = complex_hours
    place.save()
    client.force_login(advisor)
    response = client.get(f"/activite/lieux/{place.pk}/modifier/")
    html = page_text(response)
    assert "trop détaillés pour les jours ci-dessous" in html
    assert re.search(r'<details class="fr-mb-3w" open>', html) and f'value="{complex_hours}"' in html
    assert response.context["form"]["hours_mo"].value() == [False, None, None, None, None]
    # Saved without touching the hours, they stay as they were.
    data = place_form(name="Médiathèque francophone", opening_hours=complex_hours) | editor()
    assert client.post(f"/activite/lieux/{place.pk}/modifier/", data).status_code == 302
    place.refresh_from_db()
    assert place.name == "Médiathèque francophone" and place.opening_hours == complex_hours


@pytest.mark.parametrize(
    "day, message",
    [
        (("14:00", "12:00"), "Premier créneau : l'heure de fin (12:00) doit être après l'heure de début (14:00)."),
        (("09:00", "13:00", "12:00", "17:00"), "Les deux créneaux se chevauchent (09:00–13:00 et 12:00–17:00)"),
        (("", "", "14:00", "17:00"), "Remplissez d'abord le premier créneau : le second est facultatif."),
        (("09:00", ""), "Indiquez l'heure de fin du premier créneau."),
        (("9 heures", "12:00"), "Indiquez une heure, par exemple 14:00."),
    ],
)
def test_a_bad_day_is_refused_beside_it_and_nothing_is_saved(client, advisor, place, day, message):
    client.force_login(advisor)
    before = place.opening_hours
    for url in ("/activite/lieux/nouveau/", f"/activite/lieux/{place.pk}/modifier/"):
        data = place_form(opening_hours=before if "modifier" in url else "") | editor(mo=("09:00", "12:00"), tu=day)
        response = client.post(url, data)
        assert response.status_code == 200
        assert list(response.context["form"].errors) == ["hours_tu"], response.context["form"].errors
        assert message in response.context["form"].errors["hours_tu"][0]
        html = page_text(response)
        # In the day's fieldset, announced with it, and listed in the summary with a link to the day.
        fieldset = html[html.index('id="id_hours_tu"') : html.index('id="id_hours_we"')]
        assert "fr-fieldset--error" in html[html.rindex("<fieldset", 0, html.index('id="id_hours_tu"')) :][:200]
        assert 'aria-labelledby="id_hours_tu-legend id_hours_tu-desc-error"' in html
        assert message in fieldset
        assert f'<a href="#id_hours_tu">Mardi</a> : {message}' in html
        assert f'value="{next(time for time in day if time)}"' in fieldset  # what was typed stays
    assert Place.objects.count() == 1
    place.refresh_from_db()
    assert place.opening_hours == before
    assert not Journal.objects.filter(action__startswith="activity.place").exists()


def test_a_closed_day_with_hours_is_refused(client, advisor, hired_advisor):
    client.force_login(advisor)
    data = place_form(opening_hours="") | editor(su=("10:00", "12:00")) | {"hours_su_closed": "on"}
    errors = client.post("/activite/lieux/nouveau/", data).context["form"].errors
    assert errors == {"hours_su": ["Ce jour est coché « Fermé » : décochez-le ou videz ses horaires."]}
    assert not Place.objects.exists()


def test_posts_without_the_editor_keep_to_the_osm_text(client, advisor, place):
    """A script or an older page posts no editor field: the OSM text is the hours, as before."""
    client.force_login(advisor)
    assert (
        client.post(f"/activite/lieux/{place.pk}/modifier/", place_form(opening_hours=place.opening_hours)).status_code
        == 302
    )
    place.refresh_from_db()
    assert place.opening_hours == "Mo-Fr 09:00-12:00,14:00-17:00"


JUNK = ["\x00", "x" * 5000, "'; DROP TABLE activity_place; --", "💥", "24:00", "-1", "99:99"]


@pytest.mark.parametrize("junk", JUNK)
def test_junk_in_the_editor_is_refused_and_stores_nothing(client, advisor, place, junk):
    client.force_login(advisor)
    data = place_form() | dict.fromkeys(hours_editor.POSTED, junk) | {"hours_mo_closed": junk}
    for url in ("/activite/lieux/nouveau/", f"/activite/lieux/{place.pk}/modifier/"):
        response = client.post(url, data)
        assert response.status_code == 200 and response.context["form"].errors
    assert Place.objects.count() == 1
    assert not Journal.objects.filter(action__startswith="activity.place").exists()
