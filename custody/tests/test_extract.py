"""The custody extract format of DESIGN.md §5, read without a database."""

from datetime import UTC, datetime, timedelta

import pytest

from custody.extract import (
    ALL_COLUMNS,
    LONDON,
    ExtractRefused,
    check_rows,
    read_extract,
    stream_extract,
)
from custody.extract.reading import _record_keys

HEADER = "force_code,custody_ref,detained_at,surname,forenames,date_of_birth"


def extract(*lines: str, header: str = HEADER, newline: str = "\n", bom: bool = False) -> bytes:
    text = newline.join([header, *lines]) + newline
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode()


def test_bom_crlf_quoted_commas_and_unknown_columns():
    data = extract(
        'WYP,C1,2026-03-01T10:00,"O\'Brien",Liam,2010-05-01,"Theft; Assault, common",extra',
        header=HEADER + ",offences,unexpected_column",
        newline="\r\n",
        bom=True,
    )
    result = read_extract(data)
    assert result.errors == []
    [row] = result.rows
    assert row.surname == "O'Brien"
    assert row.offences == ["Theft", "Assault, common"]
    assert row.detained_at == datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


def test_columns_match_case_insensitively_in_any_order():
    data = extract(
        "Smith,2010-05-01,WYP,C1,2026-03-01T10:00,Jo",
        header="SURNAME,Date_Of_Birth,force_code,Custody_Ref,detained_at,forenames",
    )
    assert [row.surname for row in read_extract(data).rows] == ["Smith"]


def test_british_summer_time_is_converted_to_utc():
    [row] = read_extract(extract("WYP,C1,01/07/2026 10:30,Smith,Jo,01/05/2010")).rows
    assert row.detained_at == datetime(2026, 7, 1, 9, 30, tzinfo=UTC)


def test_a_time_that_does_not_exist_is_rejected_not_guessed():
    result = read_extract(extract("WYP,C1,2026-03-29T01:30,Smith,Jo,2010-05-01"))
    assert result.rows == []
    assert result.errors == [
        {"line": 2, "reason": "detained_at: 2026-03-29T01:30 does not exist in UK time (the clocks went forward)"}
    ]


def test_an_ambiguous_time_is_rejected():
    result = read_extract(extract("WYP,C1,2026-10-25T01:30,Smith,Jo,2010-05-01"))
    assert "ambiguous" in result.errors[0]["reason"]


def test_turning_18_on_the_day_is_skipped_and_turning_10_is_loaded():
    result = read_extract(
        extract(
            "WYP,C1,2026-03-01T10:00,Adult,Jo,2008-03-01",
            "WYP,C2,2026-03-01T10:00,Ten,Jo,2016-03-01",
            "WYP,C3,2026-03-01T10:00,Nine,Jo,2016-03-02",
        )
    )
    assert result.skipped == 1
    assert [row.custody_ref for row in result.rows] == ["C2"]
    assert result.errors[0]["line"] == 4
    assert "under the age of criminal responsibility" in result.errors[0]["reason"]
    assert result.rows_read == 3


def test_bad_rows_are_reported_by_line_and_good_rows_still_load():
    result = read_extract(
        extract(
            "WYP,C1,2026-03-01T10:00,Smith,Jo,2010-05-01",
            "WYP,C2,yesterday,Smith,Jo,2010-05-01",
            "WYP,,2026-03-01T10:00,Smith,Jo,2010-05-01",
            "WYP,C4,2026-03-01T10:00,Sm1th,Jo,2010-05-01",
            "WYP,C5,2026-03-01T10:00,Smith,Jo,2010-05-01",
        )
    )
    assert [row.custody_ref for row in result.rows] == ["C1", "C5"]
    assert [(error["line"], error["reason"].split(":")[0]) for error in result.errors] == [
        (3, "detained_at"),
        (4, "custody_ref"),
        (5, "surname"),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"force_code,custody_ref,detained_at,surname,forenames\nWYP,C1,2026-03-01T10:00,A,B\n", "date_of_birth"),
        (b"\xff\xfe\x00bad", "not UTF-8"),
    ],
)
def test_a_file_without_its_header_or_not_utf8_is_refused_whole(data, message):
    with pytest.raises(ExtractRefused, match=message):
        read_extract(data)


