"""List pages make a fixed number of queries, whatever the number of rows."""

from conum.programme.models import DepartementQuota
from conum.territories.models import Departement


def test_quota_list_queries_do_not_grow_with_rows(client, programme, national_staff, django_assert_max_num_queries):
    DepartementQuota.objects.bulk_create(
        DepartementQuota(departement=d, posts=1) for d in Departement.objects.exclude(code__in=["87", "19", "23"])
    )
    client.force_login(national_staff)
    with django_assert_max_num_queries(8):
        response = client.get("/programme/dotations/")
    assert response.content.decode().count('>Modifier<span class="fr-sr-only">') == 109


def test_commune_page_queries_are_bounded(client, territories, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get("/territoires/communes/87085/", {"rayon": "50", "vers": "Saint-Junien (87200)"})
    assert "28,4 km" in response.content.decode()


def test_commune_search_queries_are_bounded(client, territories, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/communes", {"q": "saint", "limit": "20"})
    assert len(response.json()) == 20
