"""The national schema's fields Conum dropped, the import's source and id, the duplicates review queue; places
without a structure (imported from the national cartography)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import conum.activity.models
import conum.core.model_fields


class Migration(migrations.Migration):
    dependencies = [
        ("activity", "0006_place_geocoding"),
        ("structures", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="place",
            name="structure",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="places",
                to="structures.hoststructure",
            ),
        ),
        migrations.AddField(
            model_name="place",
            name="other_typologies",
            field=conum.core.model_fields.ValueListField(blank=True, default=list, verbose_name="autres types de lieu"),
        ),
        migrations.AddField(
            model_name="place",
            name="other_emails",
            field=models.JSONField(blank=True, default=list, verbose_name="autres adresses e-mail"),
        ),
        migrations.AddField(
            model_name="place",
            name="other_websites",
            field=models.JSONField(blank=True, default=list, verbose_name="autres sites web"),
        ),
        # Existing places are fixed ones ("Fixe", what the export wrote for every place until now).
        migrations.AddField(
            model_name="place",
            name="mobility",
            field=conum.core.model_fields.ValueListField(
                blank=True, default=conum.activity.models.fixed_place, verbose_name="itinérance"
            ),
        ),
        migrations.AddField(
            model_name="place",
            name="appointment_url",
            field=models.URLField(blank=True, max_length=500, verbose_name="prise de rendez-vous en ligne"),
        ),
        migrations.AddField(
            model_name="place",
            name="accesslibre_url",
            field=models.URLField(blank=True, max_length=500, verbose_name="fiche Acceslibre"),
        ),
        migrations.AddField(
            model_name="place",
            name="training_labels",
            field=conum.core.model_fields.ValueListField(blank=True, default=list, verbose_name="formations et labels"),
        ),
        migrations.AddField(
            model_name="place",
            name="other_training_labels",
            field=models.CharField(blank=True, max_length=500, verbose_name="autres formations et labels"),
        ),
        migrations.AddField(
            model_name="place",
            name="source",
            field=models.CharField(blank=True, max_length=100, verbose_name="source"),
        ),
        migrations.AddField(
            model_name="place",
            name="source_id",
            field=models.CharField(blank=True, max_length=200, verbose_name="identifiant à la source"),
        ),
        migrations.AddField(
            model_name="place",
            name="other_sources",
            field=models.JSONField(blank=True, default=list, verbose_name="sources fusionnées"),
        ),
        migrations.AddField(
            model_name="place",
            name="parent_structure",
            field=models.CharField(blank=True, max_length=300, verbose_name="structure parente (à la source)"),
        ),
        migrations.AddField(
            model_name="place",
            name="source_updated_on",
            field=models.DateField(blank=True, null=True, verbose_name="mise à jour à la source"),
        ),
        migrations.AddField(
            model_name="place",
            name="imported_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="importé le"),
        ),
        migrations.AddConstraint(
            model_name="place",
            constraint=models.UniqueConstraint(
                condition=models.Q(("source_id", ""), _negated=True),
                fields=("source", "source_id"),
                name="place_source_id_unique",
            ),
        ),
        migrations.CreateModel(
            name="PlaceDuplicateCandidate",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name_score", models.PositiveSmallIntegerField(verbose_name="ressemblance des noms (sur 100)")),
                ("address_score", models.PositiveSmallIntegerField(verbose_name="ressemblance des adresses (sur 100)")),
                ("distance_m", models.PositiveIntegerField(verbose_name="distance (mètres)")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "À examiner"),
                            ("merged", "Fusionnés"),
                            ("distinct", "Deux lieux différents"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="état",
                    ),
                ),
                ("decided_at", models.DateTimeField(blank=True, null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "other",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="activity.place"
                    ),
                ),
                (
                    "place",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="activity.place"
                    ),
                ),
            ],
            options={
                "verbose_name": "doublon possible de lieux",
                "verbose_name_plural": "doublons possibles de lieux",
                "indexes": [models.Index(fields=["status"], name="place_duplicate_status")],
                "constraints": [models.UniqueConstraint(fields=("place", "other"), name="place_duplicate_pair")],
            },
        ),
    ]
