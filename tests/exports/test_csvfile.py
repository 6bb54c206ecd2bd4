"""CSV files a spreadsheet opens safely (plain Python)."""

import csv
import io

from taut.exports.csvfile import csv_bytes, safe_cell


def test_text_a_spreadsheet_would_run_gets_an_apostrophe():
    # OWASP, CSV Injection: =, +, -, @, tab and carriage return start a formula.
    for text in ("=1+2", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")'):
        assert safe_cell(text) == "'" + text


def test_ordinary_text_and_numbers_stay_as_they_are():
    assert [safe_cell(v) for v in ("Grace", "a=b", "", None, -3, 2.5, 0)] == [
        "Grace", "a=b", "", "", "-3", "2.5", "0"
    ]  # fmt: skip


def test_the_file_is_utf8_with_a_byte_order_mark_and_quoted():
    content = csv_bytes(["name", "note"], [["Zoë, José", 'says "hi"\nthen -1'], ["=cmd", -1]])
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows == [["name", "note"], ["Zoë, José", 'says "hi"\nthen -1'], ["'=cmd", "-1"]]
