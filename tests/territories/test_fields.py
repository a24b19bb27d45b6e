from django import forms

from conum.territories.fields import CommuneField
from tests.helpers import page_text


class PlaceForm(forms.Form):
    commune = CommuneField(label="Commune")


def test_unique_name_is_resolved(territories):
    form = PlaceForm({"commune": "st junien"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["commune"].code == "87154"


def test_autocomplete_label_is_resolved(territories):
    form = PlaceForm({"commune": "Saint-Junien (87200)"})
    assert form.is_valid()
    assert form.cleaned_data["commune"].code == "87154"


def test_ambiguous_text_offers_choices_then_accepts_one(territories):
    form = PlaceForm({"commune": "87200"})
    assert not form.is_valid()
    assert "Plusieurs communes correspondent à « 87200 »" in form.errors["commune"][0]
    html = str(form["commune"])
    assert 'name="commune_choix" value="87154"' in html
    assert "Saint-Junien (87200) — Haute-Vienne" in html

    chosen = PlaceForm({"commune": "87200", "commune_choix": "87154"})
    assert chosen.is_valid()
    assert chosen.cleaned_data["commune"].code == "87154"


def test_unknown_commune_says_what_to_do(territories):
    form = PlaceForm({"commune": "Atlantide"})
    assert not form.is_valid()
    assert form.errors["commune"] == [
        "Aucune commune ne correspond à « Atlantide ». Vérifiez l'orthographe ou saisissez le code postal."
    ]


def test_missing_commune(territories):
    form = PlaceForm({"commune": "  "})
    assert not form.is_valid()
    assert form.errors["commune"] == ["Indiquez une commune (nom ou code postal)."]


def test_forged_choice_falls_back_to_the_text(territories):
    form = PlaceForm({"commune": "Limoges", "commune_choix": "99999"})
    assert form.is_valid()
    assert form.cleaned_data["commune"].code == "87085"


def test_initial_commune_is_shown_as_its_label(territories):
    from conum.territories.models import Commune

    form = PlaceForm(initial={"commune": Commune.objects.get(code="87154")})
    assert 'value="Saint-Junien (87200)"' in str(form["commune"])


def test_commune_page_distance_without_javascript(client, territories):
    page = page_text(client.get("/territoires/communes/87085/", {"vers": "87200"}))
    assert "Plusieurs communes correspondent" in page
    page = page_text(client.get("/territoires/communes/87085/", {"vers": "87200", "vers_choix": "87154"}))
    assert "<strong>28,4 km</strong>" in page


def test_commune_page_lists_nearby_communes_nearest_first(client, territories):
    response = client.get("/territoires/communes/87085/", {"rayon": "30"})
    page = page_text(response)
    assert "Communes à moins de 30 km" in page
    assert page.index("Couzeix") < page.index("Panazol") < page.index("Chaptelat")
    assert "50 premières" in page  # more than 50 communes within 30 km: the list is capped


def test_commune_page_bad_radius_falls_back_to_default(client, territories):
    response = client.get("/territoires/communes/87085/", {"rayon": "abc"})
    assert response.status_code == 200
    assert "Communes à moins de 10 km" in page_text(response)


def test_unknown_commune_page_is_404(client, territories):
    assert client.get("/territoires/communes/00000/").status_code == 404
