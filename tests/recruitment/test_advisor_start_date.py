"""An advisor hired for a later date is not "en poste depuis" that date: the directory and the advisor's page say
when the post starts."""

from datetime import timedelta

from django.utils import timezone

from tests.helpers import page_text
from tests.recruitment.hiring import in_post, validated_application


def test_future_start_reads_as_a_start_past_start_as_in_post(client, programme, structure_manager, national_staff):
    application = validated_application(structure_manager, posts=2)
    today = timezone.localdate()
    later = in_post(application, structure_manager, national_staff, start=today + timedelta(days=30), last_name="Later")
    started = in_post(application, structure_manager, national_staff, start=today, last_name="Started")
    client.force_login(national_staff)

    directory = page_text(client.get("/conseillers/"))
    assert f"Prend son poste le {later.hired_on:%d/%m/%Y}" in directory
    assert f"En poste depuis le {started.hired_on:%d/%m/%Y}" in directory
    assert f"En poste depuis le {later.hired_on:%d/%m/%Y}" not in directory

    assert f"prenant son poste le {later.hired_on:%d/%m/%Y}" in page_text(client.get(f"/conseillers/{later.pk}/"))
    assert f"en poste depuis le {started.hired_on:%d/%m/%Y}" in page_text(client.get(f"/conseillers/{started.pk}/"))
