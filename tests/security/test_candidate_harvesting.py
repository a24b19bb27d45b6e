"""Issue 14, Medium 8: a structure harvested candidates (a 200 km search, people beyond their own mobility added
by hand, their e-mails and phones exported).

What a structure sees now (conum/recruitment/disclosure.py): only people whose declared mobility covers it and
who are available; their contact details (e-mail, phone, CV) only once it shortlisted them or they accepted a
contract; every view or export of contact details is journaled; additions by hand are capped per day.
"""

import io

import openpyxl
import pytest
from django.core.files.base import ContentFile

from conum.core.models import Journal
from conum.recruitment import matching
from conum.recruitment.enums import MatchOrigin, MatchStatus
from conum.recruitment.models import Match
from conum.structures.models import StructureMembership
from tests.factories import CandidateFactory
from tests.helpers import close_streamed, page_text
from tests.recruitment.builders import validated

LIMOGES, NIEUL, SAINT_JUNIEN, TULLE = "87085", "87107", "87154", "19272"  # from Limoges: 9.2, 28.4, 76 km
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def limoges(territories, structure_manager):
    application = validated(LIMOGES, posts=2)
    StructureMembership.objects.create(structure=application.structure, user=structure_manager)
    return application


def search_url(application):
    return f"/recrutement/structures/{application.pk}/rechercher/"


def list_url(application):
    return f"/recrutement/structures/{application.pk}/candidats/"


def csv_text(response):
    return b"".join(response.streaming_content).decode("utf-8")


def xlsx_text(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None)


def with_cv(candidate):
    candidate.cv.save("cv.pdf", ContentFile(PDF))
    return candidate


def test_search_lists_only_people_whose_mobility_covers_the_structure(client, limoges, structure_manager):
    CandidateFactory(last_name="Nieul", commune_id=NIEUL, mobility_km=10)
    CandidateFactory(last_name="Junien", commune_id=SAINT_JUNIEN, mobility_km=20)  # 28.4 km > 20
    CandidateFactory(last_name="TulleQuarante", commune_id=TULLE, mobility_km=40)  # 76 km > 40
    CandidateFactory(last_name="TulleCent", commune_id=TULLE, mobility_km=100)
    CandidateFactory(last_name="TulleFrance", commune_id=TULLE, mobility_km=0)  # France entière
    CandidateFactory(last_name="Indisponible", commune_id=NIEUL, mobility_km=10, available=False)
    client.force_login(structure_manager)
    page = page_text(client.get(search_url(limoges), {"rayon": "100"}))
    for shown in ("Nieul", "TulleCent", "TulleFrance"):
        assert f"Sam {shown}" in page
    for hidden in ("Junien", "TulleQuarante", "Indisponible"):
        assert f"Sam {hidden}" not in page


def test_the_search_radius_is_capped_at_the_largest_mobility(client, limoges, structure_manager):
    CandidateFactory(last_name="TulleFrance", commune_id=TULLE, mobility_km=0)
    client.force_login(structure_manager)
    page = page_text(client.get(search_url(limoges), {"rayon": "200"}))
    assert "Choisissez une distance de la liste (de 5 à 100 km)." in page and "Sam TulleFrance" not in page
    assert 'value="200"' not in page


def test_a_forged_addition_beyond_the_mobility_is_refused(client, limoges, structure_manager):
    far = CandidateFactory(last_name="Loin", commune_id=TULLE, mobility_km=40)
    client.force_login(structure_manager)
    response = client.post(search_url(limoges) + "?rayon=100", {"candidate": far.pk}, follow=True)
    assert response.status_code == 200
    assert "la distance qu'elle accepte pour travailler ne va pas jusqu'à votre structure" in page_text(response)
    assert not Match.objects.exists()
    assert not Journal.objects.filter(action="recruitment.match_added").exists()


def test_people_added_before_beyond_their_mobility_are_neither_listed_nor_exported(client, limoges, structure_manager):
    # What the harvesting structure left behind: a manual match 76 km away for someone who accepts 40 km.
    far = CandidateFactory(last_name="Recolte", commune_id=TULLE, mobility_km=40, email="recolte@exemple.fr")
    match = Match.objects.create(candidate=far, application=limoges, origin=MatchOrigin.MANUAL, distance_km=76)
    client.force_login(structure_manager)
    assert "Sam Recolte" not in page_text(client.get(list_url(limoges)))
    assert "Recolte" not in csv_text(client.get(list_url(limoges) + "export.csv"))
    assert client.post(f"/recrutement/mises-en-relation/{match.pk}/shortlist/").status_code == 404
    match.refresh_from_db()
    assert match.status == MatchStatus.NEW
    matching.run()  # the nightly run withdraws it
    match.refresh_from_db()
    assert match.status == MatchStatus.WITHDRAWN


