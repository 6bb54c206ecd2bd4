"""Reading a PDF back in tests with poppler: its text and word boxes (pdftotext), its pages and
size (pdfinfo) and its fonts (pdffonts)."""

import re
import subprocess
import tempfile

WORD = r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)</word>'


def poppler(tool: str, pdf: bytes, *options: str) -> str:
    """What a poppler tool prints for this PDF (pdftotext writes to standard output)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        out = ["-"] if tool == "pdftotext" else []
        return subprocess.run(
            [tool, *options, file.name, *out], capture_output=True, text=True, check=True
        ).stdout


def only_page(page: int | None) -> tuple[str, ...]:
    return () if page is None else ("-f", str(page), "-l", str(page))


def shipped_only(fonts: set[str]) -> bool:
    """Whether every embedded font is a face of the family Taut ships (taut/pdf/fonts.py)."""
    return bool(fonts) and all(name.startswith("Taut-Sans") for name in fonts)


def pdf_text(pdf: bytes, page: int | None = None) -> str:
    """The text of the whole PDF, or of one page."""
    return poppler("pdftotext", pdf, "-raw", *only_page(page))


def word_boxes(pdf: bytes, page: int | None = None) -> list[tuple[str, float, float, float, float]]:
    """(word, xMin, yMin, xMax, yMax) of every word, in points, on one page or all."""
    found = re.findall(WORD, poppler("pdftotext", pdf, "-bbox", *only_page(page)))
    return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in found]


def pdf_info(pdf: bytes) -> dict[str, str]:
    return dict(re.findall(r"^([^:]+):\s+(.*)$", poppler("pdfinfo", pdf), re.MULTILINE))


def pages(pdf: bytes) -> int:
    return int(pdf_info(pdf)["Pages"])


def pdf_fonts(pdf: bytes) -> set[str]:
    """The names of the fonts embedded in a PDF, less their subset prefix."""
    rows = poppler("pdffonts", pdf).splitlines()[2:]  # a header line and a rule
    return {row.split()[0].split("+")[-1] for row in rows if row.strip()}
