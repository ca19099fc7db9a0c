from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    name = "interventions"
    verbose_name = "Interventions, reparation and restorative justice"

    def ready(self) -> None:
        from cases.sections import CASE_PAGE_SECTIONS, Section, add_section
        from cases.selectors import add_timeline_source

        from .selectors import timeline_events
        from .views import SECTION_TEMPLATE, case_interventions_section

        add_timeline_source(timeline_events)
        add_section(
            CASE_PAGE_SECTIONS,
            Section("Interventions", SECTION_TEMPLATE, case_interventions_section, anchor="interventions"),
        )
