from django_tasks import task

from conum.activity.appointments import services as appointments
from conum.activity.workshops import registrations


@task()
def send_workshop_reminders() -> int:
    """The reminders of tomorrow's workshop sessions (idempotent; `conum send_workshop_reminders` runs it daily)."""
    return registrations.send_due_reminders()


@task()
def send_appointment_reminders() -> int:
    """The reminders of tomorrow's appointments (`conum send_appointment_reminders` runs it daily)."""
    emails, texts = appointments.send_due_reminders()
    return emails + texts
