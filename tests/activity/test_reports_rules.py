"""Every server-side rule of activity reports, sent straight to the functions (what the REST API will call):
a clear French message, and nothing stored in reports, rollups or the journal."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from conum.activity.models import ActivityReport, ActivityRollup
from conum.activity.reports import services as reports
from conum.core.errors import RuleViolation
from conum.core.inputs import InvalidInput
from conum.core.models import Journal
from tests.activity.builders import edit_report, individual_data, save_report, workshop_data
from tests.activity.factories import PlaceFactory, WorkshopFactory


def refused(advisor_user, hired_advisor, data) -> InvalidInput:
    with pytest.raises(InvalidInput) as refusal:
        save_report(hired_advisor, advisor_user, data)
    assert not ActivityReport.objects.exists()
    assert not ActivityRollup.objects.exists()
    assert not Journal.objects.filter(action__startswith="activity.report").exists()
    return refusal.value


TODAY = timezone.localdate()
RULES = [
    # (name, builder, overrides, field, message)
    ("future date", individual_data, {"date": TODAY + timedelta(days=1)}, "date", "dans le futur"),
    ("before the programme", individual_data, {"date": date(2020, 10, 31)}, "date",
     "début du programme, le 01/11/2020"),
    ("no date", individual_data, {"date": None}, "date", "Indiquez la date de l'accompagnement."),
    ("not a date", individual_data, {"date": "31/02/2024"}, "date", "Indiquez une date valide"),
    ("unknown kind", individual_data, {"kind": "groupe"}, "kind", "Choisissez le type"),
    ("individual of 2", individual_data, {"participants": 2, "age_60_69": 2, "status_retraite": 2}, "participants",
     "Un accompagnement individuel concerne exactement 1 personne (2 indiquées)."),
    ("one-off of 0", individual_data, {"kind": "ponctuel", "autonomy": "", "participants": 0}, "participants",
     "Une demande ponctuelle concerne exactement 1 personne"),
    ("workshop of 0", workshop_data, {"participants": 0}, "participants", "de 1 à 100 participants"),
    ("workshop of 101", workshop_data, {"participants": 101}, "participants", "de 1 à 100 participants"),
    ("participants missing", workshop_data, {"participants": None}, "participants",
     "Indiquez le nombre de participants."),
    ("participants not a number", workshop_data, {"participants": "six"}, "participants", "un nombre entier"),
    ("returning > participants", workshop_data, {"returning_participants": 7}, "returning_participants",
     "Les personnes déjà accompagnées (7) ne peuvent pas dépasser les participants (6)."),
    ("negative count", workshop_data, {"returning_participants": -1}, "returning_participants", "positif ou nul"),
    ("ages do not sum", workshop_data, {"age_non_communique": 0}, "ages",
     "La répartition par tranche d'âge compte 5 personnes : elle doit faire le nombre de participants (6)."),
    ("ages exceed", individual_data, {"age_18_24": 1}, "ages", "compte 2 personnes"),
    ("statuses do not sum", workshop_data, {"status_retraite": 4}, "statuses",
     "La répartition par statut compte 5 personnes : elle doit faire le nombre de participants (6)."),
    ("follow-up individual > participants", workshop_data, {"followup_individual": 7}, "followup_individual",
     "Les personnes qui poursuivent en accompagnement individuel (7) ne peuvent pas dépasser les participants (6)."),
    ("follow-up workshop > participants", workshop_data, {"followup_workshop": 9}, "followup_workshop",
     "poursuivent en atelier collectif (9)"),
    ("redirected > participants", individual_data, {"followup_redirected": 2}, "followup_redirected",
     "Les personnes qui sont réorientées (2) ne peuvent pas dépasser les participants (1)."),
    ("no theme", individual_data, {"themes": [], "administrative_themes": []}, "themes",
     "Choisissez au moins une thématique."),
    ("unknown theme", individual_data, {"themes": ["email", "jardinage"]}, "themes", "valeur inconnue (jardinage)"),
    ("administrative theme alone", individual_data, {"themes": ["email"]}, "administrative_themes",
     "qu'avec la thématique « Aide aux démarches administratives »"),
    ("duration 0", individual_data, {"duration_minutes": 0}, "duration_minutes", "entre 1 et 480 minutes"),
    ("duration 481", individual_data, {"duration_minutes": 481}, "duration_minutes", "entre 1 et 480 minutes"),
    ("no duration", individual_data, {"duration_minutes": None}, "duration_minutes", "Indiquez la durée en minutes."),
    ("autonomy of a workshop", workshop_data, {"autonomy": "autonome"}, "autonomy",
     "ne s'indique que pour un accompagnement individuel"),
    ("unknown autonomy", individual_data, {"autonomy": "total"}, "autonomy", "degré d'autonomie de la liste"),
    ("no location", individual_data, {"location": ""}, "location", "Indiquez où l'accompagnement a eu lieu"),
    ("place missing", individual_data, {"place": None}, "place", "Choisissez le lieu d'activité."),
    ("home without commune", individual_data, {"location": "domicile", "place": None}, "commune",
     "Indiquez la commune où l'accompagnement a eu lieu (à domicile)."),
    ("other place, unknown commune", individual_data, {"location": "autre", "commune": "99999"}, "commune",
     "Cette commune est inconnue"),
    ("nothing and equipment", individual_data, {"equipment": ["aucun", "telephone"]}, "equipment",
     "« Pas de matériel » ne se combine pas"),
    ("notes too long", individual_data, {"notes": "x" * 501}, "notes", "500 caractères (501 saisis)"),
    ("unknown field", individual_data, {"name": "Mme Dupont"}, None, "Champ inconnu : name."),
]  # fmt: skip


@pytest.mark.parametrize("name, builder, overrides, field, message", RULES, ids=[rule[0] for rule in RULES])
def test_each_rule_refuses_with_a_clear_message_and_stores_nothing(
    advisor, hired_advisor, place, name, builder, overrides, field, message
):
    refusal = refused(advisor, hired_advisor, builder(place, **overrides))
    assert field in refusal.errors, refusal.errors
    assert any(message in text for text in refusal.errors[field]), refusal.errors


def test_valid_reports_are_stored_with_the_commune_of_the_territory_rule(advisor, hired_advisor, place):
    at_place = save_report(hired_advisor, advisor, individual_data(place))
    assert at_place.commune_id == place.commune_id and at_place.structure == hired_advisor.structure
    at_home = save_report(
        hired_advisor, advisor, individual_data(place, location="domicile", place=place.pk, commune="87154")
    )
    assert (at_home.commune_id, at_home.place) == ("87154", None)  # a place given with "à domicile" is dropped
    remote = save_report(hired_advisor, advisor, individual_data(place, location="a_distance", place=None))
    assert remote.commune_id == hired_advisor.structure.commune_id == "87085"
    workshop = save_report(hired_advisor, advisor, workshop_data(place))
    assert (workshop.participants, workshop.returning_participants, workshop.age_70_plus) == (6, 2, 3)
    assert ActivityReport.objects.count() == 4
    assert Journal.objects.filter(action="activity.report_created").count() == 4


def test_the_rules_accept_the_boundaries(advisor, hired_advisor, place, programme):
    data = workshop_data(
        place,
        date=programme.programme_start,
        duration_minutes=480,
        participants=100,
        returning_participants=100,
        age_60_69=100,
        age_70_plus=0,
        age_non_communique=0,
        status_retraite=100,
        status_non_communique=0,
        followup_workshop=100,
    )
    assert save_report(hired_advisor, advisor, data).participants == 100
    today = individual_data(place, date=timezone.localdate().isoformat(), duration_minutes="1", notes="x" * 500)
    assert save_report(hired_advisor, advisor, today).duration_minutes == 1


def test_the_place_must_be_one_of_the_advisors_places(advisor, hired_advisor, place, other_advisor):
    elsewhere = PlaceFactory(structure=other_advisor.structure, advisors=[other_advisor], commune_id="23096")
    refusal = refused(advisor, hired_advisor, individual_data(place, place=elsewhere.pk))
    assert refusal.errors["place"] == ["Ce lieu ne fait pas partie de vos lieux d'activité."]
    refusal = refused(advisor, hired_advisor, individual_data(place, place="n'importe quoi"))
    assert refusal.errors["place"] == ["Ce lieu ne fait pas partie de vos lieux d'activité."]


def test_an_archived_place_is_refused_for_new_reports_and_kept_by_existing_ones(advisor, hired_advisor, place):
    report = save_report(hired_advisor, advisor, individual_data(place))
    place.archived_at = timezone.now()
    place.save()
    with pytest.raises(InvalidInput) as refusal:
        save_report(hired_advisor, advisor, individual_data(place))
    assert "Ce lieu est archivé" in refusal.value.errors["place"][0]
    assert edit_report(report, advisor, {"duration_minutes": 60}).place == place
    assert ActivityReport.objects.count() == 1


def test_only_the_author_writes_its_reports(advisor, hired_advisor, place, other_advisor, structure_manager):
    with pytest.raises(RuleViolation, match="Seul le conseiller auteur"):
        save_report(hired_advisor, other_advisor.user, individual_data(place))
    with pytest.raises(RuleViolation, match="Seul le conseiller auteur"):
        save_report(hired_advisor, structure_manager, individual_data(place))
    report = save_report(hired_advisor, advisor, individual_data(place))
    for intruder in (other_advisor.user, structure_manager, None):
        with pytest.raises(RuleViolation, match="Seul le conseiller auteur"):
            edit_report(report, intruder, {"duration_minutes": 90})
        with pytest.raises(RuleViolation, match="Seul le conseiller auteur"):
            reports.delete_report(report, intruder)
    report.refresh_from_db()
    assert (report.duration_minutes, report.deleted_at) == (45, None)
    assert ActivityRollup.objects.get().duration_minutes == 45


def test_an_invalid_edit_changes_nothing(advisor, hired_advisor, place):
    report = save_report(hired_advisor, advisor, workshop_data(place))
    with pytest.raises(InvalidInput) as refusal:
        edit_report(report, advisor, {"participants": 8})
    assert set(refusal.value.errors) == {"ages", "statuses"}
    report.refresh_from_db()
    assert report.participants == 6
    rollup = ActivityRollup.objects.get()
    assert (rollup.reports, rollup.participants, rollup.age_70_plus) == (1, 6, 3)
    assert Journal.objects.filter(action="activity.report_updated").count() == 0


def test_edit_and_soft_delete_are_journaled_without_notes(advisor, hired_advisor, place):
    report = save_report(hired_advisor, advisor, individual_data(place, notes="Rappeler mardi"))
    edit_report(report, advisor, {"duration_minutes": 60, "notes": "Rappeler jeudi"})
    entry = Journal.objects.get(action="activity.report_updated")
    assert (entry.before, entry.after) == ({"duration_minutes": 45}, {"duration_minutes": 60})
    assert "Rappeler" not in str(Journal.objects.values_list("before", "after", "object_repr"))
    reports.delete_report(report, advisor)
    report.refresh_from_db()
    assert report.deleted_at is not None and not ActivityRollup.objects.exists()
    with pytest.raises(RuleViolation, match="déjà supprimé"):
        reports.delete_report(report, advisor)
    with pytest.raises(RuleViolation, match="a été supprimé"):
        edit_report(report, advisor, {"duration_minutes": 30})


def test_a_report_from_a_workshop(advisor, hired_advisor, place, other_advisor):
    workshop = WorkshopFactory(advisor=hired_advisor, place=place)
    data = workshop_data(place, workshop=workshop.pk)
    report = save_report(hired_advisor, advisor, data)
    assert report.workshop == workshop
    with pytest.raises(InvalidInput) as refusal:
        save_report(hired_advisor, advisor, data)
    assert f"Cet atelier a déjà son compte rendu (n° {report.pk}" in refusal.value.errors["workshop"][0]
    theirs = WorkshopFactory(advisor=other_advisor, remote_link="https://visio.exemple.fr/atelier")
    with pytest.raises(InvalidInput) as refused_again:
        save_report(hired_advisor, advisor, workshop_data(place, workshop=theirs.pk))
    assert refused_again.value.errors["workshop"] == ["Cet atelier ne fait pas partie de vos ateliers."]
    with pytest.raises(InvalidInput) as refusal:
        edit_report(report, advisor, individual_data(place))
    assert refusal.value.errors["kind"] == ["Un compte rendu d'atelier est de type « Atelier collectif »."]
    assert ActivityReport.objects.count() == 1


def test_a_cancelled_workshop_has_no_report(advisor, hired_advisor, place):
    workshop = WorkshopFactory(advisor=hired_advisor, place=place, cancelled_at=timezone.now())
    refusal = refused(advisor, hired_advisor, workshop_data(place, workshop=workshop.pk))
    assert refusal.errors["workshop"] == ["Cet atelier a été annulé : il n'a pas de compte rendu."]


def test_the_exception_names_its_first_field_for_forms_and_the_api(advisor, hired_advisor, place):
    refusal = refused(advisor, hired_advisor, individual_data(place, duration_minutes=0, themes=[]))
    assert isinstance(refusal, RuleViolation)
    assert (refusal.field, str(refusal)) == ("duration_minutes", refusal.errors["duration_minutes"][0])
    assert len(refusal.messages) == 3  # the duration, no theme, administrative themes without their theme