def test_contact_details_only_once_shortlisted(client, limoges, structure_manager):
    person = with_cv(
        CandidateFactory(last_name="Contact", commune_id=NIEUL, email="contact@exemple.fr", phone="+33555001122")
    )
    matching.run()
    match = Match.objects.get(candidate=person)
    client.force_login(structure_manager)
    cv_url = f"/recrutement/candidats/{person.pk}/cv/"

    page = page_text(client.get(list_url(limoges)))
    assert "Sam Contact" in page
    assert "contact@exemple.fr" not in page and "+33555001122" not in page and cv_url not in page
    assert "05 55 00 11 22" not in page  # nor as pages show phones
    assert "Après présélection" in page
    exported = csv_text(client.get(list_url(limoges) + "export.csv"))
    assert "Contact" in exported and "contact@exemple.fr" not in exported and "+33555001122" not in exported
    exported = xlsx_text(client.get(list_url(limoges) + "export.xlsx"))
    assert "Contact" in exported and "contact@exemple.fr" not in exported and "+33555001122" not in exported
    assert client.get(cv_url).status_code == 404
    assert not Journal.objects.filter(action__in=["recruitment.contacts_viewed", "recruitment.cv_downloaded"])

    client.post(f"/recrutement/mises-en-relation/{match.pk}/shortlist/")
    page = page_text(client.get(list_url(limoges)))
    assert "contact@exemple.fr" in page and "05 55 00 11 22" in page and cv_url in page
    exported = csv_text(client.get(list_url(limoges) + "export.csv"))
    assert "contact@exemple.fr" in exported and "+33555001122" in exported
    exported = xlsx_text(client.get(list_url(limoges) + "export.xlsx"))
    assert "contact@exemple.fr" in exported and "+33555001122" in exported
    response = client.get(cv_url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    close_streamed(response)

    client.post(f"/recrutement/mises-en-relation/{match.pk}/decline/")  # set aside: hidden again
    page = page_text(client.get(list_url(limoges), {"status": "declined"}))
    assert "Sam Contact" in page and "contact@exemple.fr" not in page and "05 55 00 11 22" not in page
    assert client.get(cv_url).status_code == 404

    Match.objects.filter(pk=match.pk).update(status=MatchStatus.CONTRACT_PROPOSED)  # the person accepted
    page = page_text(client.get(list_url(limoges), {"status": "contract_proposed"}))
    assert "contact@exemple.fr" in page and "05 55 00 11 22" in page


def test_views_and_exports_of_contact_details_are_journaled(client, limoges, structure_manager):
    shortlisted = [with_cv(CandidateFactory(commune_id=NIEUL)) for _ in range(2)]
    CandidateFactory(commune_id=NIEUL)  # proposed, not shortlisted
    matching.run()
    Match.objects.filter(candidate__in=shortlisted).update(status=MatchStatus.SHORTLISTED)
    client.force_login(structure_manager)

    client.get(list_url(limoges))
    viewed = Journal.objects.get(action="recruitment.contacts_viewed")
    assert viewed.actor == structure_manager and viewed.object_id == str(limoges.pk)
    assert viewed.after["people"] == 2 and sorted(viewed.after["candidates"]) == sorted(c.pk for c in shortlisted)

    csv_text(client.get(list_url(limoges) + "export.csv"))
    client.get(list_url(limoges) + "export.xlsx")
    exports = Journal.objects.filter(action="recruitment.contacts_exported").order_by("pk")
    assert [(entry.after["format"], entry.after["people"], entry.after["rows"]) for entry in exports] == [
        ("csv", 2, 3),
        ("xlsx", 2, 3),
    ]

    for _ in range(2):
        close_streamed(client.get(f"/recrutement/candidats/{shortlisted[0].pk}/cv/"))
    downloads = Journal.objects.filter(action="recruitment.cv_downloaded")
    assert downloads.count() == 2
    assert {entry.object_id for entry in downloads} == {str(shortlisted[0].pk)}
    assert all("Sam" not in entry.object_repr for entry in Journal.objects.all())  # no names in the journal


def test_manual_additions_are_capped_per_structure_and_day(client, limoges, structure_manager, settings):
    settings.RECRUITMENT_MANUAL_ADDITIONS_PER_DAY = 2
    people = [CandidateFactory(commune_id=NIEUL, mobility_km=10) for _ in range(3)]
    client.force_login(structure_manager)
    for person in people[:2]:
        client.post(search_url(limoges), {"candidate": person.pk})
    assert Match.objects.count() == 2
    response = client.post(search_url(limoges), {"candidate": people[2].pk}, follow=True)
    assert (
        "Votre structure a déjà ajouté 2 personnes aujourd'hui : c'est le maximum par jour. "
        "Vous pourrez en ajouter d'autres demain." in page_text(response)
    )
    assert Match.objects.count() == 2
    assert Journal.objects.filter(action="recruitment.match_added").count() == 2


def test_another_structure_gets_404(client, limoges, structure_manager, other_structure_manager):
    person = with_cv(CandidateFactory(commune_id=NIEUL, email="contact@exemple.fr"))
    matching.run()
    match = Match.objects.get(candidate=person)
    Match.objects.filter(pk=match.pk).update(status=MatchStatus.SHORTLISTED)
    other = CandidateFactory(commune_id=NIEUL)
    client.force_login(other_structure_manager)
    for url in (
        list_url(limoges),
        list_url(limoges) + "export.csv",
        list_url(limoges) + "export.xlsx",
        search_url(limoges),
        f"/recrutement/candidats/{person.pk}/cv/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(search_url(limoges), {"candidate": other.pk}).status_code == 404
    assert client.post(f"/recrutement/mises-en-relation/{match.pk}/decline/").status_code == 404
    assert list(Match.objects.values_list("candidate", "status")) == [(person.pk, MatchStatus.SHORTLISTED)]
    assert not Journal.objects.exists()
