"""Places of activity: who sees and edits which, creation and edition through the form, archiving, journal."""

import re

import pytest

from conum.activity.models import Place
from conum.activity.places import services as places
from conum.activity.places.inputs import PlaceInput
from conum.core import navigation
from conum.core.errors import RuleViolation
from conum.core.models import Journal
from conum.recruitment.models import Advisor
from conum.structures.models import StructureMembership
from conum.territories.models import Commune
from tests.activity.builders import LIMOGES, place_form
from tests.activity.factories import PlaceFactory
from tests.factories import valid_siret
from tests.helpers import PERSONAS, page_text, statuses_by_persona
from tests.recruitment.hiring import hire, validated_application


def expect(default, **overrides):
    return dict.fromkeys(PERSONAS, default) | overrides


EDITORS_OWN = expect(403, anonymous=302, advisor=200, structure_manager=200, other_structure_manager=200)
EDITORS_OF_THE_PLACE = EDITORS_OWN | {"other_structure_manager": 404}
POST_ONLY = expect(403, anonymous=302, advisor=405, structure_manager=405, other_structure_manager=405)
NOT_FOUND = expect(403, anonymous=302, advisor=404, structure_manager=404, other_structure_manager=404)
MATRIX = [
    ("/activite/lieux/", EDITORS_OWN),
    ("/activite/lieux/?archives=1", EDITORS_OWN),
    ("/activite/lieux/nouveau/", EDITORS_OWN),
    ("/activite/lieux/{pk}/", EDITORS_OF_THE_PLACE),
    ("/activite/lieux/{pk}/modifier/", EDITORS_OF_THE_PLACE),
    ("/activite/lieux/{pk}/archiver/", EDITORS_OF_THE_PLACE),
    ("/activite/lieux/{pk}/reactiver/", POST_ONLY),
    ("/activite/lieux/999999/", NOT_FOUND),
]


@pytest.mark.parametrize("url, expected", MATRIX, ids=[url for url, _ in MATRIX])
def test_places_permission_matrix(client, request, place, other_advisor, url, expected):
    """National staff and prefectures read places through the steering pages, not here (403)."""
    assert statuses_by_persona(client, request, url.format(pk=place.pk)) == expected
    client.logout()
    response = client.get(url.format(pk=place.pk))
    assert response.url.startswith("/compte/connexion/?next=")


def test_another_advisor_gets_404_and_changes_nothing(client, place, other_advisor):
    client.force_login(other_advisor.user)
    for path in ("", "modifier/", "archiver/"):
        assert client.get(f"/activite/lieux/{place.pk}/{path}").status_code == 404
    assert client.post(f"/activite/lieux/{place.pk}/modifier/", place_form(name="Piraté")).status_code == 404
    assert client.post(f"/activite/lieux/{place.pk}/archiver/").status_code == 404
    assert client.post(f"/activite/lieux/{place.pk}/reactiver/").status_code == 404
    place.refresh_from_db()
    assert place.name == "Médiathèque de Limoges" and place.archived_at is None
    assert "Médiathèque de Limoges" not in page_text(client.get("/activite/lieux/"))
    assert not Journal.objects.filter(action__startswith="activity.place").exists()


def test_an_advisor_account_without_a_post_gets_404(client, advisor, hired_advisor, place):
    Advisor.objects.filter(pk=hired_advisor.pk).update(in_post=False)
    client.force_login(advisor)
    assert client.get("/activite/lieux/").status_code == 404
    assert client.get(f"/activite/lieux/{place.pk}/").status_code == 404
    assert client.post("/activite/lieux/nouveau/", place_form()).status_code == 404
    assert Place.objects.count() == 1


def test_navigation_entries(advisor, structure_manager):
    assert ("Mes lieux", "places:list") in [(e.label, e.url_name) for e in navigation.entries_for(advisor)]
    assert ("Lieux", "places:list") in [(e.label, e.url_name) for e in navigation.entries_for(structure_manager)]


# ---- creation ----------------------------------------------------------------------------------------


