from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from yjs.demo import LARGE_SCALE, make_demo_data


class Command(BaseCommand):
    help = (
        "Build a demo data set of any size in bulk: --scale N units of 300 children with their case records, "
        f"and per unit 3,334 custody records, about 170 information requests and 67 out-of-court decisions "
        f"(--scale {LARGE_SCALE}: 200,000 children, 1,000,000 custody records). Development only; safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=1, help=f"Units of 300 children (default 1; large: {LARGE_SCALE})"
        )
        parser.add_argument("--password", help="Password for every demo user (default: $DEMO_PASSWORD)")

    def handle(self, *args, scale=1, password=None, **options):
        if not settings.DEBUG:
            raise CommandError("make_demo_data creates users with a known password: it refuses to run with DEBUG off.")
        if scale < 1:
            raise CommandError("--scale must be 1 or more")
        make_demo_data(scale=scale, password=password, log=lambda message: self.stdout.write(message))
        self.stdout.write(self.style.SUCCESS("Demo data ready"))
