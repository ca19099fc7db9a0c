from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "risk"
    verbose_name = "Keeping the child and other people safe"

    def ready(self) -> None:
        from . import listeners

        listeners.register()
        _add_protection_section()


def _add_protection_section() -> None:
    """The case page's section on MAPPA, MARAC, social care and safeguarding (``cases.sections``,
    made by h-risk-pages: until it is there, the section waits for it)."""
    try:
        from cases import sections
    except ImportError:
        return
    if not hasattr(sections, "CASE_PAGE_SECTIONS"):
        return
    from .views.protection import SECTION_TEMPLATE, case_protection_section

    if not any(section.template == SECTION_TEMPLATE for section in sections.CASE_PAGE_SECTIONS):
        sections.CASE_PAGE_SECTIONS.append(
            sections.Section(
                "MAPPA, MARAC, social care and safeguarding",
                SECTION_TEMPLATE,
                case_protection_section,
                anchor="protection",
            )
        )
