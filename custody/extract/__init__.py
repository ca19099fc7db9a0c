"""The custody extract format, version 1 (DESIGN.md §5): reading and checking rows.

Pure functions, no database: ``read_extract`` turns file bytes into validated rows and per-line
errors, or raises ``ExtractRefused`` for a file that cannot be loaded at all (not UTF-8, no
header, required columns missing). ``format`` holds the columns, their vocabularies (the models'
choices) and the checked row; ``checking`` checks one row's values; ``reading`` reads a file, or
the API's rows, checking each row as it goes.
"""

from .checking import LONGEST, LONGEST_OFFENCE, age_on, check_row, forget_values_read, local_datetime
from .format import (
    ALL_COLUMNS,
    ETHNICITY,
    GENDERS,
    LD_SCREENING,
    LONDON,
    OPTIONAL_COLUMNS,
    OUTCOMES,
    RECORD_FIELD_NAMES,
    REQUIRED_COLUMNS,
    S38_6,
    CustodyRow,
    ExtractRefused,
    RowRejected,
    columns_given,
    digest_of,
    record_fields,
    record_key,
)
from .reading import CheckedRows, ExtractResult, check_rows, checked_rows, decode, read_extract, stream_extract

__all__ = [
    "ALL_COLUMNS",
    "ETHNICITY",
    "GENDERS",
    "LD_SCREENING",
    "LONDON",
    "LONGEST",
    "LONGEST_OFFENCE",
    "OPTIONAL_COLUMNS",
    "OUTCOMES",
    "RECORD_FIELD_NAMES",
    "REQUIRED_COLUMNS",
    "S38_6",
    "CheckedRows",
    "CustodyRow",
    "ExtractRefused",
    "ExtractResult",
    "RowRejected",
    "age_on",
    "check_row",
    "check_rows",
    "checked_rows",
    "columns_given",
    "decode",
    "digest_of",
    "forget_values_read",
    "local_datetime",
    "read_extract",
    "record_fields",
    "record_key",
    "stream_extract",
]
