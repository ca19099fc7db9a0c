"""The police systems shipped in the catalogue (DESIGN.md §7); managers may add more."""

SHIPPED_SYSTEMS = [
    ("pnc", "Police National Computer (PNC)"),
    ("pnd", "Police National Database (PND)"),
    ("local_records", "Local records management system"),
    ("intelligence", "Intelligence database"),
    ("custody", "Custody system"),
    ("command_and_control", "Command and control logs"),
    ("social_media", "Social media (open source)"),
]


def ensure_shipped_systems(police_system_model, using: str = "default") -> None:
    for position, (code, name) in enumerate(SHIPPED_SYSTEMS, start=1):
        police_system_model.objects.using(using).get_or_create(
            code=code, defaults={"name": name, "position": position * 10}
        )
