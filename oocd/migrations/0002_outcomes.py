from django.db import migrations

from oocd.catalogue import ensure_shipped_outcomes


def add_outcomes(apps, schema_editor):
    ensure_shipped_outcomes(apps.get_model("oocd", "Outcome"), using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("oocd", "0001_initial")]

    operations = [migrations.RunPython(add_outcomes, migrations.RunPython.noop)]