def test_unicode_names_hyphens_and_apostrophes_are_names():
    [row] = read_extract(extract("WYP,C1,2026-03-01T10:00,Nowak-Wójcik,Zoë Ann,2010-05-01")).rows
    assert row.forenames == "Zoë Ann"


def test_names_are_read_in_nfc_without_invisible_or_direction_characters():
    decomposed, spoofed, hidden = "Jose\u0301", "\u202eSmith", "Kha\u200bn"
    result = read_extract(
        extract(
            f"WYP,C1,2026-03-01T10:00,{decomposed},Ana,2010-05-01",
            f"WYP,C2,2026-03-01T10:00,{spoofed},Jo,2010-05-01",
            f"WYP,C3,2026-03-01T10:00,Ali,{hidden},2010-05-01",
            "WYP,C4,2026-03-01T10:00,\u200b,Jo,2010-05-01",
        )
    )
    assert [(row.surname, row.forenames) for row in result.rows] == [("José", "Ana"), ("Smith", "Jo"), ("Ali", "Khan")]
    assert [(error["line"], error["reason"].split(":")[0]) for error in result.errors] == [(5, "surname")]


def test_a_value_postgresql_cannot_store_as_text_is_rejected_unquoted():
    """A NUL (in a file or pushed JSON) or half a surrogate pair (JSON's lone "\\ud83d") is a
    rejected row, whose reason does not repeat it: the reason is stored too (found by fuzzing)."""
    result = read_extract(
        extract("WYP,C1,2026-03-01T10:00,Smith,Jo,2010-05-01", "WYP,C2\x00,2026-03-01T10:00,A,B,2010-05-01")
    )
    pushed = check_rows([(1, {"force_code": "WYP", "custody_ref": "C3", "suite": "Leeds \ud83d"})])

    assert [row.custody_ref for row in result.rows] == ["C1"]
    assert result.errors == [
        {"line": 3, "reason": "custody_ref: has characters that are not text (a NUL or a broken character)"}
    ]
    assert pushed.errors == [
        {"line": 1, "reason": "suite: has characters that are not text (a NUL or a broken character)"}
    ]


# --- A record given more than once; reading as the rows are loaded ------------------------------


def test_a_record_given_twice_is_read_once_as_its_last_valid_row_where_that_row_is():
    result = read_extract(
        extract(
            "WYP,C1,2026-03-01T10:00,Smith,Jo,2010-05-01",  # C1, first state
            "WYP,C2,2026-03-01T11:00,Jones,Al,2010-06-01",
            " wyp , C1 ,2026-03-01T10:00,Smith,Joe,2010-05-01",  # C1 again: the newer state
            "WYP,C3,2026-03-01T12:00,Brown,Bo,2010-07-01",
        )
    )
    assert [(row.custody_ref, row.forenames, row.line) for row in result.rows] == [
        ("C2", "Al", 3),
        ("C1", "Joe", 4),
        ("C3", "Bo", 5),
    ]
    assert (result.rows_read, result.errors, result.skipped) == (4, [], 0)


def test_a_later_rejected_or_adult_row_leaves_the_records_last_valid_row():
    result = read_extract(
        extract(
            "WYP,C1,2026-03-01T10:00,Smith,Jo,2010-05-01",
            "WYP,C1,2026-03-01T10:00,Smith,Joanne,2010-05-01",  # the last valid row of C1
            "WYP,C1,not a time,Smith,Jo,2010-05-01",  # rejected
            "WYP,C2,2026-03-01T10:00,Jones,Al,2010-05-01",
            "WYP,C2,2026-03-01T10:00,Jones,Al,2001-05-01",  # an adult: skipped
        )
    )
    assert [(row.custody_ref, row.forenames) for row in result.rows] == [("C1", "Joanne"), ("C2", "Al")]
    assert [error["line"] for error in result.errors] == [4]
    assert (result.rows_read, result.skipped) == (5, 1)


def test_the_api_rows_of_one_record_are_read_as_a_files_are():
    result = check_rows(
        [
            (1, {"force_code": "WYP", "custody_ref": "C1", "detained_at": "2026-03-01T10:00", "surname": "Smith",
                 "forenames": "Jo", "date_of_birth": "2010-05-01"}),
            (2, ["not", "an", "object"]),
            (3, {"force_code": "wyp", "custody_ref": "C1 ", "detained_at": "2026-03-01T10:00", "surname": "Smith",
                 "forenames": "Joe", "date_of_birth": "2010-05-01"}),
        ]
    )  # fmt: skip
    assert [(row.custody_ref, row.forenames) for row in result.rows] == [("C1", "Joe")]
    assert result.errors == [{"line": 2, "reason": "expected an object of column names and values"}]


