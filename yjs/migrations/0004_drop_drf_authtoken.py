"""API tokens moved from DRF's authtoken (kept in clear) to django-rest-knox (hashed, expiring):
DRF's table goes, and every token in it stops working; clients ask for a new one."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("yjs", "0003_retention"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [
        migrations.RunSQL(
            [
                "DROP TABLE IF EXISTS authtoken_token",
                # Forget its migrations too, so that the app could be installed again from scratch.
                "DELETE FROM django_migrations WHERE app = 'authtoken'",
            ],
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
