from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "risk"
    verbose_name = "Keeping the child and other people safe"

    def ready(self) -> None:
        from cases.selectors import add_timeline_source

        from . import listeners, sections, work
        from .selectors.meetings import timeline_events

        listeners.register()
        add_timeline_source(timeline_events)
        sections.register()
        _add_protection_section()
        work.register_sources()


def _add_protection_section() -> None:
    """The case page's section on MAPPA, MARAC, social care and safeguarding (``cases.sections``),
    after the risk meeting's."""
    from cases.sections import CASE_PAGE_SECTIONS, Section, add_section

    from .views.protection import SECTION_TEMPLATE, case_protection_section

    add_section(
        CASE_PAGE_SECTIONS,
        Section("MAPPA, MARAC, social care and safeguarding", SECTION_TEMPLATE, case_protection_section, "protection"),
    )
