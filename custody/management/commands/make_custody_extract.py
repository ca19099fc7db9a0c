from datetime import date, timedelta
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from custody.demo import extract_bytes, known_children, synthetic_rows


class Command(BaseCommand):
    help = (
        "Write a synthetic custody extract (DESIGN.md §5): detentions over the last days, a share of them "
        "children already on the system (some typed with typos, swapped forenames, hyphens or apostrophes left "
        "out), a few adults and a small share of faulty rows. The same seed writes the same file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=500, help="How many rows (default 500)")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026)")
        parser.add_argument("--out", default="-", help="The file to write, or - for standard output (the default)")
        parser.add_argument("--days", type=int, default=7, help="Detentions over this many days (default 7)")
        parser.add_argument("--end", type=date.fromisoformat, help="The last day of detentions (default yesterday)")
        parser.add_argument(
            "--known-share", type=float, default=0.6, help="Share of rows for children already on the system"
        )
        parser.add_argument("--faulty-share", type=float, default=0.02, help="Share of faulty rows (default 0.02)")
        parser.add_argument("--bom", action="store_true", help="Start the file with a UTF-8 byte-order mark")
        parser.add_argument("--lf", action="store_true", help="End lines with LF (default CRLF)")

    def handle(self, *args, rows, seed, out, days, end, known_share, faulty_share, bom, lf, **options):
        if rows < 1 or days < 1:
            raise CommandError("--rows and --days must be at least 1")
        if not (0 <= known_share <= 1 and 0 <= faulty_share <= 1):
            raise CommandError("--known-share and --faulty-share are between 0 and 1")
        end = end or timezone.localdate() - timedelta(days=1)
        children = known_children(on=end, days=days) if known_share else []
        made = synthetic_rows(
            rows, seed=seed, children=children, end=end, days=days, known_share=known_share, faulty_share=faulty_share
        )
        data = extract_bytes(made, bom=bom, crlf=not lf)
        if out == "-":
            self.stdout.write(data.decode("utf-8-sig"), ending="")
            return
        path = Path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.stderr.write(f"Wrote {rows:,} rows to {path} ({len(children):,} children on the system to draw from)")
