from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cases.models import Child
from governance import retention
from yjs.database import connected_as_owner
from yjs.models import User


class Command(BaseCommand):
    help = (
        "Anonymise the records of children whose cases have all been closed for RETENTION_YEARS_AFTER_CLOSURE "
        "years, keeping what the board report counts (governance.retention). Children with an open case are "
        "never touched. Each child anonymised is an audit event; running it again changes nothing more. "
        "Prints record ids only, never names."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say which children are due; change nothing")
        parser.add_argument("--child", type=int, help="Only this child (by id): refused if it is not due")
        parser.add_argument("--by", help="Username recorded in the audit trail (default: the retention schedule)")
        parser.add_argument("--today", type=date.fromisoformat, help="Count the period back from this day")

    def handle(self, *args, **options):
        # Anonymising rewrites evidence the application's own role may never change (DESIGN.md §12).
        with connected_as_owner():
            self._handle(**options)

    def _handle(self, *, dry_run=False, child=None, by=None, today=None, **options):
        user = None
        if by:
            user = User.objects.filter(username=by, is_active=True).first()
            if user is None:
                raise CommandError(f"No active user is called {by!r}")
        cutoff = retention.retention_cutoff(today)
        self.stdout.write(
            f"Retention: {retention.retention_years()} years after the last case closed "
            f"(closed on or before {cutoff:%Y-%m-%d})."
        )
        if child is not None:
            return self._one(child, user=user, today=today, dry_run=dry_run)
        run = retention.retention_apply(by=user, today=today, dry_run=dry_run)
        if run.kept_for_open_cases:
            self.stdout.write(
                f"Kept: {len(run.kept_for_open_cases)} children with an old closed case but an open case "
                f"(ids {_ids(run.kept_for_open_cases)})."
            )
        if dry_run:
            self.stdout.write(f"Dry run: {len(run.due)} children would be anonymised (ids {_ids(run.due)}).")
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Anonymised {len(run.anonymised)} children (ids {_ids(run.anonymised)}).")
            )

    def _one(self, child_id: int, *, user, today, dry_run: bool) -> None:
        child = Child.objects.filter(pk=child_id).first()
        if child is None:
            raise CommandError(f"There is no child {child_id}")
        if child.anonymised_at:
            self.stdout.write(f"Child {child_id} was anonymised on {child.anonymised_at:%Y-%m-%d}: nothing to do.")
            return
        if dry_run:
            due = retention.children_due(today=today).filter(pk=child_id).exists()
            self.stdout.write(f"Dry run: child {child_id} {'would be' if due else 'would not be'} anonymised.")
            return
        try:
            retention.child_anonymise(child=child, by=user, today=today)
        except ValidationError as error:
            raise CommandError(f"Child {child_id} was not anonymised. {' '.join(error.messages)}") from None
        self.stdout.write(self.style.SUCCESS(f"Anonymised child {child_id}."))


def _ids(ids: list[int], shown: int = 50) -> str:
    text = ", ".join(str(pk) for pk in ids[:shown]) or "none"
    return text + (f" and {len(ids) - shown} more" if len(ids) > shown else "")
