"""The interventions API under /api/v1/interventions/ (DESIGN.md §7, §10): the catalogue at its root
(``catalogue``), ``referrals/`` and ``reparation/`` (``records``), ``restorative-justice/`` and
``victim-safety-plans/`` (``victims``)."""

from . import catalogue, records, victims

urlpatterns = [*catalogue.urlpatterns, *records.urlpatterns, *victims.urlpatterns]
