from django.core.management.base import BaseCommand

from governance import services
from governance.models import BoardReport, ReportStatus


class Command(BaseCommand):
    help = (
        "Write the board members' copy (CSV and PDF) of every finished board report again from its stored "
        "figures, with the current small-number suppression (governance.disclosure). Run once after deploying "
        "complementary suppression: copies written before it can give hidden counts back. Staff copies are "
        "left as they are."
    )

    def handle(self, *args, **options):
        reports = BoardReport.objects.filter(status=ReportStatus.SUCCEEDED).order_by("pk")
        count = 0
        for report in reports.iterator():
            services.board_report_board_copy_rewrite(report=report)
            count += 1
        self.stdout.write(f"Board copies written again: {count}")
