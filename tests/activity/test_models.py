from conum.activity.models import Place
from conum.core.model_fields import has_value


def test_places_store_schema_values_and_carry_the_advisors_programme(place):
    stored = Place.objects.get(pk=place.pk)
    assert stored.services == ["Maîtrise des outils numériques du quotidien", "Aide aux démarches administratives"]
    assert stored.national_programmes == ["Conseillers numériques"]
    assert (stored.latitude, stored.longitude) == (place.commune.latitude, place.commune.longitude)
    assert stored.departement_id == "87"
    assert Place.objects.filter(has_value("fees", "Gratuit")).count() == 1
    assert not Place.objects.filter(has_value("fees", "Gratuit sous condition")).exists()


def test_an_advisor_sees_only_the_places_it_works_at(place, advisor, other_advisor):
    assert list(Place.objects.for_user(advisor)) == [place]
    assert not Place.objects.for_user(other_advisor.user).exists()
