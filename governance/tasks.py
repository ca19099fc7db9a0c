from celery import shared_task

from . import services


@shared_task(acks_late=True)
def generate_board_report(report_id: int) -> str:
    """Generate a queued board report (figures, charts, PDF and CSV), recording progress."""
    report = services.board_report_generate(report_id=report_id)
    return report.status
