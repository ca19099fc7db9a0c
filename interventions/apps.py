from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    name = "interventions"
    verbose_name = "Interventions, reparation and restorative justice"

    def ready(self) -> None:
        from cases.sections import CASE_PAGE_SECTIONS, Section
        from cases.selectors import TIMELINE_SOURCES

        from .selectors import timeline_events
        from .views import SECTION_TEMPLATE, case_interventions_section

        if timeline_events not in TIMELINE_SOURCES:
            TIMELINE_SOURCES.append(timeline_events)
        if not any(section.template == SECTION_TEMPLATE for section in CASE_PAGE_SECTIONS):
            CASE_PAGE_SECTIONS.append(
                Section("Interventions", SECTION_TEMPLATE, case_interventions_section, anchor="interventions")
            )
