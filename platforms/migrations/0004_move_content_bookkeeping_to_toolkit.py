"""TranslationStamp and ShippedContent now belong to toolkit (see toolkit 0001).

The models leave the platforms state only: their tables stay, with their rows, under the same
names. The content types are renamed too, so that nothing attached to them (permissions) is left
pointing at a model platforms no longer has.
"""
from django.db import migrations

MOVED = ['shippedcontent', 'translationstamp']


def relabel_content_types(from_app: str, to_app: str):
    def relabel(apps, schema_editor):
        ContentType = apps.get_model('contenttypes', 'ContentType')
        taken = set(ContentType.objects.filter(app_label=to_app, model__in=MOVED)
                    .values_list('model', flat=True))
        ContentType.objects.filter(app_label=from_app, model__in=set(MOVED) - taken).update(
            app_label=to_app)
    return relabel


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('platforms', '0003_tracking_criterion'),
        ('toolkit', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='ShippedContent'),
                migrations.DeleteModel(name='TranslationStamp'),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_types('platforms', 'toolkit'),
                             relabel_content_types('toolkit', 'platforms')),
    ]
