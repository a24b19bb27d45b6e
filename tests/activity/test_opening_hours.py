"""The OpenStreetMap opening hours subset: canonical form, French descriptions, errors with their position."""

import datetime

import pytest

from conum.activity.places import opening_hours as oh
from conum.activity.places.opening_hours import END_OF_DAY, OpeningHoursError

SCHEMA_EXAMPLE = "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00"


def t(hours, minutes=0):
    return datetime.time(hours, minutes)


@pytest.mark.parametrize(
    "text, canonical",
    [
        (SCHEMA_EXAMPLE, SCHEMA_EXAMPLE),
        ("mo-fr 9:00-12:00 , 14:00-17:00;sa 09:00-12:00", "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00"),
        ("  MO - FR   09:00 - 12:00  ;  SU OFF ;ph off ", "Mo-Fr 09:00-12:00; Su off; PH off"),
        ("Mo,We,Fr 14:00-17:00,09:00-12:00", "Mo,We,Fr 09:00-12:00,14:00-17:00"),  # spans in order
        ("Sa-Mo 10:00-12:00", "Sa-Mo 10:00-12:00"),
        ("Mo-We,Fr 10:00-12:00", "Mo-We,Fr 10:00-12:00"),
        ("Su closed", "Su off"),
        ("24/7", "24/7"),
        ("24/7; Su off", "24/7; Su off"),
        ("10:00-18:00", "10:00-18:00"),
        ("Mo 18:00-24:00", "Mo 18:00-24:00"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_normalize_writes_the_canonical_form(text, canonical):
    assert oh.normalize(text) == canonical
    assert oh.normalize(canonical) == canonical  # idempotent


@pytest.mark.parametrize(
    "text, lines",
    [
        (SCHEMA_EXAMPLE, ["lundi–vendredi : 9\xa0h–12\xa0h, 14\xa0h–18\xa0h\xa030", "samedi : 8\xa0h\xa030–12\xa0h"]),
        (
            "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00; Su off; PH off",
            [
                "lundi–vendredi : 9\xa0h–12\xa0h, 14\xa0h–18\xa0h\xa030",
                "samedi : 8\xa0h\xa030–12\xa0h",
                "dimanche : fermé",
                "jours fériés : fermé",
            ],
        ),  # fmt: skip
        (
            "Mo,We,Fr 09:00-12:00; Tu,Th 14:00-17:00",
            ["lundi, mercredi, vendredi : 9\xa0h–12\xa0h", "mardi, jeudi : 14\xa0h–17\xa0h"],
        ),
        ("Mo-We,Fr 09:15-12:45", ["lundi–mercredi, vendredi : 9\xa0h\xa015–12\xa0h\xa045"]),
        ("Sa-Mo 10:00-12:00", ["lundi, samedi, dimanche : 10\xa0h–12\xa0h"]),
        ("24/7", ["tous les jours : 24\xa0h/24"]),
        ("24/7; Su off", ["lundi–samedi : 24\xa0h/24", "dimanche : fermé"]),
        ("10:00-18:00", ["tous les jours : 10\xa0h–18\xa0h"]),
        ("Mo 00:00-24:00; Tu 18:00-24:00", ["lundi : 24\xa0h/24", "mardi : 18\xa0h–24\xa0h"]),
        # A later rule replaces what an earlier one said of the same days (OSM's meaning); days with the same
        # hours share a line, in the order of their first day.
        (
            "Mo-Fr 09:00-18:00; We 09:00-12:00",
            ["lundi, mardi, jeudi, vendredi : 9\xa0h–18\xa0h", "mercredi : 9\xa0h–12\xa0h"],
        ),
        ("Mo-Fr 09:00-17:00; We off", ["lundi, mardi, jeudi, vendredi : 9\xa0h–17\xa0h", "mercredi : fermé"]),
        ("", []),
    ],
)
def test_describe_in_french(text, lines):
    assert oh.describe(text) == lines


def test_week_gives_sorted_spans_for_every_day():
    week = oh.week("Mo-Fr 14:00-18:30,09:00-12:00; Sa 08:30-12:00; Su off")
    assert week[0] == week[4] == [(t(9), t(12)), (t(14), t(18, 30))]
    assert week[5] == [(t(8, 30), t(12))]
    assert week[6] == []
    assert sorted(week) == list(range(7))
    assert oh.week("Mo 20:00-24:00")[0] == [(t(20), END_OF_DAY)]
    assert oh.week("") == {day: [] for day in range(7)}


MONDAY = datetime.date(2025, 3, 3)


@pytest.mark.parametrize(
    "when, expected",
    [
        (datetime.datetime(2025, 3, 3, 8, 59), False),
        (datetime.datetime(2025, 3, 3, 9, 0), True),
        (datetime.datetime(2025, 3, 3, 11, 59), True),
        (datetime.datetime(2025, 3, 3, 12, 0), False),  # the end is excluded
        (datetime.datetime(2025, 3, 3, 18, 29), True),
        (datetime.datetime(2025, 3, 8, 9, 0), True),  # Saturday
        (datetime.datetime(2025, 3, 9, 10, 0), False),  # Sunday off
        (datetime.datetime(2025, 5, 1, 10, 0), False),  # 1 May, a Thursday: public holiday
        (datetime.datetime(2025, 4, 21, 10, 0), False),  # Easter Monday 2025
        (datetime.datetime(2025, 5, 29, 10, 0), False),  # Ascension 2025
        (datetime.datetime(2025, 6, 9, 10, 0), False),  # Whit Monday 2025
        # Aware datetimes are read in Paris time: 08:30 UTC in March is 09:30 in Paris.
        (datetime.datetime(2025, 3, 3, 8, 30, tzinfo=datetime.UTC), True),
        (datetime.datetime(2025, 3, 3, 7, 30, tzinfo=datetime.UTC), False),
    ],
)
def test_is_open(when, expected):
    assert oh.is_open("Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00; Su off; PH off", when) is expected


def test_is_open_without_public_holiday_rule_and_unknown_hours():
    assert oh.is_open("Mo-Fr 09:00-12:00", datetime.datetime(2025, 5, 1, 10, 0))  # no "PH off": open
    assert not oh.is_open("", datetime.datetime(2025, 3, 3, 10, 0))
    assert oh.is_open("24/7", datetime.datetime(2025, 3, 3, 23, 59))
    assert oh.is_open("Mo 18:00-24:00", datetime.datetime(2025, 3, 3, 23, 59))


def test_today_hours():
    text = "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00; PH off"
    assert oh.today_hours(text, MONDAY) == "9\xa0h–12\xa0h, 14\xa0h–18\xa0h\xa030"
    assert oh.today_hours(text, datetime.date(2025, 3, 8)) == "8\xa0h\xa030–12\xa0h"
    assert oh.today_hours(text, datetime.date(2025, 3, 9)) == "fermé"  # Sunday, not mentioned
    assert oh.today_hours(text, datetime.date(2025, 7, 14)) == "fermé (jour férié)"
    assert oh.today_hours("", MONDAY) == ""


def test_public_holidays_come_from_the_holidays_package():
    assert oh.is_public_holiday(datetime.date(2025, 11, 11))
    assert oh.is_public_holiday(datetime.date(2024, 4, 1))  # Easter Monday 2024
    assert oh.is_public_holiday(datetime.date(2038, 4, 26))  # Easter Monday 2038
    assert not oh.is_public_holiday(datetime.date(2025, 4, 20))  # Easter Sunday is a Sunday, not an extra day
    assert not oh.is_public_holiday(MONDAY)
    assert not oh.is_public_holiday(datetime.date(2025, 12, 26))  # Saint-Étienne: Alsace-Moselle only
    assert oh.is_public_holiday(datetime.date(2025, 12, 26), "57")


@pytest.mark.parametrize(
    "text, position, expected",
    [
        ("Mo-Fr 9h-12h", 7, "une heure au format HH:MM est attendue"),
        ("Xx 09:00-12:00", 1, "un jour est attendu : Mo, Tu, We, Th, Fr, Sa ou Su"),
        ("Mo-Fr 09:00-25:00", 13, "l'heure 25:00 n'existe pas"),
        ("Mo-Fr 09:00-24:30", 13, "l'heure 24:30 n'existe pas"),
        ("Mo 09:60-10:00", 4, "l'heure 09:60 n'existe pas"),
        ("Mo-Fr 12:00-09:00", 13, "l'heure de fin doit être après l'heure de début (12:00)"),
        ("Mo-Fr 09:00-09:00", 13, "l'heure de fin doit être après l'heure de début"),
        ("Mo 24:00-24:00", 4, "un créneau ne peut pas commencer à 24:00"),
        ("Mo-Fr 09:00-12:00;; Sa 09:00-12:00", 19, "une règle est attendue après le point-virgule"),
        ("Mo-Fr 09:00-12:00; ; Sa 09:00-12:00", 20, "une règle est attendue après le point-virgule"),
        ("Mo-Fr 09:00-12:00;", 19, "une règle est attendue après le point-virgule"),
        (";Mo 09:00-12:00", 1, "un jour (Mo, Tu, We, Th, Fr, Sa, Su)"),
        ("Mo,,We 09:00-12:00", 4, "un jour est attendu"),
        ("Mo- 09:00-12:00", 5, "un jour est attendu"),
        ("Mo 09:00-12:00,,14:00-15:00", 16, "une heure au format HH:MM est attendue"),
        ("Mo 09:00-12:00,", 16, "une heure au format HH:MM est attendue"),
        ("Mo-Fr", 6, "des horaires (HH:MM-HH:MM) ou « off » sont attendus"),
        ("Mo-Fr sur rendez-vous", 7, "des horaires (HH:MM-HH:MM) ou « off » sont attendus"),
        ("Mo 09:00", 9, "un tiret est attendu entre l'heure de début et l'heure de fin"),
        ("Mo 09:00-", 10, "une heure au format HH:MM est attendue"),
        ("Mo-Fr 09:00-12:00 14:00-17:00", 19, "une virgule (créneau suivant) ou un point-virgule (règle suivante)"),
        ("Mo-Fr 09:00-12:00-14:00", 18, "une virgule (créneau suivant) ou un point-virgule"),
        ("Mo-Fr 09:00-12:00, Sa 10:00-12:00", 20, "séparez les règles par un point-virgule"),
        ("Mo 09:00-12:00,11:00-13:00", 16, "ce créneau chevauche le créneau 09:00-12:00"),
        ("Mon-Fri 09:00-12:00", 1, "un jour est attendu"),
        ("Lu-Ve 09:00-12:00", 1, "un jour est attendu"),
        ("PH 10:00-12:00", 4, "après « PH » (jours fériés), seul « off » est pris en charge"),
        ("Mo,PH off", 4, "les jours fériés s'écrivent dans une règle à part"),
        ('Mo 09:00-12:00 "sur rendez-vous"', 16, "les commentaires entre guillemets ne sont pas pris en charge"),
        ("Jan-Mar Mo 09:00-12:00", 1, "un jour est attendu"),
        ("\x00", 1, "un jour (Mo, Tu, We, Th, Fr, Sa, Su)"),
        ("Mo 09:00-12:00 💥", 16, "une virgule (créneau suivant) ou un point-virgule"),
    ],
)
def test_malformed_hours_say_where_and_what(text, position, expected):
    with pytest.raises(OpeningHoursError) as refused:
        oh.parse(text)
    assert refused.value.position == position
    assert expected in refused.value.expected
    assert str(refused.value).startswith(f"Horaires illisibles au caractère {position}")
    assert isinstance(refused.value, ValueError)


def test_the_message_reads_as_a_sentence():
    with pytest.raises(
        OpeningHoursError, match=r"^Horaires illisibles au caractère 7 : une heure au format HH:MM est attendue\.$"
    ):
        oh.parse("Mo-Fr 9h-12h")
    with pytest.raises(OpeningHoursError, match=r"^Horaires illisibles au caractère 6 \(à la fin\) : "):
        oh.parse("Mo-Fr")


@pytest.mark.parametrize("function", [oh.describe, oh.week, oh.normalize])
def test_every_function_refuses_malformed_text(function):
    with pytest.raises(ValueError):
        function("Mo-Fr 09:00-25:00")
