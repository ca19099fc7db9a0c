from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from governance.subject_access import subject_access_pdf
from yjs.models import User


class Command(BaseCommand):
    help = (
        "Write everything held about one child (a subject access request) to a PDF. --by names the user "
        "answering the request: it must be the head of service, and the export is recorded against them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--child", type=int, required=True, help="The child's record id")
        parser.add_argument("--by", required=True, help="Username of the head of service answering the request")
        parser.add_argument("--out", required=True, help="The PDF file to write")

    def handle(self, *args, child, by, out, **options):
        user = User.objects.filter(username=by, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user is called {by!r}")
        try:
            data = subject_access_pdf(user=user, child_id=child)
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        except Http404:
            raise CommandError(f"There is no child {child}") from None
        Path(out).write_bytes(data)
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(data):,} bytes to {out} (recorded as an export by {by})."))
