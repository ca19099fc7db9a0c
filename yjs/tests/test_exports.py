import os

import pytest

from yjs.exports import csv_response, pdf_bytes, rendered_side_by_side, spreadsheet_safe
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


def test_renderings_side_by_side_come_back_in_order_from_their_own_processes():
    made = rendered_side_by_side(
        lambda: f"first {os.getpid()}".encode(), *(lambda n=n: f"copy {n} {os.getpid()}".encode() for n in (1, 2))
    )
    assert made[0] == f"first {os.getpid()}".encode()
    assert [line.split()[:2] for line in made[1:]] == [[b"copy", b"1"], [b"copy", b"2"]]
    assert all(int(line.split()[2]) != os.getpid() for line in made[1:])


def test_a_large_rendering_comes_back_whole():
    big = bytes(range(256)) * 4_000  # over a pipe's buffer
    assert rendered_side_by_side(lambda: b"", lambda: big) == [b"", big]


def test_a_copy_that_fails_is_rendered_again_here_where_its_error_is_raised():
    calls = []

    def fails_everywhere():
        calls.append(os.getpid())
        raise ValueError("No fonts")

    with pytest.raises(ValueError, match="No fonts"):
        rendered_side_by_side(lambda: b"first", fails_everywhere)
    assert calls == [os.getpid()]  # the copy's attempt is not in this process's list


def test_without_fork_each_rendering_is_run_here(monkeypatch):
    def no_fork():
        raise OSError("Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    assert rendered_side_by_side(lambda: b"one", lambda: b"two") == [b"one", b"two"]
