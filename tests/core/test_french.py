"""French articles and contractions before place names, from INSEE's TNCC or from the name."""

import pytest
from django.template import Context, Template

from conum.core.french import Named, a, de, le, name_type
from conum.territories.models import Commune, Departement, Region


@pytest.mark.parametrize(
    "name, expected_de, expected_a, expected_le",
    [
        ("Le Dorat", "du Dorat", "au Dorat", "Le Dorat"),
        ("La Souterraine", "de La Souterraine", "à La Souterraine", "La Souterraine"),
        ("Les Cars", "des Cars", "aux Cars", "Les Cars"),
        ("L'Isle-Jourdain", "de L'Isle-Jourdain", "à L'Isle-Jourdain", "L'Isle-Jourdain"),
        ("Ambazac", "d'Ambazac", "à Ambazac", "Ambazac"),
        ("Éguzon-Chantôme", "d'Éguzon-Chantôme", "à Éguzon-Chantôme", "Éguzon-Chantôme"),
        ("Yssingeaux", "d'Yssingeaux", "à Yssingeaux", "Yssingeaux"),
        ("Limoges", "de Limoges", "à Limoges", "Limoges"),
        ("Lesterps", "de Lesterps", "à Lesterps", "Lesterps"),  # "Les" only as a word
        ("votre position", "de votre position", "à votre position", "votre position"),
    ],
)
def test_a_name_carrying_its_article(name, expected_de, expected_a, expected_le):
    assert (de(name), a(name), le(name)) == (expected_de, expected_a, expected_le)


def test_an_initial_h_needs_the_insee_type():
    assert de("Hautefort") == "de Hautefort"  # read from the name: aspirated
    assert de(Named("Hirson", 1)) == "d'Hirson"  # INSEE: mute
    assert de(Named("Le Dorat (87)", 2)) == "du Dorat (87)"  # a Named text keeps its type


@pytest.mark.parametrize(
    "name, code, expected_de, expected_le, expected_a",
    [
        ("Ain", 5, "de l'Ain", "l'Ain", "à l'Ain"),
        ("Haute-Vienne", 3, "de la Haute-Vienne", "la Haute-Vienne", "à la Haute-Vienne"),
        ("Nord", 2, "du Nord", "le Nord", "au Nord"),
        ("Landes", 4, "des Landes", "les Landes", "aux Landes"),
        ("Eure-et-Loir", 1, "d'Eure-et-Loir", "Eure-et-Loir", "à Eure-et-Loir"),
        ("Paris", 0, "de Paris", "Paris", "à Paris"),
        ("La Réunion", 0, "de La Réunion", "La Réunion", "à La Réunion"),
    ],
)
def test_a_departement_with_its_article(name, code, expected_de, expected_le, expected_a):
    departement = Departement(code="00", name=name, name_type=code)
    assert (de(departement), le(departement), a(departement)) == (expected_de, expected_le, expected_a)


def test_name_type_from_the_name():
    assert [name_type(n) for n in ("Tulle", "Ahun", "Le Dorat", "La Jonchère", "Les Cars", "L’Isle", "Œuilly")] == [
        0, 1, 2, 3, 4, 5, 1,
    ]  # fmt: skip


def test_loaded_territories_carry_insee_types(territories):
    assert de(Commune.objects.get(name="Le Dorat")) == "du Dorat"
    assert de(Commune.objects.get(code="87002")) == "d'Ambazac"
    assert de(Departement.objects.get(code="87")) == "de la Haute-Vienne"
    assert de(Departement.objects.get(code="23")) == "de la Creuse"
    assert le(Region.objects.get(code="75")) == "la Nouvelle-Aquitaine"


def test_template_filters(territories):
    template = Template(
        "{% load french %}Mairie {{ commune|de }} ; dotation {{ departement|de }} ; {{ departement|le }} ; "
        "{{ commune|a }} ; [{{ missing|de }}]"
    )
    values = {"commune": Commune.objects.get(code="87059"), "departement": Departement.objects.get(code="01")}
    assert template.render(Context(values)) == "Mairie du Dorat ; dotation de l&#x27;Ain ; l&#x27;Ain ; au Dorat ; []"
    assert Template("{% load french %}{{ name|de }}").render(Context({"name": "<b>"})) == "de &lt;b&gt;"
