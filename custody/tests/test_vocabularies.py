"""The extract's vocabularies are the models' choices: one definition, so they cannot drift."""

import pytest

from cases.models import Child, Ethnicity, Gender
from custody.extract import ETHNICITY, GENDERS, LD_SCREENING, OUTCOMES, S38_6, read_extract
from custody.models import CustodyOutcome, CustodyRecord, S386Status, ScreeningStatus

HEADER = "force_code,custody_ref,detained_at,surname,forenames,date_of_birth"
VOCABULARIES = [
    # (column, the extract's vocabulary, the choices, the model field they are stored in)
    ("outcome", OUTCOMES, CustodyOutcome, CustodyRecord._meta.get_field("outcome")),
    ("ld_screening", LD_SCREENING, ScreeningStatus, CustodyRecord._meta.get_field("ld_screening")),
    ("s38_6", S38_6, S386Status, CustodyRecord._meta.get_field("s38_6")),
    ("ethnicity", ETHNICITY, Ethnicity, Child._meta.get_field("ethnicity")),
    ("gender", GENDERS, Gender, Child._meta.get_field("gender")),
]


def _read(column: str, value: str):
    data = f"{HEADER},{column}\nWYP,C1,2026-03-01T10:00,Smith,Jo,2010-05-01,{value}\n".encode()
    return read_extract(data)


@pytest.mark.parametrize(("column", "vocabulary", "choices", "model_field"), VOCABULARIES)
def test_the_extract_takes_exactly_the_values_the_model_stores(column, vocabulary, choices, model_field):
    assert vocabulary == set(choices.values)
    assert vocabulary == {value for value, _ in model_field.choices}
    for value in choices.values:
        result = _read(column, value)
        assert result.errors == [], value
        assert getattr(result.rows[0], column) == value


@pytest.mark.parametrize(("column", "vocabulary", "choices", "model_field"), VOCABULARIES)
def test_a_value_the_model_does_not_store_is_rejected_with_the_models_values(column, vocabulary, choices, model_field):
    [error] = _read(column, "99").errors
    assert error["reason"] == f"{column}: '99' is not one of {', '.join(sorted(choices.values))}"
