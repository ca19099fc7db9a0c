"""interventions.services: one module per area — the catalogue (``catalogue``), a case's referrals
(``referrals``), reparation (``reparation``), restorative justice and victim safety plans
(``victims``). Each write takes the member of staff (``by``), refuses who may not
(``interventions.permissions``: 403) and answers bad input with field errors in GOV.UK's words,
having changed nothing; each is audited."""