def test_an_advisor_creates_a_place_and_works_there(client, advisor, hired_advisor):
    client.force_login(advisor)
    form = page_text(client.get("/activite/lieux/nouveau/"))
    assert f'value="{hired_advisor.structure.siret}"' in form  # prefilled with the structure's SIRET
    response = client.post("/activite/lieux/nouveau/", place_form())
    place = Place.objects.get()
    assert response.status_code == 302 and response.url == f"/activite/lieux/{place.pk}/"
    assert place.structure == hired_advisor.structure
    assert list(place.advisors.all()) == [hired_advisor]
    assert place.opening_hours == "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00"
    assert place.phone == "+33555456000"
    assert place.postal_code == "87100" and place.departement_id == "87"
    assert place.siret == hired_advisor.structure.siret  # left empty: the structure's
    assert (place.latitude, place.longitude) == (place.commune.latitude, place.commune.longitude)
    assert place.national_programmes == ["France Services", "Conseillers numériques"]
    assert place.fees == ["Gratuit"] and place.publics == ["Seniors"] and place.specific_support == []
    entry = Journal.objects.get(action="activity.place_created")
    assert entry.actor == advisor and entry.object_id == str(place.pk)
    assert entry.after["name"] == "Espace numérique du Val de l'Aurence"
    assert entry.after["advisors"] == [hired_advisor.pk]
    assert entry.action_label == "Lieu d'activité créé"
    detail = page_text(client.get(response.url))
    assert "Lieu « Espace numérique du Val de l'Aurence » est créé." in detail.replace("Le lieu", "Lieu")
    assert "<li>Lundi–vendredi : 9\xa0h–12\xa0h, 14\xa0h–17\xa0h</li>" in detail
    assert "<li>Samedi : 9\xa0h–12\xa0h</li>" in detail
    assert "05 55 45 60 00" in detail
    assert "(centre de la commune)" in detail


def test_precise_coordinates_and_a_single_postal_code_commune(client, advisor, hired_advisor):
    client.force_login(advisor)
    # Saint-Junien has one postal code: it may be left empty.
    data = place_form(
        commune="Saint-Junien", commune_choix="87154", postal_code="", latitude="45,8872", longitude="0.9012"
    )
    assert client.post("/activite/lieux/nouveau/", data).status_code == 302
    place = Place.objects.get()
    assert place.postal_code == "87200"
    assert (place.latitude, place.longitude) == (45.8872, 0.9012)
    detail = page_text(client.get(f"/activite/lieux/{place.pk}/"))
    assert "45,88720, 0,90120" in detail and "centre de la commune" not in detail
    # The edit form shows precise coordinates, in French notation.
    form = page_text(client.get(f"/activite/lieux/{place.pk}/modifier/"))
    assert 'value="45,8872"' in form and 'value="0,9012"' in form


def test_an_advisor_attaches_a_colleague_of_its_structure(
    client, advisor, hired_advisor, limoges_application, structure_manager, national_staff
):
    colleague = hire(limoges_application, structure_manager, national_staff, first_name="Zoé", last_name="Durand")
    client.force_login(advisor)
    form = page_text(client.get("/activite/lieux/nouveau/"))
    assert "Autres conseillers numériques qui travaillent dans ce lieu" in form and "Zoé Durand" in form
    assert client.post("/activite/lieux/nouveau/", place_form(advisors=[colleague.pk])).status_code == 302
    assert set(Place.objects.get().advisors.all()) == {hired_advisor, colleague}


def test_a_manager_creates_a_place_for_its_advisors(client, structure_manager, hired_advisor, other_advisor):
    client.force_login(structure_manager)
    form = page_text(client.get("/activite/lieux/nouveau/"))
    assert "Conseillers numériques qui travaillent dans ce lieu" in form
    assert hired_advisor.full_name in form and other_advisor.full_name not in form
    assert "Structure d'accueil du lieu" not in form  # one structure: no choice
    siret = valid_siret(4242)
    response = client.post(
        "/activite/lieux/nouveau/", place_form(advisors=[hired_advisor.pk], siret=siret[:3] + " " + siret[3:])
    )
    assert response.status_code == 302
    place = Place.objects.get()
    assert place.structure == hired_advisor.structure and list(place.advisors.all()) == [hired_advisor]
    assert place.siret == siret
    # Another structure's advisor cannot be attached, even by a direct post.
    response = client.post("/activite/lieux/nouveau/", place_form(advisors=[other_advisor.pk]))
    assert "Choisissez des conseillers de la liste." in page_text(response)
    assert Place.objects.count() == 1


def test_a_manager_may_create_a_place_without_advisor(client, structure_manager, hired_advisor):
    client.force_login(structure_manager)
    assert client.post("/activite/lieux/nouveau/", place_form()).status_code == 302
    assert not Place.objects.get().advisors.exists()


