"""Reading a board report as its readers do: the rows of its tables on a page, and its CSV download."""

import csv
import io
from html.parser import HTMLParser


class Tables(HTMLParser):
    """The rows (cell texts) of the report tables on a page."""

    def __init__(self, html: str):
        super().__init__()
        self.rows: list[list[str]] = []
        self._in_report_table = False
        self._in_body = False
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "report-table" in (attrs.get("class") or ""):
            self._in_report_table = True
        elif self._in_report_table and tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.rows.append([])
        elif self._in_body and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_report_table = self._in_body = False
        elif tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def csv_of(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))
