"""Keep a finding's handlers in its history, so each version is judged by the handlers it had.

Versions written before this have unknown handlers: they get `handlers_recorded` False (only
their reporter and coordinators see them when confidential); new versions record them.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('findings', '0002_reporter_optional'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalfinding',
            name='handlers_recorded',
            field=models.BooleanField(default=False, verbose_name='handlers recorded'),
        ),
        migrations.AlterField(
            model_name='historicalfinding',
            name='handlers_recorded',
            field=models.BooleanField(default=True, verbose_name='handlers recorded'),
        ),
        migrations.CreateModel(
            name='HistoricalFinding_handlers',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                ('finding', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='findings.finding')),
                ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='findings.historicalfinding')),
                ('user', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'HistoricalFinding_handlers',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
