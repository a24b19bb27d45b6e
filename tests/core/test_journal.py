import pytest

from conum.core import journal
from conum.core.models import Journal, JournalIsAppendOnly
from conum.territories.models import Region


@pytest.fixture
def entry(national_staff):
    region = Region.objects.create(code="75", name="Nouvelle-Aquitaine", zone="metro")
    return journal.record(national_staff, "test.action", region, {"name": "avant"}, {"name": "après"})


def test_record_keeps_actor_object_and_states(entry, national_staff):
    stored = Journal.objects.get(pk=entry.pk)
    assert stored.actor == national_staff
    assert (stored.object_type, stored.object_id, stored.object_repr) == (
        "territories.region",
        "75",
        "Nouvelle-Aquitaine",
    )
    assert stored.before == {"name": "avant"} and stored.after == {"name": "après"}
    assert stored.created_at is not None


def test_saving_an_existing_entry_is_refused(entry):
    entry.action = "falsified"
    with pytest.raises(JournalIsAppendOnly):
        entry.save()
    assert Journal.objects.get(pk=entry.pk).action == "test.action"


def test_queryset_update_is_refused(entry):
    with pytest.raises(JournalIsAppendOnly):
        Journal.objects.filter(pk=entry.pk).update(action="falsified")
    assert Journal.objects.get(pk=entry.pk).action == "test.action"


def test_delete_is_refused(entry):
    with pytest.raises(JournalIsAppendOnly):
        entry.delete()
    with pytest.raises(JournalIsAppendOnly):
        Journal.objects.all().delete()
    assert Journal.objects.filter(pk=entry.pk).exists()


def test_anonymous_actor_is_recorded_as_system(db):
    region = Region.objects.create(code="53", name="Bretagne", zone="metro")
    from django.contrib.auth.models import AnonymousUser

    entry = journal.record(AnonymousUser(), "test.system", region)
    assert entry.actor is None


def test_entries_about_an_object(entry):
    assert list(Journal.objects.about(Region.objects.get(code="75"))) == [entry]


def test_journal_page_for_national_staff(client, entry, national_staff, django_assert_max_num_queries):
    client.force_login(national_staff)
    with django_assert_max_num_queries(8):
        response = client.get("/journal/", {"action": "test.action"})
    page = response.content.decode()
    assert "test.action" in page and "Nouvelle-Aquitaine" in page and national_staff.email in page
    assert "test.action" not in client.get("/journal/", {"action": "autre.action"}).content.decode().split("<tbody>")[1]


@pytest.mark.parametrize("persona", ["prefecture_agent", "structure_manager", "advisor", "coordinator", "candidate"])
def test_journal_page_is_refused_to_other_roles(client, request, territories, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/journal/").status_code == 403
