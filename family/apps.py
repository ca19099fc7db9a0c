from django.apps import AppConfig


class FamilyConfig(AppConfig):
    name = "family"
    verbose_name = "The child's family and needs"

    def ready(self) -> None:
        from cases.sections import CASE_PAGE_SECTIONS, Section, add_section
        from cases.selectors import add_timeline_source

        from .selectors import timeline_events
        from .views import SECTION_TEMPLATE, case_family_section

        add_timeline_source(timeline_events)
        add_section(
            CASE_PAGE_SECTIONS, Section("Family and needs", SECTION_TEMPLATE, case_family_section, anchor="family")
        )
