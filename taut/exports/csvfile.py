"""CSV files a spreadsheet opens safely (plain Python).

Cells that begin with a character a spreadsheet reads as the start of a formula get a leading
apostrophe (OWASP, "CSV Injection"); quoting is left to the csv module. Files start with a
UTF-8 byte order mark so that Excel reads accents correctly (docs/exports.md).
"""

import csv
import io
from collections.abc import Iterable
from typing import TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_cell(value: object) -> str:
    """The value as text a spreadsheet will not run as a formula; None is an empty cell.
    Numbers stay numbers: a negative change is not a formula."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def write(out: TextIO, header: list[str], rows: Iterable[list]) -> None:
    """The file's text into `out` (opened as UTF-8), row by row: byte order mark, header,
    every cell made safe."""
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([safe_cell(value) for value in row] for row in rows)


def csv_bytes(header: list[str], rows: Iterable[list]) -> bytes:
    """The whole file, UTF-8 with a byte order mark, every cell made safe."""
    buffer = io.StringIO()
    write(buffer, header, rows)
    return buffer.getvalue().encode("utf-8")
