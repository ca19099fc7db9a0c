from django.apps import AppConfig


class FamilyConfig(AppConfig):
    name = "family"
    verbose_name = "The child's family and needs"

    def ready(self) -> None:
        from cases.sections import CASE_PAGE_SECTIONS, Section
        from cases.selectors import TIMELINE_SOURCES

        from .selectors import timeline_events
        from .views import SECTION_TEMPLATE, case_family_section

        if timeline_events not in TIMELINE_SOURCES:
            TIMELINE_SOURCES.append(timeline_events)
        if not any(section.template == SECTION_TEMPLATE for section in CASE_PAGE_SECTIONS):
            CASE_PAGE_SECTIONS.append(
                Section("Family and needs", SECTION_TEMPLATE, case_family_section, anchor="family")
            )
