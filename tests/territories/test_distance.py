import pytest

from conum.territories.distance import Point, bounding_box, haversine_km, within
from conum.territories.models import Commune


def _point(code):
    commune = Commune.objects.get(code=code)
    return Point(commune.latitude, commune.longitude)


@pytest.mark.parametrize(
    "a, b, expected_km",
    [("87085", "87154", 28.4), ("87085", "19272", 76.0)],  # Limoges–Saint-Junien, Limoges–Tulle
)
def test_known_distances(territories, a, b, expected_km):
    assert haversine_km(_point(a), _point(b)) == pytest.approx(expected_km, abs=0.5)


def test_distance_is_symmetric_and_zero_on_itself():
    paris, lyon = Point(48.8566, 2.3522), Point(45.764, 4.8357)
    assert haversine_km(paris, lyon) == pytest.approx(haversine_km(lyon, paris))
    assert haversine_km(paris, paris) == 0
    assert haversine_km(paris, lyon) == pytest.approx(392, abs=2)


def test_within_nearest_first_and_inside_radius(territories):
    limoges = _point("87085")
    found = within(Commune.objects.all(), limoges, 30)
    distances = [c.distance_km for c in found]
    assert found[0].code == "87085" and distances[0] == 0
    assert distances == sorted(distances)
    assert max(distances) <= 30
    assert "87154" in [c.code for c in found]  # Saint-Junien, 28.4 km
    assert "19272" not in [c.code for c in found]  # Tulle, 76 km
    # the bounding box kept every commune the exact distance accepts
    exact = {c.code for c in Commune.objects.all() if haversine_km(limoges, Point(c.latitude, c.longitude)) <= 30}
    assert {c.code for c in found} == exact


def test_within_limit(territories):
    assert len(within(Commune.objects.all(), _point("87085"), 50, limit=5)) == 5


def test_communes_without_coordinates_are_never_found(territories):
    Commune.objects.filter(code="87154").update(latitude=None, longitude=None)
    # Even a search around (0, 0) must not find a commune whose coordinates are unknown.
    assert not [c for c in within(Commune.objects.all(), Point(0, 0), 20000) if c.code == "87154"]
    assert "87154" not in [c.code for c in within(Commune.objects.all(), _point("87085"), 50)]


def test_bounding_box_across_antimeridian_keeps_latitude_only():
    min_lat, max_lat, min_lon, max_lon = bounding_box(Point(-13.3, -176.2), 500)  # Wallis
    assert min_lon is None and max_lon is None
    assert min_lat < -13.3 < max_lat


def test_within_follows_relations(territories):
    from conum.programme.models import DepartementQuota

    DepartementQuota.objects.create(departement_id="87", posts=1)
    # a related model located through its foreign key, the way places and structures will be
    communes = Commune.objects.select_related("departement")
    found = within(communes, _point("87085"), 5, lat_field="latitude", lon_field="longitude")
    assert found and all(c.departement.code == "87" for c in found)
