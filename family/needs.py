"""The kinds of needs record, each known by the slug of its pages and API paths: its model, the
service that records it, its title and the fields a person gives."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model

from . import services
from .models import Accommodation, Communication, Education, MentalHealth, SubstanceMisuse


@dataclass(frozen=True)
class Need:
    slug: str  # in paths: /family/children/<id>/needs/<slug>/, /api/v1/family/<slug>/
    model: type[Model]
    record: Callable[..., Model]  # the service
    title: str  # "Accommodation"
    noun: str  # "accommodation record": "Record a change of accommodation"
    fields: tuple[str, ...]  # besides child, from_date and notes

    @property
    def name(self) -> str:
        return self.slug.replace("-", "_")


NEEDS: dict[str, Need] = {
    need.slug: need
    for need in (
        Need(
            "accommodation",
            Accommodation,
            services.accommodation_record,
            "Accommodation",
            "accommodation",
            ("accommodation_type", "suitable", "unsuitable_reason"),
        ),
        Need(
            "education",
            Education,
            services.education_record,
            "Education, training or employment",
            "education, training or employment",
            ("education_type", "provider", "hours_offered", "hours_attended", "send_identified", "send_plan"),
        ),
        Need(
            "communication",
            Communication,
            services.communication_record,
            "Speech, language and communication",
            "speech, language and communication needs",
            ("screened", "need_identified", "support_in_place"),
        ),
        Need(
            "mental-health",
            MentalHealth,
            services.mental_health_record,
            "Mental health and emotional wellbeing",
            "mental health and emotional wellbeing",
            ("need_identified", "referred", "receiving_support"),
        ),
        Need(
            "substance-misuse",
            SubstanceMisuse,
            services.substance_misuse_record,
            "Substance misuse",
            "substance misuse",
            ("need_identified", "referred", "receiving_intervention"),
        ),
    )
}
