from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "risk"
    verbose_name = "Keeping the child and other people safe"

    def ready(self) -> None:
        from cases.selectors import TIMELINE_SOURCES

        from . import listeners, sections, work
        from .selectors.meetings import timeline_events

        listeners.register()
        TIMELINE_SOURCES.append(timeline_events)
        sections.register()
        _add_protection_section()
        work.register_sources()


def _add_protection_section() -> None:
    """The case page's section on MAPPA, MARAC, social care and safeguarding (``cases.sections``),
    after the risk meeting's."""
    from cases.sections import CASE_PAGE_SECTIONS, Section

    from .views.protection import SECTION_TEMPLATE, case_protection_section

    if not any(section.template == SECTION_TEMPLATE for section in CASE_PAGE_SECTIONS):
        CASE_PAGE_SECTIONS.append(
            Section(
                "MAPPA, MARAC, social care and safeguarding",
                SECTION_TEMPLATE,
                case_protection_section,
                anchor="protection",
            )
        )
