import pytest

from yjs.exports import csv_response, pdf_bytes, spreadsheet_safe
from yjs.models import AuditEvent


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+44 7700 900123", "'+44 7700 900123"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("No trace", "No trace"),
        (None, ""),
        (42, "42"),
    ],
)
def test_formula_looking_cells_are_neutralised(value, expected):
    assert spreadsheet_safe(value) == expected


def test_a_csv_export_is_audited_and_safe(case_worker):
    response = csv_response(
        filename="x.csv", header=["a"], rows=[["=1+1"], ["plain"]], user=case_worker, request=None, what="test"
    )
    body = response.content.decode("utf-8-sig")
    assert body.splitlines() == ["a", "'=1+1", "plain"]
    event = AuditEvent.objects.get(action="export")
    assert event.detail == {"export": "test", "rows": 2}


def test_pdf_bytes_renders_a_pdf(tmp_path, settings):
    (tmp_path / "doc.html").write_text("<h1>Transfer pack</h1>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    assert pdf_bytes("doc.html", {}).startswith(b"%PDF")
