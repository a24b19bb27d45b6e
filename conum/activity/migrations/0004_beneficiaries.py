# Beneficiary files (issue 19), and the weekly report reminders sent once per account and week.

import conum.core.model_fields
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('activity', '0003_departement_month_rollup'),
        ('recruitment', '0005_match_interview'),
        ('structures', '0001_initial'),
        ('territories', '0002_name_type'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Beneficiary',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(blank=True, max_length=100, verbose_name='prénom ou pseudonyme')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='adresse e-mail')),
                ('phone', models.CharField(blank=True, max_length=20, verbose_name='téléphone')),
                ('age_band', models.CharField(blank=True, choices=[('moins_12', 'Moins de 12 ans'), ('12_17', '12–17 ans'), ('18_24', '18–24 ans'), ('25_39', '25–39 ans'), ('40_59', '40–59 ans'), ('60_69', '60–69 ans'), ('70_plus', '70 ans et plus'), ('non_communique', 'Non communiqué')], max_length=15, verbose_name="tranche d'âge")),
                ('themes', conum.core.model_fields.ValueListField(blank=True, default=list, verbose_name='ce pour quoi la personne est venue')),
                ('consent_at', models.DateTimeField(verbose_name='accord de la personne recueilli le')),
                ('last_activity_at', models.DateTimeField(verbose_name='dernière activité le')),
                ('anonymised_at', models.DateTimeField(blank=True, null=True, verbose_name='anonymisé le')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('commune', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territories.commune')),
                ('consent_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='recruitment.advisor')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='recruitment.advisor')),
                ('structure', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='beneficiaries', to='structures.hoststructure')),
            ],
            options={
                'verbose_name': 'dossier de personne accompagnée',
                'verbose_name_plural': 'dossiers de personnes accompagnées',
                'ordering': ['name', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='activityreport',
            name='beneficiary',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reports', to='activity.beneficiary'),
        ),
        migrations.CreateModel(
            name='ReportReminder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('week', models.DateField(verbose_name='semaine du')),
                ('sent_at', models.DateTimeField(auto_now_add=True)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'rappel des comptes rendus',
            },
        ),
        migrations.AddIndex(
            model_name='beneficiary',
            index=models.Index(fields=['anonymised_at', 'last_activity_at'], name='beneficiary_activity'),
        ),
        migrations.AddConstraint(
            model_name='reportreminder',
            constraint=models.UniqueConstraint(fields=('user', 'week'), name='unique_report_reminder'),
        ),
    ]
