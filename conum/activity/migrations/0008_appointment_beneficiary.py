# The appointment of a person with a file (issue 19): the file page lists it; erasing the file unlinks it.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('activity', '0007_place_schema_fields'),
    ]

    operations = [
        migrations.AddField(
            model_name='appointment',
            name='beneficiary',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='appointments', to='activity.beneficiary'),
        ),
    ]