def test_a_manager_of_several_structures_chooses_the_structure(
    client, structure_manager, hired_advisor, programme, national_staff
):
    second = validated_application(structure_manager, commune="19272", posts=1)  # Tulle
    advisor_in_tulle = hire(second, structure_manager, national_staff, first_name="Jules", last_name="Tulle")
    client.force_login(structure_manager)
    form = page_text(client.get("/activite/lieux/nouveau/"))
    assert "Structure d'accueil du lieu" in form
    assert f"{advisor_in_tulle.full_name} ({second.structure.name})" in form
    response = client.post("/activite/lieux/nouveau/", place_form())
    assert "Choisissez la structure à laquelle le lieu appartient." in page_text(response)
    # An advisor of the other structure is refused by the rule, beside the field.
    data = place_form(structure=hired_advisor.structure.pk, advisors=[advisor_in_tulle.pk])
    response = client.post("/activite/lieux/nouveau/", data)
    assert f"{advisor_in_tulle.full_name} n'est pas conseiller en poste dans la structure" in page_text(response)
    assert not Place.objects.exists()
    data = place_form(structure=second.structure.pk, advisors=[advisor_in_tulle.pk])
    assert client.post("/activite/lieux/nouveau/", data).status_code == 302
    place = Place.objects.get()
    assert place.structure == second.structure and place.siret == second.structure.siret
    assert "Tulle" in page_text(client.get("/activite/lieux/"))


def typed_place(**overrides) -> PlaceInput:
    """A valid place as the services take it (parsed and checked)."""
    values = {
        "name": "Lieu", "address": "1 rue", "commune": Commune.objects.get(pk=LIMOGES), "postal_code": "87000",
        "typology": "MUNI", "services": ["Aide aux démarches administratives"], "fees": ["Gratuit"],
        "access_modes": ["Se présenter"],
    }  # fmt: skip
    return PlaceInput(**values | overrides)


def test_services_refuse_what_views_would(structure_manager, other_structure_manager, hired_advisor, other_advisor):
    """The rules hold without the form: structure and advisors in the user's scope, roles that may edit."""
    data = typed_place()
    with pytest.raises(RuleViolation, match="Vous ne pouvez pas créer de lieu pour cette structure."):
        places.create_place(other_structure_manager, hired_advisor.structure, data)
    with pytest.raises(RuleViolation, match="n'est pas conseiller en poste dans la structure"):
        places.create_place(structure_manager, hired_advisor.structure, data, [other_advisor])
    place = PlaceFactory(structure=hired_advisor.structure)
    for outsider in (other_structure_manager, other_advisor.user):
        with pytest.raises(RuleViolation, match="Vous ne pouvez pas modifier ce lieu."):
            places.update_place(place, outsider, typed_place(name="Autre"))
        with pytest.raises(RuleViolation, match="Vous ne pouvez pas modifier ce lieu."):
            places.archive_place(place, outsider)
    assert Place.objects.count() == 1 and not Journal.objects.filter(action__startswith="activity.place").exists()


def test_national_staff_cannot_edit_through_the_services(national_staff, place):
    with pytest.raises(RuleViolation):
        places.update_place(place, national_staff, typed_place(name="Autre"))


# ---- edition -------------------------------------------------------------------------------------------


def test_an_edit_is_journaled_with_what_changed(client, advisor, place):
    client.force_login(advisor)
    form = page_text(client.get(f"/activite/lieux/{place.pk}/modifier/"))
    assert 'value="Médiathèque de Limoges"' in form
    # Coordinates at the commune's centre are the default: the form shows them empty.
    assert 'name="latitude" value' not in form
    response = client.post(
        f"/activite/lieux/{place.pk}/modifier/",
        place_form(name="Médiathèque francophone", opening_hours="Tu-Sa 10:00-18:00; PH off"),
    )
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.name == "Médiathèque francophone"
    assert place.opening_hours == "Tu-Sa 10:00-18:00; PH off"
    entry = Journal.objects.get(action="activity.place_updated")
    assert entry.actor == advisor
    assert entry.before["name"] == "Médiathèque de Limoges" and entry.after["name"] == "Médiathèque francophone"
    assert "advisors" not in entry.after  # unchanged
    assert "Mardi–samedi : 10\xa0h–18\xa0h" in page_text(client.get(f"/activite/lieux/{place.pk}/"))


