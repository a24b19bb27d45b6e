"""Opening hours beyond the subset: the full OpenStreetMap grammar accepted and evaluated by opening-hours-py, in
each place's time zone, with its territory's public holidays (Alsace-Moselle, La Réunion, Nouvelle-Calédonie…);
the common mistakes still answered in French with the character's position."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from conum.activity.places import opening_hours as oh
from conum.activity.places import weekly_hours
from conum.activity.places.inputs import parse_place
from conum.activity.places.opening_hours import OpeningHoursError
from conum.core.inputs import InvalidInput
from conum.public.search import describe_today
from conum.territories.models import Commune
from tests.activity.builders import place_form
from tests.activity.factories import PlaceFactory
from tests.activity.test_place_inputs import raw
from tests.helpers import page_text

PARIS = ZoneInfo("Europe/Paris")
UTC = ZoneInfo("UTC")
EVERY_DAY = "Mo-Su 09:00-18:00; PH off"


def paris(*args):
    return datetime.datetime(*args, tzinfo=PARIS)


# ---- public holidays by territory -------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, subdivision, closed",
    [
        (datetime.date(2026, 12, 26), "57", True),  # Saint-Étienne, Moselle
        (datetime.date(2026, 12, 26), "6AE", True),  # and Alsace
        (datetime.date(2026, 12, 26), None, False),  # not in Paris
        (datetime.date(2026, 4, 3), "57", True),  # Good Friday 2026
        (datetime.date(2026, 4, 3), None, False),
        (datetime.date(2026, 12, 20), "974", True),  # abolition of slavery, La Réunion
        (datetime.date(2026, 12, 20), None, False),
        (datetime.date(2026, 9, 24), "NC", True),  # Citizenship Day, Nouvelle-Calédonie
        (datetime.date(2026, 5, 27), "971", True),  # abolition of slavery, Guadeloupe
        (datetime.date(2026, 5, 27), "972", False),  # Martinique's is the 22nd
        (datetime.date(2026, 7, 14), None, True),  # and everywhere the national ones
        (datetime.date(2025, 6, 9), None, True),  # Whit Monday 2025
    ],
)
def test_ph_off_closes_on_the_territory_s_public_holidays(day, subdivision, closed):
    at_ten = datetime.datetime.combine(day, datetime.time(10))
    assert oh.is_public_holiday(day, subdivision) is closed
    assert oh.is_open(EVERY_DAY, at_ten, PARIS, subdivision) is not closed
    assert oh.today_hours(EVERY_DAY, day, PARIS, subdivision) == ("fermé (jour férié)" if closed else "9\xa0h–18\xa0h")


def test_hours_without_ph_stay_open_on_holidays():
    assert oh.is_open("Mo-Su 09:00-18:00", paris(2026, 12, 26, 10), PARIS, "57")
    assert oh.today_hours("Mo-Su 09:00-18:00", datetime.date(2026, 12, 26), PARIS, "57") == "9\xa0h–18\xa0h"


def test_ph_with_hours_and_with_weekdays():
    text = "Mo-Fr 09:00-12:00,14:00-17:00; PH 10:00-12:00"
    assert oh.is_open(text, paris(2026, 7, 14, 11), PARIS)
    assert not oh.is_open(text, paris(2026, 7, 14, 15), PARIS)
    assert oh.is_open(text, paris(2026, 7, 15, 15), PARIS)
    assert oh.today_hours(text, datetime.date(2026, 12, 26), PARIS, "57") == "10\xa0h–12\xa0h"  # a Saturday
    assert oh.today_hours(text, datetime.date(2026, 12, 26), PARIS) == "fermé"
    assert oh.is_open("Mo-Fr,PH 10:00-12:00", paris(2026, 12, 26, 11), PARIS, "57")
    assert not oh.is_open("Mo-Fr,PH 10:00-12:00", paris(2026, 12, 26, 11), PARIS)


# ---- "ouvert maintenant" by the place's clock ------------------------------------------------------


@pytest.fixture
def overseas(territories, hired_advisor):
    """A place in Basse-Terre (Guadeloupe, UTC−4), one in Nouméa (UTC+11), one in Metz (Moselle), one in Limoges."""
    communes = [
        ("97105", "Basse-Terre", "971", "97100", 16.00046, -61.7281),
        ("98818", "Nouméa", "988", "98800", -22.27407, 166.44884),
        ("57463", "Metz", "57", "57000", 49.10811, 6.19552),
    ]
    for code, name, departement, postal_code, latitude, longitude in communes:
        Commune.objects.create(code=code, name=name, search_name=name.lower(), departement_id=departement,
                               postal_codes=postal_code, latitude=latitude, longitude=longitude)  # fmt: skip
    hours = "Mo-Fr 08:00-12:00; PH off"
    return {
        name: PlaceFactory(
            structure=hired_advisor.structure, commune_id=code, postal_code=postal_code, opening_hours=hours, name=name
        )  # fmt: skip
        for name, code, postal_code in [
            ("guadeloupe", "97105", "97100"),
            ("noumea", "98818", "98800"),
            ("metz", "57463", "57000"),
            ("limoges", "87085", "87000"),
        ]
    }


@pytest.mark.parametrize(
    "instant, open_places",
    [
        # Monday 7 December 2026, 14:00 UTC: 10:00 in Guadeloupe, 15:00 in Paris and Metz, 01:00 Tuesday in Nouméa.
        (datetime.datetime(2026, 12, 7, 14, 0, tzinfo=UTC), {"guadeloupe"}),
        # 08:30 UTC: 04:30 in Guadeloupe, 09:30 in Paris and Metz, 19:30 in Nouméa.
        (datetime.datetime(2026, 12, 7, 8, 30, tzinfo=UTC), {"metz", "limoges"}),
        # Sunday 6 December, 22:30 UTC: Monday 09:30 in Nouméa; Sunday evening everywhere else.
        (datetime.datetime(2026, 12, 6, 22, 30, tzinfo=UTC), {"noumea"}),
        # Thursday 24 September, 22:00 UTC: Friday 09:00 in Nouméa, open; Thursday 23:00 UTC, its holiday, closed.
        (datetime.datetime(2026, 9, 24, 22, 0, tzinfo=UTC), {"noumea"}),
        (datetime.datetime(2026, 9, 23, 22, 0, tzinfo=UTC), set()),
        # Friday 3 April 2026 (Good Friday), 08:00 UTC: 10:00 in Metz, a holiday there; not in Limoges.
        (datetime.datetime(2026, 4, 3, 8, 0, tzinfo=UTC), {"limoges"}),
    ],
)
def test_open_now_by_each_place_s_clock_and_holidays(overseas, instant, open_places):
    places = list(overseas.values())
    describe_today(places, instant)
    assert {place.name for place in places if place.open_now} == open_places


def test_today_s_hours_are_the_place_s_day(overseas):
    places = list(overseas.values())
    describe_today(places, datetime.datetime(2026, 9, 23, 22, 0, tzinfo=UTC))  # Thursday 24 in Nouméa
    hours = {place.name: place.today_hours for place in places}
    assert hours == {
        "noumea": "fermé (jour férié)", "guadeloupe": "8\xa0h–12\xa0h", "metz": "8\xa0h–12\xa0h",
        "limoges": "8\xa0h–12\xa0h",
    }  # fmt: skip


def test_the_public_place_page_says_open_by_the_place_s_clock(client, overseas, monkeypatch):
    monkeypatch.setattr("conum.public.views.timezone.now", lambda: datetime.datetime(2026, 12, 6, 22, 30, tzinfo=UTC))
    # Sunday 6 December, 23:30 in Paris; Monday 7, 09:30 in Nouméa.
    page = page_text(client.get(f"/aide-numerique/lieux/{overseas['noumea'].pk}/"))
    assert "Ouvert maintenant" in page and "Aujourd'hui : 8\xa0h–12\xa0h" in page
    page = page_text(client.get(f"/aide-numerique/lieux/{overseas['limoges'].pk}/"))
    assert "Fermé en ce moment" in page and "Ouvert maintenant" not in page


# ---- the full grammar ------------------------------------------------------------------------------

FULL_GRAMMAR = [
    "Mo-Fr 09:00-12:00,14:00-17:00; PH 10:00-12:00",
    "Mo-Fr 09:00-17:00; SH Mo-Fr 09:00-12:00",
    "Jan-Jun,Sep-Dec Mo-Fr 09:00-17:00; Jul-Aug off",
    "Mo-Fr 09:00-12:00; Dec 24 09:00-12:00; Dec 25 off",
    "week 01-26 Tu 14:00-18:00; week 27-53 Th 14:00-18:00",
    'Mo-Fr 09:00-12:00 "accueil libre"; Sa 10:00-12:00 "sur rendez-vous"',
    'Mo-Fr 09:00-17:00 || "sur rendez-vous"',
    "Mo[1] 14:00-17:00",
    "Mo-Fr 22:00-02:00",
]


@pytest.mark.parametrize("text", FULL_GRAMMAR)
def test_the_full_grammar_is_accepted_as_typed(territories, text):
    with pytest.raises(OpeningHoursError):
        oh.parse(text)  # beyond our subset…
    assert oh.checked(text) == text  # …but accepted, as typed
    assert parse_place(raw(opening_hours=f"  {text} ")).opening_hours == text
    assert weekly_hours.from_text(text) is None  # the day-by-day editor says it cannot show them
    assert oh.readable(text) == [text]


def test_the_full_grammar_is_evaluated():
    months = "Jan-Jun,Sep-Dec Mo-Fr 09:00-17:00; Jul-Aug off"
    assert oh.is_open(months, paris(2026, 12, 7, 10)) and not oh.is_open(months, paris(2026, 7, 6, 10))
    weeks = "week 01-26 Tu 14:00-18:00; week 27-53 Th 14:00-18:00"
    assert oh.is_open(weeks, paris(2026, 3, 3, 15)) and not oh.is_open(weeks, paris(2026, 3, 5, 15))
    assert oh.is_open(weeks, paris(2026, 12, 3, 15)) and not oh.is_open(weeks, paris(2026, 12, 1, 15))
    first_monday = "Mo[1] 14:00-17:00"
    assert oh.is_open(first_monday, paris(2026, 12, 7, 15)) and not oh.is_open(first_monday, paris(2026, 12, 14, 15))
    dates = "Mo-Fr 09:00-12:00; Dec 24 09:00-12:00; Dec 25 off"
    assert oh.today_hours(dates, datetime.date(2026, 12, 25)) == "fermé"
    assert oh.today_hours(dates, datetime.date(2026, 12, 24)) == "9\xa0h–12\xa0h"
    fallback = 'Mo-Fr 09:00-17:00 || "sur rendez-vous"'
    assert oh.is_open(fallback, paris(2026, 12, 7, 10)) and not oh.is_open(fallback, paris(2026, 12, 5, 10))
    assert oh.today_hours(fallback, datetime.date(2026, 12, 5)) == "sur rendez-vous"  # Saturday: the fallback
    assert oh.today_hours(fallback, datetime.date(2026, 12, 7)) == "9\xa0h–17\xa0h"
    overnight = "Mo-Fr 22:00-02:00"
    assert oh.is_open(overnight, paris(2026, 12, 8, 1)) and oh.today_hours(overnight, datetime.date(2026, 12, 8)) == (
        "0\xa0h–2\xa0h, 22\xa0h–24\xa0h"
    )


def test_a_full_grammar_text_is_saved_through_the_place_form_and_the_editor_says_so(client, advisor, place):
    text = "Jan-Jun,Sep-Dec Mo-Fr 09:00-17:00; Jul-Aug off; PH off"
    client.force_login(advisor)
    assert client.post(f"/activite/lieux/{place.pk}/modifier/", place_form(opening_hours=text)).status_code == 302
    place.refresh_from_db()
    assert place.opening_hours == text
    html = page_text(client.get(f"/activite/lieux/{place.pk}/modifier/"))
    assert "trop détaillés pour les jours ci-dessous" in html and f'value="{text}"' in html


# ---- the common mistakes keep their French message -------------------------------------------------


@pytest.mark.parametrize(
    "text, position, expected",
    [
        ("Mo-Fr 9h-12h", 7, "une heure au format HH:MM est attendue"),
        ("Lu-Ve 09:00-12:00", 1, "un jour est attendu"),
        ("Mon-Fri 09:00-12:00", 1, "un jour est attendu"),
        ("Mo-Fr 09:00-12:00;", 19, "une règle est attendue après le point-virgule"),
        ("Mo 09:00-", 10, "une heure au format HH:MM est attendue"),
        ("Mo-Fr sur rendez-vous", 7, "des horaires (HH:MM-HH:MM) ou « off » sont attendus"),
        ("Mo 09:00", 9, "un tiret est attendu entre l'heure de début et l'heure de fin"),
        ("Mo-Fr 09:00-12:00 14:00-17:00", 19, "une virgule (créneau suivant) ou un point-virgule"),
        ("24/24", 1, "une heure au format HH:MM est attendue"),
    ],
)
def test_common_mistakes_still_say_where_in_french(territories, text, position, expected):
    with pytest.raises(OpeningHoursError) as refused:
        oh.checked(text)
    assert refused.value.position == position and expected in refused.value.expected
    with pytest.raises(InvalidInput) as refused:
        parse_place(raw(opening_hours=text))
    assert refused.value.errors["opening_hours"][0].startswith(f"Horaires illisibles au caractère {position}")


def test_the_place_form_shows_the_mistake_and_saves_nothing(client, advisor, place):
    client.force_login(advisor)
    before = place.opening_hours
    response = client.post(f"/activite/lieux/{place.pk}/modifier/", place_form(opening_hours="Lu-Ve 09:00-12:00"))
    assert response.status_code == 200
    assert "Horaires illisibles au caractère 1 : un jour est attendu" in page_text(response)
    place.refresh_from_db()
    assert place.opening_hours == before