def test_rows_are_checked_as_they_are_taken_and_counted_as_they_go():
    checked = stream_extract(
        extract("WYP,C1,2026-03-01T10:00,Smith,Jo,2010-05-01", "WYP,C2,bad,Smith,Jo,2010-05-01", "", "WYP,C3,x,A,B,y")
    )
    assert (checked.total, checked.rows_read) == (3, 0)
    rows = iter(checked)
    assert next(rows).custody_ref == "C1"
    assert (checked.rows_read, checked.errors) == (1, [])
    assert list(rows) == []
    assert checked.rows_read == 3
    assert [error["line"] for error in checked.errors] == [3, 5]


@pytest.mark.parametrize(
    "lines",
    [
        ["WYP,C1,a", "wyp , c1 ,b", "", " , ,", "WYP", ",C2"],
        ['WYP,"C1",a', '"WYP","C,1","x, y"', 'WYP,C1,"He said ""no"""', 'WYP,C2,ab"c'],
        ['WYP,C1,"a value over', 'two lines"', "WYP,C2,b"],  # read as CSV: lines are not rows
        ['WYP,C1,ab"c,"d', 'e",f', "WYP,C2,g"],
    ],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_record_keys_read_line_by_line_are_those_csv_reading_gives(lines, newline):
    text = newline.join(["force_code,custody_ref,detained_at", *lines]) + newline
    by_line = _record_keys(text, 0, 1, by_line=True)
    assert by_line == _record_keys(text, 0, 1, by_line=False)
    assert by_line == _record_keys(text, 0, 1)


# --- Issue 17: bounds on a row's values, the columns a file gives, repeated records --------------


def _in(minutes: int) -> str:
    """A London wall-clock time this many minutes from now."""
    return f"{datetime.now(LONDON) + timedelta(minutes=minutes):%Y-%m-%dT%H:%M}"


@pytest.mark.parametrize(
    ("column", "reason"),
    [
        ("detained_at", "detained_at: is in the future"),
        ("charged_at", "charged_at: is in the future"),
        ("released_at", "released_at: is in the future"),
        ("aa_requested_at", "aa_requested_at: is in the future"),
        ("aa_arrived_at", "aa_arrived_at: is in the future"),
    ],
)
def test_a_time_in_the_future_is_rejected_with_its_line(column, reason):
    times = ["charged_at", "released_at", "aa_requested_at", "aa_arrived_at"]
    header = HEADER + "," + ",".join(times)
    detained = _in(24 * 60) if column == "detained_at" else _in(-60)
    future = ",".join(_in(24 * 60) if name == column else "" for name in times)
    result = read_extract(
        extract(
            f"WYP,C1,{detained},Smith,Jo,2012-05-01,{future}",
            f"WYP,C2,{_in(-60)},Smith,Jo,2012-05-01,,{_in(2)},,",  # a police clock a little ahead: allowed
            header=header,
        )
    )
    assert result.errors == [{"line": 2, "reason": reason}]
    assert [row.custody_ref for row in result.rows] == ["C2"]


@pytest.mark.parametrize(
    ("column", "longest"),
    [
        ("force_code", 10),
        ("custody_ref", 40),
        ("suite", 100),
        ("surname", 100),
        ("forenames", 150),
        ("home_local_authority", 100),
        ("responsible_local_authority", 100),
        ("offences", 3000),
    ],
)
def test_a_value_longer_than_its_column_rejects_its_row_only(column, longest):
    values = {"force_code": "WYP", "custody_ref": "C2", "surname": "Smith", "forenames": "Jo"}
    header = HEADER + ",suite,home_local_authority,responsible_local_authority,offences"
    row = {**values, "suite": "", "home_local_authority": "", "responsible_local_authority": "", "offences": ""}
    filler = "A" if column in ("surname", "forenames") else "x"
    fitting = {**row, column: filler * longest} if column != "offences" else {**row, "offences": "Theft;" * 500}
    too_long = {**row, column: filler * (longest + 1)}

    def line(cells):
        names = ["suite", "home_local_authority", "responsible_local_authority", "offences"]
        return ",".join(
            [cells["force_code"], cells["custody_ref"], "2026-03-01T10:00", cells["surname"], cells["forenames"],
             "2010-05-01", *(cells[name] for name in names)]
        )  # fmt: skip

    result = read_extract(extract(line({**fitting, "custody_ref": "C1"}), line(too_long), header=header))
    assert result.errors == [
        {"line": 3, "reason": f"{column}: must be {longest:,} characters or fewer (it has {longest + 1:,})"}
    ]
    assert len(result.rows) == 1


def test_an_offence_over_300_characters_is_rejected_and_a_long_value_is_not_quoted_whole():
    header = HEADER + ",offences,pnc_id"
    result = read_extract(
        extract(
            f"WYP,C1,2026-03-01T10:00,Smith,Jo,2010-05-01,Theft;{'x' * 301},",
            f"WYP,C2,2026-03-01T10:00,Smith,Jo,2010-05-01,,{'9' * 200_000}",
            f"WYP,C3,{'1' * 200_000},Smith,Jo,2010-05-01,,",
            header=header,
        )
    )
    assert [error["line"] for error in result.errors] == [2, 3, 4]
    assert result.errors[0]["reason"] == "offences: each offence must be 300 characters or fewer"
    assert all(len(error["reason"]) < 200 for error in result.errors)
    assert result.errors[1]["reason"].startswith(f"pnc_id: '{'9' * 40}…' is not a PNC ID")


def test_a_file_without_some_optional_columns_gives_its_rows_the_columns_it_has_one_set_for_all():
    narrower = read_extract(
        extract(
            "WYP,C1,2026-03-01T10:00,Smith,Jo,2010-05-01,2026-03-01T12:00",
            "WYP,C2,2026-03-01T10:00,Smith,Jo,2010-05-01,",
            header=HEADER + ",Released_At,unknown",
        )
    )
    first, second = narrower.rows
    assert first.columns == frozenset({"released_at"})
    assert first.columns is second.columns
    full_header = ",".join(ALL_COLUMNS)
    [full] = read_extract(extract("WYP,C1,2026-03-01T10:00,Smith,Jo,2010-05-01" + "," * 16, header=full_header)).rows
    assert full.columns is None
    # A value PostgreSQL cannot store: the file's rows are checked another way, with the same columns.
    [with_nul] = read_extract(extract("WYP,C1,2026-03-01T10:00,Smith,Jo,2010-05-01,", "WYP,C2,x\x00,A,B,2010-05-01,",
                                      header=HEADER + ",suite")).rows  # fmt: skip
    assert with_nul.columns == frozenset({"suite"})


def test_pushed_rows_give_the_keys_they_have():
    required = {"force_code": "WYP", "detained_at": "2026-03-01T10:00", "surname": "Smith", "forenames": "Jo",
                "date_of_birth": "2010-05-01"}  # fmt: skip
    result = check_rows(
        [
            (1, {**required, "custody_ref": "C1", "released_at": "", "outcome": None}),
            (2, {**required, "custody_ref": "C2", **dict.fromkeys(ALL_COLUMNS[6:], "")}),
        ]
    )
    assert [row.columns for row in result.rows] == [frozenset({"released_at", "outcome"}), None]


def test_a_record_given_again_is_listed_with_the_line_of_its_first_valid_row():
    result = read_extract(
        extract(
            "WYP,C1,never,Smith,Jo,2010-05-01",  # rejected: not the record's first valid row
            "WYP,C1,2026-03-01T10:00,Smith,Jo,2010-05-01",
            "WYP,C2,2026-03-01T10:00,Jones,Al,2010-06-01",
            "wyp,C1,2026-03-01T10:00,Smith,Joe,2010-05-01",
            "WYP,C1,2026-03-01T10:00,Smith,Jo,2001-05-01",  # an adult: skipped
            "WYP,C1,2026-03-01T10:00,Smith,Joanne,2010-05-01",
        )
    )
    assert result.repeated == [{"line": 5, "repeats": 3}, {"line": 7, "repeats": 3}]
    assert [(row.custody_ref, row.forenames) for row in result.rows] == [("C2", "Al"), ("C1", "Joanne")]
    assert result.rows_read == len(result.rows) + len(result.errors) + result.skipped + len(result.repeated)
