"""TranslationStamp and ShippedContent move here from platforms, in the migration state only.

Their tables (platforms_translationstamp, platforms_shippedcontent) were created by
platforms 0002 and keep their names and rows; platforms 0004 drops the models from its state.
"""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('platforms', '0003_tracking_criterion'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ShippedContent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.CharField(max_length=64)),
                        ('digests', models.JSONField(default=dict)),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype')),
                    ],
                    options={
                        'db_table': 'platforms_shippedcontent',
                        'constraints': [models.UniqueConstraint(fields=('content_type', 'object_id'), name='shipped_content_once')],
                    },
                ),
                migrations.CreateModel(
                    name='TranslationStamp',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.CharField(max_length=64)),
                        ('field', models.CharField(max_length=100)),
                        ('language', models.CharField(max_length=10)),
                        ('updated_at', models.DateTimeField()),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype')),
                    ],
                    options={
                        'db_table': 'platforms_translationstamp',
                        'constraints': [models.UniqueConstraint(fields=('content_type', 'object_id', 'field', 'language'), name='translation_stamp_once')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
