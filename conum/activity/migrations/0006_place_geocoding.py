from django.db import migrations, models
from django.db.models import F


def mark_typed_coordinates(apps, schema_editor):
    """Places away from their commune's centre had their coordinates typed; the others keep "municipality"."""
    Place = apps.get_model("activity", "Place")
    typed = Place.objects.exclude(latitude=F("commune__latitude"), longitude=F("commune__longitude"))
    Place.objects.filter(pk__in=typed.values("pk")).update(geocoding_precision="manual")


class Migration(migrations.Migration):
    dependencies = [
        ("activity", "0005_appointments"),
    ]

    operations = [
        migrations.AddField(
            model_name="place",
            name="geocoding_precision",
            field=models.CharField(
                choices=[
                    ("housenumber", "numéro"),
                    ("street", "rue"),
                    ("locality", "lieu-dit"),
                    ("municipality", "centre de la commune"),
                    ("manual", "coordonnées saisies"),
                ],
                default="municipality",
                max_length=12,
                verbose_name="précision de la position",
            ),
        ),
        migrations.AddField(
            model_name="place",
            name="geocoding_score",
            field=models.FloatField(blank=True, null=True, verbose_name="score du géocodage"),
        ),
        migrations.RunPython(mark_typed_coordinates, migrations.RunPython.noop),
    ]
