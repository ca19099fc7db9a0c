"""``manage.py migrate``, connected as the database's owner (DESIGN.md §12, ``yjs.database``).

The application's own role may not change the schema; after the migrations the owner grants it
the privileges it needs (``yjs.apps``, on post_migrate).
"""

from django.core.management.commands.migrate import Command as MigrateCommand

from yjs.database import connected_as_owner


class Command(MigrateCommand):
    def handle(self, *args, **options):
        with connected_as_owner(options["database"]):
            return super().handle(*args, **options)
