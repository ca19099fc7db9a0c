from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        from yjs.work import WORK_SOURCES

        from .work import board_work

        if board_work not in WORK_SOURCES:
            WORK_SOURCES.append(board_work)
