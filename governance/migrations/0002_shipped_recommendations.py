from django.db import migrations


def load(apps, schema_editor):
    from governance.recommendations import load_shipped

    load_shipped(model=apps.get_model("governance", "Recommendation"))


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
