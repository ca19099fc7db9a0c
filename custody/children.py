"""The child "not known to the YJS" that a custody row brings when it matches no one: one
definition of what such a child holds, for the ingest, the review queue and the demo data."""

from cases.models import Ethnicity


def unknown_child_fields(row) -> dict:
    """The new child's fields, from anything with a custody row's person fields: a checked row
    (``CustodyRow``), a stored ``CustodyRecord``, or an invented person of the demo data."""
    return {
        "surname": row.surname,
        "forenames": row.forenames,
        "date_of_birth": row.date_of_birth,
        "gender": row.gender,
        "ethnicity": row.ethnicity or Ethnicity.NOT_STATED,
        "pnc_id": row.pnc_id,
        "postcode": row.postcode,
        "home_local_authority": row.home_local_authority,
        "looked_after": bool(row.looked_after),
        "responsible_local_authority": row.responsible_local_authority,
        "known_to_yjs": False,
    }