def test_saving_an_unchanged_place_writes_no_journal_entry(client, advisor, place):
    Place.objects.filter(pk=place.pk).update(siret=valid_siret(77))
    place.refresh_from_db()
    client.force_login(advisor)
    data = place_form(
        name=place.name, address=place.address, address_complement="", postal_code=place.postal_code,
        typology=place.typology, opening_hours=place.opening_hours, services=place.services, publics=[],
        fees=place.fees, access_modes=place.access_modes, accompaniment_modes=[], national_programmes=[],
        phone="", email="", website="", siret=place.siret, short_presentation="", long_presentation="",
        accessibility="",
    )  # fmt: skip
    assert client.post(f"/activite/lieux/{place.pk}/modifier/", data).status_code == 302
    assert not Journal.objects.filter(action="activity.place_updated").exists()


def test_changing_the_commune_moves_default_coordinates(client, structure_manager, place):
    client.force_login(structure_manager)
    data = place_form(commune="Saint-Junien", commune_choix="87154", postal_code="87200")
    assert client.post(f"/activite/lieux/{place.pk}/modifier/", data).status_code == 302
    place.refresh_from_db()
    assert place.commune_id == "87154"
    assert (place.latitude, place.longitude) == (place.commune.latitude, place.commune.longitude)


def test_an_advisor_stays_attached_and_departed_advisors_are_kept(
    client, advisor, hired_advisor, place, limoges_application, structure_manager, national_staff
):
    colleague = hire(limoges_application, structure_manager, national_staff, first_name="Zoé", last_name="Durand")
    departed = hire(limoges_application, structure_manager, national_staff, first_name="Paul", last_name="Parti")
    place.advisors.add(colleague, departed)
    Advisor.objects.filter(pk=departed.pk).update(in_post=False)
    client.force_login(advisor)
    form = page_text(client.get(f"/activite/lieux/{place.pk}/modifier/"))
    assert "Zoé Durand" in form and "Paul Parti" not in form
    # Nothing ticked: the colleague leaves, the advisor itself and the departed advisor stay.
    assert client.post(f"/activite/lieux/{place.pk}/modifier/", place_form(advisors=[])).status_code == 302
    assert set(place.advisors.all()) == {hired_advisor, departed}
    entry = Journal.objects.get(action="activity.place_updated")
    assert sorted(entry.before["advisors"]) == sorted([hired_advisor.pk, colleague.pk, departed.pk])
    assert sorted(entry.after["advisors"]) == sorted([hired_advisor.pk, departed.pk])


def test_a_manager_detaches_and_attaches_advisors(client, structure_manager, hired_advisor, place):
    client.force_login(structure_manager)
    assert client.post(f"/activite/lieux/{place.pk}/modifier/", place_form(advisors=[])).status_code == 302
    assert not place.advisors.exists()
    assert (
        client.post(f"/activite/lieux/{place.pk}/modifier/", place_form(advisors=[hired_advisor.pk])).status_code == 302
    )
    assert list(place.advisors.all()) == [hired_advisor]


def test_a_manager_sees_its_structures_places_only(client, structure_manager, place, other_advisor):
    theirs = PlaceFactory(structure=other_advisor.structure, advisors=[other_advisor], name="Tiers-lieu de Guéret")
    client.force_login(structure_manager)
    listing = page_text(client.get("/activite/lieux/"))
    assert "Médiathèque de Limoges" in listing and theirs.name not in listing
    assert "Lundi–vendredi : 9\xa0h–12\xa0h, 14\xa0h–17\xa0h" in listing
    assert client.get(f"/activite/lieux/{theirs.pk}/").status_code == 404


def test_a_new_manager_of_the_structure_sees_the_places(client, place, hired_advisor):
    from tests.factories import UserFactory

    colleague = UserFactory(structure_manager=True, email="dsi@exemple.fr")
    client.force_login(colleague)
    assert client.get(f"/activite/lieux/{place.pk}/").status_code == 404
    StructureMembership.objects.create(structure=hired_advisor.structure, user=colleague)
    assert client.get(f"/activite/lieux/{place.pk}/").status_code == 200


# ---- archiving ---------------------------------------------------------------------------------------


