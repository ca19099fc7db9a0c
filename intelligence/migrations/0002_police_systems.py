from django.db import migrations

from intelligence.catalogue import ensure_shipped_systems


def add_systems(apps, schema_editor):
    ensure_shipped_systems(apps.get_model("intelligence", "PoliceSystem"), using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("intelligence", "0001_initial")]

    operations = [migrations.RunPython(add_systems, migrations.RunPython.noop)]
