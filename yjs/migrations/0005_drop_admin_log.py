"""The admin site is gone (issue #18: no door that bypasses the audit trail). Its log table goes
too: it held nothing (no model was ever registered), and its foreign key to users would otherwise
stay behind in databases made before, blocking a flush of the users table."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("yjs", "0004_drop_drf_authtoken")]

    operations = [
        migrations.RunSQL(
            [
                "DROP TABLE IF EXISTS django_admin_log",
                # Forget its migrations too, so that the app could be installed again from scratch.
                "DELETE FROM django_migrations WHERE app = 'admin'",
            ],
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
