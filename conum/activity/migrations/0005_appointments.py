# Individual appointments (issue 19): advisors' weekly availability, their absences, the appointments booked.

import conum.activity.models
import conum.core.model_fields
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('activity', '0004_beneficiaries'),
        ('recruitment', '0005_match_interview'),
    ]

    operations = [
        migrations.CreateModel(
            name='Appointment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('starts_at', models.DateTimeField(verbose_name='début')),
                ('ends_at', models.DateTimeField(verbose_name='fin')),
                ('themes', conum.core.model_fields.ValueListField(blank=True, default=list, verbose_name='ce pour quoi la personne vient')),
                ('need', models.CharField(blank=True, max_length=300, verbose_name='besoin en quelques mots')),
                ('first_name', models.CharField(max_length=100, verbose_name='prénom')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='adresse e-mail')),
                ('phone', models.CharField(blank=True, max_length=20, verbose_name='téléphone')),
                ('status', models.CharField(choices=[('booked', 'Réservé'), ('cancelled', 'Annulé'), ('attended', 'Venu(e)'), ('absent', 'Absent(e)')], default='booked', max_length=12, verbose_name='statut')),
                ('consent_at', models.DateTimeField(verbose_name='consentement donné le')),
                ('cancellation_token', models.CharField(default=conum.activity.models.cancellation_token, editable=False, max_length=64, unique=True)),
                ('reminder_sent_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('cancelled_at', models.DateTimeField(blank=True, null=True)),
                ('advisor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='appointments', to='recruitment.advisor')),
                ('place', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='appointments', to='activity.place')),
                ('report', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='appointments', to='activity.activityreport')),
            ],
            options={
                'verbose_name': 'rendez-vous',
                'verbose_name_plural': 'rendez-vous',
                'ordering': ['starts_at', 'pk'],
                'indexes': [models.Index(fields=['advisor', 'starts_at'], name='appointment_advisor_start')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('status', 'cancelled'), _negated=True), fields=('advisor', 'starts_at'), name='unique_booked_slot'), models.CheckConstraint(condition=models.Q(('ends_at__gt', models.F('starts_at'))), name='appointment_ends_after_start')],
            },
        ),
        migrations.CreateModel(
            name='AvailabilityException',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('first_day', models.DateField(verbose_name='du')),
                ('last_day', models.DateField(verbose_name='au')),
                ('reason', models.CharField(choices=[('conge', 'Congé'), ('formation', 'Formation'), ('autre', 'Autre absence')], max_length=12, verbose_name='motif')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('advisor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='availability_exceptions', to='recruitment.advisor')),
                ('place', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='activity.place')),
            ],
            options={
                'verbose_name': 'absence',
                'ordering': ['first_day', 'pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('last_day__gte', models.F('first_day'))), name='unavailability_days')],
            },
        ),
        migrations.CreateModel(
            name='AvailabilityRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('weekday', models.PositiveSmallIntegerField(verbose_name='jour de la semaine')),
                ('start_time', models.TimeField(verbose_name='de')),
                ('end_time', models.TimeField(verbose_name='à')),
                ('slot_minutes', models.PositiveSmallIntegerField(verbose_name="durée d'un rendez-vous (minutes)")),
                ('valid_from', models.DateField(verbose_name='à partir du')),
                ('valid_until', models.DateField(blank=True, null=True, verbose_name="jusqu'au")),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('advisor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='availability_rules', to='recruitment.advisor')),
                ('place', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='availability_rules', to='activity.place')),
            ],
            options={
                'verbose_name': 'disponibilité pour rendez-vous',
                'ordering': ['weekday', 'start_time', 'pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('end_time__gt', models.F('start_time'))), name='availability_ends_after_start'), models.CheckConstraint(condition=models.Q(('weekday__lte', 6)), name='availability_weekday'), models.CheckConstraint(condition=models.Q(('slot_minutes__gte', 15), ('slot_minutes__lte', 240)), name='availability_slot')],
            },
        ),
    ]