def test_archive_and_restore(client, advisor, place):
    client.force_login(advisor)
    confirm = page_text(client.get(f"/activite/lieux/{place.pk}/archiver/"))
    assert "Archiver le lieu « Médiathèque de Limoges »" in confirm
    assert client.post(f"/activite/lieux/{place.pk}/archiver/").status_code == 302
    place.refresh_from_db()
    assert place.archived_at is not None
    assert list(Place.objects.for_user(advisor)) == [place]  # kept for the reports that name it
    active_list = page_text(client.get("/activite/lieux/"))
    assert "Aucun lieu pour l'instant" in active_list and "En activité (0)" in active_list
    archived_list = page_text(client.get("/activite/lieux/?archives=1"))
    assert f'href="/activite/lieux/{place.pk}/">Médiathèque de Limoges' in archived_list
    assert "Archivés (1)" in archived_list
    detail = page_text(client.get(f"/activite/lieux/{place.pk}/"))
    assert "Lieu archivé le" in detail and "Réactiver le lieu" in detail
    # An archived place is not edited; archiving it again is refused with a message.
    response = client.get(f"/activite/lieux/{place.pk}/modifier/", follow=True)
    assert "Ce lieu est archivé : réactivez-le avant de le modifier." in page_text(response)
    response = client.post(f"/activite/lieux/{place.pk}/modifier/", place_form(name="Autre"), follow=True)
    assert "réactivez-le" in page_text(response)
    response = client.post(f"/activite/lieux/{place.pk}/archiver/", follow=True)
    assert "Ce lieu est déjà archivé." in page_text(response)
    assert client.post(f"/activite/lieux/{place.pk}/reactiver/").status_code == 302
    place.refresh_from_db()
    assert place.archived_at is None and place.name == "Médiathèque de Limoges"
    assert "En activité (1)" in page_text(client.get("/activite/lieux/"))
    response = client.post(f"/activite/lieux/{place.pk}/reactiver/", follow=True)
    assert "Ce lieu n'est pas archivé." in page_text(response)
    actions = list(Journal.objects.about(place).order_by("pk").values_list("action", flat=True))
    assert actions == ["activity.place_archived", "activity.place_restored"]


# ---- pages -------------------------------------------------------------------------------------------


LEGENDS = [
    "Services proposés", "Frais à la charge des personnes", "Modalités d'accès", "Publics spécifiquement accueillis",
    "Conseillers numériques qui travaillent dans ce lieu", "Coordonnées géographiques précises",
]  # fmt: skip


def test_pages_have_one_h1_labels_and_legends(client, structure_manager, place, limoges_application, national_staff):
    hire(limoges_application, structure_manager, national_staff)
    client.force_login(structure_manager)
    for url in ("/activite/lieux/", f"/activite/lieux/{place.pk}/", f"/activite/lieux/{place.pk}/archiver/"):
        assert page_text(client.get(url)).count("<h1") == 1, url
    for url in ("/activite/lieux/nouveau/", f"/activite/lieux/{place.pk}/modifier/"):
        page = page_text(client.get(url))
        assert page.count("<h1") == 1
        ids = re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', page)
        labelled = set(re.findall(r'<label[^>]*\bfor="([^"]+)"', page))
        assert ids and set(ids) <= labelled, set(ids) - labelled
        legends = re.findall(r"<legend[^>]*>\s*([^<]+?)\s*(?:<|$)", page)
        for legend in LEGENDS:
            assert any(found.startswith(legend) for found in legends), legend


def test_an_error_summary_links_to_the_fields(client, advisor, hired_advisor):
    client.force_login(advisor)
    page = page_text(client.post("/activite/lieux/nouveau/", place_form(name="", services=[])))
    assert page.count("<h1") == 1
    assert "Le lieu n'est pas enregistré : vérifiez ces champs" in page
    assert '<a href="#id_name">Nom du lieu</a> : Indiquez le nom du lieu.' in page
    assert '<a href="#checkboxes-id_services">Services proposés</a> : Cochez au moins un service proposé.' in page
    assert "<title>Erreur — " in page


def test_the_list_queries_do_not_grow_with_places(
    client, advisor, hired_advisor, structure_manager, limoges_application, national_staff,
    django_assert_max_num_queries,
):  # fmt: skip
    colleagues = [hire(limoges_application, structure_manager, national_staff) for _ in range(2)]

    def add_places(count):
        for _ in range(count):
            PlaceFactory(structure=hired_advisor.structure, advisors=[hired_advisor, *colleagues])

    def queries(user):
        client.force_login(user)
        with django_assert_max_num_queries(12) as captured:
            response = client.get("/activite/lieux/")
        return len(captured.captured_queries), page_text(response).count("<tr>")

    add_places(2)
    few = {user: queries(user) for user in (advisor, structure_manager)}
    add_places(12)
    for user, (count, rows) in few.items():
        assert rows == 1 + 2
        assert queries(user) == (count, 1 + 14)
