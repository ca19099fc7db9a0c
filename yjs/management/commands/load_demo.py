from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from yjs.demo import load_demo


class Command(BaseCommand):
    help = "Create the demo teams and users of DESIGN.md §8 (development only; safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--password", help="Password for every demo user (default: $DEMO_PASSWORD)")
        parser.add_argument("--scale", type=int, default=1, help="Units of about 300 children (default 1)")

    def handle(self, *args, password=None, scale=1, **options):
        if not settings.DEBUG:
            raise CommandError("load_demo creates users with a known password: it refuses to run with DEBUG off.")
        summary = load_demo(password=password, scale=scale)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {summary}"))
