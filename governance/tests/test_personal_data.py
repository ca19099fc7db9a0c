"""Every app declares the personal data it holds (``yjs.personal_data``): a model that refers to a
child or a case, directly or through another such model, registered nowhere fails here, so
the retention schedule and subject access cannot miss it."""

from django.apps import apps

from cases.models import Case, Child
from yjs.personal_data import registered, registered_models


def models_about_a_child() -> set:
    """Child, Case, and every model with a foreign key (or one-to-one) to one of them, transitively."""
    about = {Child, Case}
    grew = True
    while grew:
        grew = False
        for model in apps.get_models():
            if model not in about and any(
                (field.many_to_one or field.one_to_one) and field.concrete and field.related_model in about
                for field in model._meta.get_fields()
            ):
                about.add(model)
                grew = True
    return about


def test_every_model_about_a_child_is_registered():
    missing = {model._meta.label for model in models_about_a_child() - registered_models()}
    assert missing == set(), f"Register these in their app's personal_data module: {sorted(missing)}"


def test_each_model_is_registered_by_its_own_app_once():
    seen = set()
    for entry in registered():
        for model in entry.models:
            assert model._meta.app_label == entry.app, model
            assert model not in seen, model
            seen.add(model)


def test_the_registry_knows_the_apps_that_hold_personal_data():
    # "yjs": the notifications, which name no child; "family" registers its models after cases.
    apps_registered = [
        *("yjs", "cases", "family", "risk", "intelligence", "oocd", "custody", "court", "interventions", "governance")
    ]
    assert [entry.app for entry in registered()] == apps_registered
